//! What `phpinfo()` shows: version, compatibility and this worker's pools.

use std::fmt::Write as _;

use crate::store;

/// (name, value) rows of the phpinfo table, in display order.
#[must_use]
pub fn rows() -> Vec<(String, String)> {
    let mut rows = vec![
        ("rustredis support".to_owned(), "enabled".to_owned()),
        ("Version".to_owned(), env!("CARGO_PKG_VERSION").to_owned()),
        ("Save handler".to_owned(), "rustredis".to_owned()),
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
    let stats = &crate::lock::STATS;
    let load = |c: &std::sync::atomic::AtomicU64| c.load(std::sync::atomic::Ordering::Relaxed);
    rows.push((
        "Locks (this worker)".to_owned(),
        format!(
            "taken {}, waited {} ({}.{:03} ms in all), timed out {}, lost {}",
            load(&stats.locks_taken),
            load(&stats.waits),
            load(&stats.wait_us) / 1000,
            load(&stats.wait_us) % 1000,
            load(&stats.timeouts),
            load(&stats.lost)
        ),
    ));
    let replicas = &crate::replicas::STATS;
    rows.push((
        "Replica waits (this worker)".to_owned(),
        format!(
            "confirmed {}, too few replicas: refused {}, accepted {} (wait_replicas, wait_degraded)",
            load(&replicas.confirmed),
            load(&replicas.refused),
            load(&replicas.accepted)
        ),
    ));
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
