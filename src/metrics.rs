//! The counters of [`crate::stats`] in Prometheus's text exposition format
//! (version 0.0.4), for `RustRedis\metrics()`: an application serves them
//! at `/metrics` with one line.
//!
//! Every series carries a `server` label (`tcp://host:port`,
//! `sentinel/<master>`, `cluster/<first seed>`, never a password); events
//! no server can be named for count under `server="(other)"`. Errors are
//! one family with a `cause` label, so one alert covers them all.

use std::fmt::Write;

use crate::stats::{COUNTERS, Counter, Numbers, Scope, Snapshot, WAIT_BUCKETS_MS};

/// The label of the row no server is named for.
pub const OTHER: &str = "(other)";
/// Every metric's name starts with this.
const PREFIX: &str = "rustredis_";

/// `snapshot` as Prometheus text.
#[must_use]
pub fn render(snapshot: &Snapshot, scope: Scope, version: &str) -> String {
    let mut out = String::with_capacity(8192);
    let rows: Vec<(&str, &Numbers)> = snapshot
        .servers
        .iter()
        .map(|s| (s.label.as_str(), &s.numbers))
        .chain(std::iter::once((OTHER, &snapshot.other)))
        .collect();
    let scope = match scope {
        Scope::Pool => "pool",
        Scope::Process => "process",
    };
    family(
        &mut out,
        "info",
        "gauge",
        "rustredis's version, and whose traffic these numbers are (pool: every worker of this PHP master; process: this process only)",
    );
    let _ = writeln!(
        out,
        "{PREFIX}info{{version=\"{}\",scope=\"{scope}\"}} 1",
        escape(version)
    );

    let errors: Vec<(Counter, &str)> = COUNTERS
        .iter()
        .filter_map(|(c, key, _)| key.strip_prefix("errors_").map(|cause| (*c, cause)))
        .collect();
    for (counter, key, help) in COUNTERS {
        if key.starts_with("errors_") {
            continue;
        }
        let name = format!("{key}_total");
        family(&mut out, &name, "counter", help);
        for (server, numbers) in &rows {
            let _ = writeln!(
                out,
                "{PREFIX}{name}{{server=\"{}\"}} {}",
                escape(server),
                numbers.get(counter)
            );
        }
    }
    family(
        &mut out,
        "errors_total",
        "counter",
        "Errors reported as warnings, by cause: refused (connection refused or server full), timeout, auth, oom, readonly, noperm, other",
    );
    for (server, numbers) in &rows {
        for (counter, cause) in &errors {
            let _ = writeln!(
                out,
                "{PREFIX}errors_total{{server=\"{}\",cause=\"{cause}\"}} {}",
                escape(server),
                numbers.get(*counter)
            );
        }
    }

    histogram(&mut out, &rows);
    gauges(&mut out, snapshot);
    out
}

/// The lock wait histogram, per server.
fn histogram(out: &mut String, rows: &[(&str, &Numbers)]) {
    family(
        out,
        "lock_wait_seconds",
        "histogram",
        "How long the lock acquisitions that had to wait waited (taken or timed out)",
    );
    for (server, numbers) in rows {
        let server = escape(server);
        let mut cumulative = 0u64;
        for (i, n) in numbers.wait_buckets.iter().enumerate() {
            cumulative = cumulative.saturating_add(*n);
            let le = WAIT_BUCKETS_MS
                .get(i)
                .map_or_else(|| "+Inf".to_owned(), |ms| seconds(*ms));
            let _ = writeln!(
                out,
                "{PREFIX}lock_wait_seconds_bucket{{server=\"{server}\",le=\"{le}\"}} {cumulative}"
            );
        }
        let us = numbers.wait_sum_us;
        let _ = writeln!(
            out,
            "{PREFIX}lock_wait_seconds_sum{{server=\"{server}\"}} {}.{:06}",
            us / 1_000_000,
            us % 1_000_000
        );
        let _ = writeln!(
            out,
            "{PREFIX}lock_wait_seconds_count{{server=\"{server}\"}} {cumulative}"
        );
    }
}

/// Per server: whether it may evict sessions.
fn gauges(out: &mut String, snapshot: &Snapshot) {
    family(
        out,
        "server_evicts_sessions",
        "gauge",
        "1 when the server's maxmemory-policy may evict sessions under memory pressure (any policy but noeviction), read by the first connection",
    );
    for s in &snapshot.servers {
        let _ = writeln!(
            out,
            "{PREFIX}server_evicts_sessions{{server=\"{}\",policy=\"{}\"}} {}",
            escape(&s.label),
            s.policy.name(),
            u8::from(s.policy.evicts_sessions())
        );
    }
}

/// `ms` as seconds, written exactly: 1 -> 0.001, 500 -> 0.5, 2000 -> 2.
fn seconds(ms: u64) -> String {
    if ms % 1000 == 0 {
        return (ms / 1000).to_string();
    }
    let fraction = format!("{:03}", ms % 1000);
    format!("{}.{}", ms / 1000, fraction.trim_end_matches('0'))
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let help = help.replace('\\', "\\\\").replace('\n', "\\n");
    let _ = writeln!(out, "# HELP {PREFIX}{name} {help}");
    let _ = writeln!(out, "# TYPE {PREFIX}{name} {kind}");
}

/// A label value as the format wants it.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{Policy, ServerNumbers};

    fn numbers() -> Numbers {
        let mut counts = [0; crate::stats::COUNT];
        counts[Counter::Writes as usize] = 7;
        counts[Counter::ErrorsOom as usize] = 2;
        let mut wait_buckets = [0; WAIT_BUCKETS_MS.len() + 1];
        wait_buckets[0] = 1;
        wait_buckets[WAIT_BUCKETS_MS.len()] = 2;
        Numbers {
            counts,
            wait_buckets,
            wait_sum_us: 61_000_500,
        }
    }

    #[test]
    fn renders_counters_histogram_and_gauges() {
        let snap = Snapshot {
            total: numbers(),
            servers: vec![ServerNumbers {
                label: "unix:/tmp/a \"b\"".to_owned(),
                policy: Policy::named("allkeys-lru"),
                numbers: numbers(),
            }],
            other: numbers(),
        };
        let text = render(&snap, Scope::Pool, "1.2.3");
        for line in [
            "rustredis_info{version=\"1.2.3\",scope=\"pool\"} 1",
            "# TYPE rustredis_writes_total counter",
            "rustredis_writes_total{server=\"unix:/tmp/a \\\"b\\\"\"} 7",
            "rustredis_writes_total{server=\"(other)\"} 7",
            "rustredis_errors_total{server=\"(other)\",cause=\"oom\"} 2",
            "rustredis_lock_wait_seconds_bucket{server=\"(other)\",le=\"0.001\"} 1",
            "rustredis_lock_wait_seconds_bucket{server=\"(other)\",le=\"30\"} 1",
            "rustredis_lock_wait_seconds_bucket{server=\"(other)\",le=\"+Inf\"} 3",
            "rustredis_lock_wait_seconds_sum{server=\"(other)\"} 61.000500",
            "rustredis_lock_wait_seconds_count{server=\"(other)\"} 3",
            "rustredis_server_evicts_sessions{server=\"unix:/tmp/a \\\"b\\\"\",policy=\"allkeys-lru\"} 1",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line}\n{text}");
        }
        assert!(!text.contains("errors_oom"));
    }
}
