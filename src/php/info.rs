//! What `phpinfo()` shows: version, compatibility and this worker's pools.

use std::fmt::Write as _;

use crate::stats::{self, Counter};
use crate::store;

/// (name, value) rows of the phpinfo table, in display order.
#[must_use]
pub fn rows() -> Vec<(String, String)> {
    let mut rows = vec![
        ("rustredis support".to_owned(), "enabled".to_owned()),
        ("Version".to_owned(), env!("CARGO_PKG_VERSION").to_owned()),
        ("Save handler".to_owned(), "rustredis".to_owned()),
        (
            "Thread safety".to_owned(),
            if cfg!(php_zts) {
                "ZTS: requests run on many threads of one process; settings, session and held locks are per thread, pools per process".to_owned()
            } else {
                "NTS: one request at a time per process".to_owned()
            },
        ),
        (
            "Session key layout".to_owned(),
            format!(
                "{}<id>, lock <key>_LOCK (phpredis compatible); cluster: {}<id>, lock {{<key>}}_LOCK",
                crate::save_path::DEFAULT_PREFIX,
                crate::save_path::CLUSTER_DEFAULT_PREFIX
            ),
        ),
        (
            "Default timeouts".to_owned(),
            format!(
                "connect {} s, read {} s",
                store::DEFAULT_CONNECT_TIMEOUT.as_secs_f64(),
                store::DEFAULT_READ_TIMEOUT.as_secs_f64()
            ),
        ),
    ];
    let config = super::ini::current();
    rows.push(("Lock bounds".to_owned(), config.lock.bounds()));
    rows.push((
        "User index".to_owned(),
        format!(
            "sessions bound with RustRedis\\bind_user(): <key>_USER, index <prefix>user:<user>; users stored {}",
            if config.user_index_hash {
                "as their SHA-256 (rustredis.user_index_hash=1)"
            } else {
                "as given (rustredis.user_index_hash=0)"
            }
        ),
    ));
    rows.push((
        "Compression".to_owned(),
        if config.unknown_codec {
            "rustredis.compression names no codec: sessions fail until it is set right".to_owned()
        } else {
            compression_row(&config.compression)
        },
    ));
    counter_rows(&mut rows);
    let mut n = 0;
    crate::store::registry::for_each_pool(|host| {
        n += 1;
        let (open, idle) = host.pool_state();
        let mut line = format!(
            "{}: {open} connections, {idle} idle, {} opened in all",
            host.server(),
            host.connects()
        );
        if let Some(sentinel) = host.sentinel() {
            let _ = write!(
                line,
                "; master {} ({} failovers seen)",
                sentinel
                    .current_master()
                    .unwrap_or_else(|| "not resolved yet".to_owned()),
                sentinel
                    .failovers
                    .load(std::sync::atomic::Ordering::Relaxed)
            );
        }
        rows.push((format!("Pool {n}"), line));
    });
    if n == 0 {
        rows.push((
            "Pools".to_owned(),
            "none yet in this process (made on first use)".to_owned(),
        ));
    }
    rows
}

/// The pool's counters ([`crate::stats`]), a row per group.
fn counter_rows(rows: &mut Vec<(String, String)>) {
    let s = stats::snapshot();
    let g = |c: Counter| s.get(c);
    rows.push((
        "Counted for".to_owned(),
        match stats::scope() {
            stats::Scope::Pool => "the pool: every worker started by this PHP master".to_owned(),
            stats::Scope::Process => {
                "this process only (the CLI, or the extension loaded after the fork, e.g. by php_admin_value[extension])"
                    .to_owned()
            }
        },
    ));
    rows.push((
        "Sessions".to_owned(),
        format!(
            "opened {}, reads {} hit / {} miss, writes {}, TTL refreshes {}, destroyed {}, ids created {}; bytes read {}, written {}",
            g(Counter::SessionsOpened),
            g(Counter::ReadHits),
            g(Counter::ReadMisses),
            g(Counter::Writes),
            g(Counter::TtlRefreshes),
            g(Counter::Destroys),
            g(Counter::IdsCreated),
            g(Counter::BytesRead),
            g(Counter::BytesWritten)
        ),
    ));
    rows.push((
        "Locks".to_owned(),
        format!(
            "taken {}, waited {} ({}.{:03} ms in all), timed out {}, lost {}, read-only starts {}, refused (too many waiters) {}, renewed {}",
            g(Counter::LocksTaken),
            g(Counter::LockWaits),
            s.total.wait_sum_us / 1000,
            s.total.wait_sum_us % 1000,
            g(Counter::LockTimeouts),
            g(Counter::LocksLost),
            g(Counter::ReadonlyStarts),
            g(Counter::LockWaitersRefused),
            g(Counter::LockRenewals)
        ),
    ));
    rows.push((
        "Replica waits".to_owned(),
        format!(
            "confirmed {}, too few replicas: refused {}, accepted {} (wait_replicas, wait_degraded)",
            g(Counter::ReplicaConfirmed),
            g(Counter::ReplicaRefused),
            g(Counter::ReplicaAccepted)
        ),
    ));
    rows.push((
        "Errors".to_owned(),
        format!(
            "refused {}, timeout {}, auth {}, OOM {}, READONLY {}, NOPERM {}, corrupt {}, other {}",
            g(Counter::ErrorsRefused),
            g(Counter::ErrorsTimeout),
            g(Counter::ErrorsAuth),
            g(Counter::ErrorsOom),
            g(Counter::ErrorsReadonly),
            g(Counter::ErrorsNoperm),
            g(Counter::ErrorsCorrupt),
            g(Counter::ErrorsOther)
        ),
    ));
    rows.push((
        "Connections".to_owned(),
        format!(
            "opened {}, Sentinel failovers seen {}",
            g(Counter::ConnectionsOpened),
            g(Counter::Failovers)
        ),
    ));
    let (raw, stored) = (g(Counter::BytesUncompressed), g(Counter::BytesCompressed));
    rows.push((
        "Compression counters".to_owned(),
        format!(
            "writes compressed {}: {raw} bytes stored as {stored}{}; reads decompressed {}",
            g(Counter::CompressedWrites),
            if raw > 0 {
                #[allow(clippy::cast_precision_loss)] // a ratio to show
                let pct = stored as f64 * 100.0 / raw as f64;
                format!(" ({pct:.1} %)")
            } else {
                String::new()
            },
            g(Counter::DecompressedReads)
        ),
    ));
    rows.push((
        "User index counters".to_owned(),
        format!(
            "bound {}, revoked {}, revoked writes refused {}",
            g(Counter::UsersBound),
            g(Counter::SessionsRevoked),
            g(Counter::RevokedWritesRefused)
        ),
    ));
    server_rows(rows, &s);
}

/// What the request's compression setting does, in words.
fn compression_row(c: &crate::compression::Compression) -> String {
    use crate::compression::{AVAILABLE, Codec};
    let what = match c.codec {
        Codec::None => {
            "none: stored as PHP serialized it (compressed values are still read)".to_owned()
        }
        Codec::Lzf => "lzf".to_owned(),
        Codec::Lz4 if (1..=12).contains(&c.level) => format!("lz4, HC level {}", c.level),
        Codec::Lz4 => "lz4, fast mode".to_owned(),
        Codec::Zstd => format!("zstd, level {}", crate::compression::zstd_level(c.level)),
    };
    let min = if c.codec != Codec::None && c.min_size > 0 {
        format!("; sessions under {} bytes stored as they are", c.min_size)
    } else {
        String::new()
    };
    format!("{what}{min}; available: {AVAILABLE}")
}

/// A row per server of the pool's counters.
fn server_rows(rows: &mut Vec<(String, String)>, s: &stats::Snapshot) {
    for server in &s.servers {
        let n = &server.numbers;
        let errors: u64 = stats::COUNTERS
            .iter()
            .filter(|(_, key, _)| key.starts_with("errors_"))
            .map(|(c, _, _)| n.get(*c))
            .sum();
        let policy = if server.policy.evicts_sessions() {
            format!(
                "maxmemory-policy {}: MAY EVICT SESSIONS under memory pressure",
                server.policy.name()
            )
        } else {
            format!("maxmemory-policy {}", server.policy.name())
        };
        rows.push((
            format!("Server {}", server.label),
            format!(
                "{policy}; sessions opened {}, writes {}, locks taken {} (waited {}, timed out {}), errors {errors}, connections opened {}",
                n.get(Counter::SessionsOpened),
                n.get(Counter::Writes),
                n.get(Counter::LocksTaken),
                n.get(Counter::LockWaits),
                n.get(Counter::LockTimeouts),
                n.get(Counter::ConnectionsOpened)
            ),
        ));
    }
}
