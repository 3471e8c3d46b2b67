//! Counters of the session traffic, shared by every worker of one PHP
//! master.
//!
//! The PHP layer maps one small anonymous shared table in MINIT, which runs
//! in the php-fpm master before it forks, and [`install`]s it: every worker
//! then counts into the same memory with atomics, and reading the numbers
//! costs no Redis round trip. A php-fpm reload starts a fresh table. Without
//! it (unit tests, or before MINIT) this process counts on its own.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// What is counted, in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Counter {
    /// Sessions opened (`session_start()`, the class's `open()`).
    SessionsOpened,
    /// Reads that found stored data.
    ReadHits,
    /// Reads of an id with no stored data.
    ReadMisses,
    /// Session data written.
    Writes,
    /// Lazy writes: only the TTL refreshed.
    TtlRefreshes,
    /// Sessions destroyed.
    Destroys,
    /// Session ids created (checked against Redis).
    IdsCreated,
    /// Bytes of session data read.
    BytesRead,
    /// Bytes of session data written.
    BytesWritten,
    /// Session locks taken.
    LocksTaken,
    /// Lock acquisitions that had to wait.
    LockWaits,
    /// Lock waits that ran out (`session_start()` failed or went read-only).
    LockTimeouts,
    /// Writes refused because the lock had expired.
    LocksLost,
    /// Sessions started read-only (`rustredis.lock_failure_readonly`).
    ReadonlyStarts,
    /// Errors: connection refused, or the server full (maxclients).
    ErrorsRefused,
    /// Errors: a connect or reply timed out (or the server failed earlier
    /// in the request).
    ErrorsTimeout,
    /// Errors: authentication or database refused.
    ErrorsAuth,
    /// Errors: OOM replies (maxmemory reached).
    ErrorsOom,
    /// Errors: READONLY replies (a replica, or a failover under way).
    ErrorsReadonly,
    /// Errors: NOPERM replies (ACL).
    ErrorsNoperm,
    /// Errors: anything else.
    ErrorsOther,
    /// Connections opened to Redis (reconnects included).
    ConnectionsOpened,
    /// Sentinel failovers seen (a worker that notices one counts it).
    Failovers,
    /// Writes enough replicas confirmed (`wait_replicas`).
    ReplicaConfirmed,
    /// Writes reported failed for too few replicas.
    ReplicaRefused,
    /// Writes accepted with too few replicas (`wait_degraded=accept`).
    ReplicaAccepted,
}

/// Every counter with its key in `RustRedis\stats()` (and, with
/// `rustredis_` before and `_total` after, its Prometheus name) and what it
/// means.
pub const COUNTERS: [(Counter, &str, &str); 26] = [
    (
        Counter::SessionsOpened,
        "sessions_opened",
        "Sessions opened",
    ),
    (
        Counter::ReadHits,
        "reads_hit",
        "Reads that found stored session data",
    ),
    (
        Counter::ReadMisses,
        "reads_miss",
        "Reads of an id with no stored data",
    ),
    (Counter::Writes, "writes", "Session data written"),
    (
        Counter::TtlRefreshes,
        "ttl_refreshes",
        "Lazy writes that only refreshed the TTL",
    ),
    (Counter::Destroys, "destroys", "Sessions destroyed"),
    (Counter::IdsCreated, "ids_created", "Session ids created"),
    (
        Counter::BytesRead,
        "bytes_read",
        "Bytes of session data read",
    ),
    (
        Counter::BytesWritten,
        "bytes_written",
        "Bytes of session data written",
    ),
    (Counter::LocksTaken, "locks_taken", "Session locks taken"),
    (
        Counter::LockWaits,
        "lock_waits",
        "Lock acquisitions that had to wait",
    ),
    (
        Counter::LockTimeouts,
        "lock_timeouts",
        "Lock waits that ran out",
    ),
    (
        Counter::LocksLost,
        "locks_lost",
        "Writes refused because the lock had expired",
    ),
    (
        Counter::ReadonlyStarts,
        "readonly_starts",
        "Sessions started read-only",
    ),
    (
        Counter::ErrorsRefused,
        "errors_refused",
        "Errors: connection refused or server full",
    ),
    (
        Counter::ErrorsTimeout,
        "errors_timeout",
        "Errors: timed out",
    ),
    (
        Counter::ErrorsAuth,
        "errors_auth",
        "Errors: authentication or database refused",
    ),
    (
        Counter::ErrorsOom,
        "errors_oom",
        "Errors: OOM replies (maxmemory reached)",
    ),
    (
        Counter::ErrorsReadonly,
        "errors_readonly",
        "Errors: READONLY replies",
    ),
    (
        Counter::ErrorsNoperm,
        "errors_noperm",
        "Errors: NOPERM replies (ACL)",
    ),
    (
        Counter::ErrorsOther,
        "errors_other",
        "Errors: anything else",
    ),
    (
        Counter::ConnectionsOpened,
        "connections_opened",
        "Connections opened to Redis",
    ),
    (Counter::Failovers, "failovers", "Sentinel failovers seen"),
    (
        Counter::ReplicaConfirmed,
        "replica_confirmed",
        "Writes enough replicas confirmed",
    ),
    (
        Counter::ReplicaRefused,
        "replica_refused",
        "Writes failed for too few replicas",
    ),
    (
        Counter::ReplicaAccepted,
        "replica_accepted",
        "Writes accepted with too few replicas",
    ),
];

/// How many counters there are.
pub const COUNT: usize = COUNTERS.len();

/// Upper bounds (ms) of the lock wait histogram's buckets; a last bucket
/// counts the longer waits.
pub const WAIT_BUCKETS_MS: [u64; 14] = [
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000,
];

/// The counters' memory: only atomics, so all zero bytes is a valid, empty
/// table (an anonymous mapping is zero-filled).
#[repr(C)]
pub struct Table {
    counts: [AtomicU64; COUNT],
    /// Lock waits per bucket of [`WAIT_BUCKETS_MS`], plus one for longer.
    wait_buckets: [AtomicU64; WAIT_BUCKETS_MS.len() + 1],
    /// Sum of the lock waits, in microseconds.
    wait_sum_us: AtomicU64,
}

impl Table {
    /// An empty table.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            counts: [const { AtomicU64::new(0) }; COUNT],
            wait_buckets: [const { AtomicU64::new(0) }; WAIT_BUCKETS_MS.len() + 1],
            wait_sum_us: AtomicU64::new(0),
        }
    }
}

impl Default for Table {
    fn default() -> Self {
        Self::new()
    }
}

/// This process's own table, used until a shared one is installed.
static LOCAL: Table = Table::new();
/// The table shared with the other workers, from MINIT.
static SHARED: OnceLock<&'static Table> = OnceLock::new();
/// The pid of the process that installed the shared table (MINIT).
static OWNER_PID: OnceLock<u32> = OnceLock::new();

/// Counts into `table` from now on (the PHP layer's shared mapping), made
/// in this process. Later calls are ignored.
pub fn install(table: &'static Table) {
    if SHARED.set(table).is_ok() {
        let _ = OWNER_PID.set(std::process::id());
    }
}

fn table() -> &'static Table {
    SHARED.get().copied().unwrap_or(&LOCAL)
}

/// Whose traffic the numbers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every worker forked from the process that made the table (php-fpm's
    /// master, Apache's parent).
    Pool,
    /// This process only: the CLI, or the extension loaded after the fork
    /// (php-fpm's `php_admin_value[extension]`), which makes a table per
    /// worker.
    Process,
}

/// Whose traffic [`snapshot`] shows.
#[must_use]
pub fn scope() -> Scope {
    match OWNER_PID.get() {
        Some(pid) if *pid != std::process::id() => Scope::Pool,
        _ => Scope::Process,
    }
}

/// Adds `n` to `counter`.
pub fn add(counter: Counter, n: u64) {
    table().counts[counter as usize].fetch_add(n, Ordering::Relaxed);
}

/// Counts one event.
pub fn one(counter: Counter) {
    add(counter, 1);
}

/// Records how long a lock acquisition waited.
pub fn observe_wait(waited: Duration) {
    let t = table();
    let us = waited.as_micros();
    let bucket = WAIT_BUCKETS_MS
        .iter()
        .position(|le| us <= u128::from(*le) * 1000)
        .unwrap_or(WAIT_BUCKETS_MS.len());
    t.wait_buckets[bucket].fetch_add(1, Ordering::Relaxed);
    let us = u64::try_from(waited.as_micros()).unwrap_or(u64::MAX);
    t.wait_sum_us.fetch_add(us, Ordering::Relaxed);
}

/// The numbers at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Per counter, in [`COUNTERS`] order.
    pub counts: [u64; COUNT],
    /// Lock waits per bucket of [`WAIT_BUCKETS_MS`] (not cumulative), plus
    /// the longer ones last.
    pub wait_buckets: [u64; WAIT_BUCKETS_MS.len() + 1],
    /// Sum of the lock waits, in microseconds.
    pub wait_sum_us: u64,
}

impl Snapshot {
    /// The value of one counter.
    #[must_use]
    pub fn get(&self, counter: Counter) -> u64 {
        self.counts[counter as usize]
    }
}

/// Reads every counter.
#[must_use]
pub fn snapshot() -> Snapshot {
    let t = table();
    Snapshot {
        counts: std::array::from_fn(|i| t.counts[i].load(Ordering::Relaxed)),
        wait_buckets: std::array::from_fn(|i| t.wait_buckets[i].load(Ordering::Relaxed)),
        wait_sum_us: t.wait_sum_us.load(Ordering::Relaxed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_matches_the_enum() {
        for (i, (counter, key, _)) in COUNTERS.iter().enumerate() {
            assert_eq!(*counter as usize, i, "{key}");
        }
    }

    #[test]
    fn counts_and_waits_add_up() {
        let before = snapshot();
        one(Counter::Writes);
        add(Counter::BytesWritten, 10);
        observe_wait(Duration::from_micros(1500));
        observe_wait(Duration::from_secs(60));
        let after = snapshot();
        assert_eq!(after.get(Counter::Writes) - before.get(Counter::Writes), 1);
        assert_eq!(
            after.get(Counter::BytesWritten) - before.get(Counter::BytesWritten),
            10
        );
        // 1.5 ms falls in the 2 ms bucket, 60 s in the last one.
        assert_eq!(after.wait_buckets[1] - before.wait_buckets[1], 1);
        let last = WAIT_BUCKETS_MS.len();
        assert_eq!(after.wait_buckets[last] - before.wait_buckets[last], 1);
        assert!(after.wait_sum_us - before.wait_sum_us >= 60_001_500);
    }
}
