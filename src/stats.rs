//! Counters of the session traffic, shared by every worker of one PHP
//! master.
//!
//! The PHP layer maps one small anonymous shared table in MINIT, which runs
//! in the php-fpm master before it forks, and [`install`]s it: every worker
//! then counts into the same memory with atomics, and reading the numbers
//! costs no Redis round trip. A php-fpm reload starts a fresh table. Without
//! it (unit tests, or before MINIT) this process counts on its own.

use std::cell::Cell;
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
    /// Lock acquisitions refused at once: too many waiters
    /// (`rustredis.lock_max_waiters`).
    LockWaitersRefused,
    /// Held locks renewed by the background thread.
    LockRenewals,
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
    /// Errors: a stored value that claims a codec's format and does not
    /// decompress.
    ErrorsCorrupt,
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
    /// Writes stored compressed (`rustredis.compression`).
    CompressedWrites,
    /// Bytes of session data those writes compressed.
    BytesUncompressed,
    /// Bytes they stored.
    BytesCompressed,
    /// Reads of a compressed value (any codec), decompressed.
    DecompressedReads,
    /// Sessions bound to a user (`RustRedis\\bind_user`), written.
    UsersBound,
    /// Sessions revoked (`RustRedis\\destroy_user_sessions`).
    SessionsRevoked,
    /// Writes refused because their session was revoked meanwhile.
    RevokedWritesRefused,
}

/// Every counter with its key in `RustRedis\stats()` (and, with
/// `rustredis_` before and `_total` after, its Prometheus name) and what it
/// means.
pub const COUNTERS: [(Counter, &str, &str); 36] = [
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
        Counter::LockWaitersRefused,
        "lock_waiters_refused",
        "Lock acquisitions refused at once: too many requests waited for the session",
    ),
    (
        Counter::LockRenewals,
        "lock_renewals",
        "Held locks renewed while their request ran",
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
        Counter::ErrorsCorrupt,
        "errors_corrupt",
        "Errors: a compressed value that does not decompress",
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
    (
        Counter::CompressedWrites,
        "compressed_writes",
        "Writes stored compressed",
    ),
    (
        Counter::BytesUncompressed,
        "bytes_uncompressed",
        "Bytes of session data that compressed writes compressed",
    ),
    (
        Counter::BytesCompressed,
        "bytes_compressed",
        "Bytes that compressed writes stored",
    ),
    (
        Counter::DecompressedReads,
        "decompressed_reads",
        "Reads of a compressed value",
    ),
    (
        Counter::UsersBound,
        "users_bound",
        "Sessions bound to a user",
    ),
    (
        Counter::SessionsRevoked,
        "sessions_revoked",
        "Sessions revoked (destroy_user_sessions)",
    ),
    (
        Counter::RevokedWritesRefused,
        "revoked_writes_refused",
        "Writes refused: their session was revoked meanwhile",
    ),
];

/// How many counters there are.
pub const COUNT: usize = COUNTERS.len();

/// Upper bounds (ms) of the lock wait histogram's buckets; a last bucket
/// counts the longer waits.
pub const WAIT_BUCKETS_MS: [u64; 14] = [
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000,
];
/// False only in the benchmark's build without counters (feature
/// `bench-no-stats`), which measures what counting costs.
const COUNTING: bool = !cfg!(feature = "bench-no-stats");

/// Buckets of the histogram, the longer waits' included.
const BUCKETS: usize = WAIT_BUCKETS_MS.len() + 1;

/// Rows of the table: row 0 counts what no server can be named for (a
/// malformed save path, an invalid id) and the servers beyond the others.
pub const ROWS: usize = 33;
/// Longest server label kept (bytes); longer ones are cut.
pub const LABEL_MAX: usize = LABEL_WORDS * 8;
const LABEL_WORDS: usize = 16;

/// A row's states: free, being claimed by some process, ready.
const FREE: u64 = 0;
const CLAIMING: u64 = 1;
const READY: u64 = 2;

/// maxmemory-policy values Redis and Valkey know; `noeviction` first.
pub const POLICIES: [&str; 8] = [
    "noeviction",
    "allkeys-lru",
    "allkeys-lfu",
    "allkeys-random",
    "volatile-lru",
    "volatile-lfu",
    "volatile-random",
    "volatile-ttl",
];

/// A server's `maxmemory-policy`, as its pool's first connection read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// No connection has read it yet.
    NotRead,
    /// `INFO memory` was refused or had no such field.
    Unreadable,
    /// One of [`POLICIES`].
    Known(usize),
    /// A policy this version does not know.
    Unrecognised,
}

impl Policy {
    /// The policy named by `INFO memory`'s `maxmemory_policy` field.
    #[must_use]
    pub fn named(name: &str) -> Self {
        POLICIES
            .iter()
            .position(|p| *p == name)
            .map_or(Self::Unrecognised, Self::Known)
    }

    /// What phpinfo, stats and metrics show.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::NotRead => "not read yet",
            Self::Unreadable => "unknown",
            Self::Known(i) => POLICIES.get(i).copied().unwrap_or("unknown"),
            Self::Unrecognised => "unrecognised",
        }
    }

    /// Whether the server may evict sessions under memory pressure: any
    /// policy but `noeviction`. (volatile-* too: every session has a TTL,
    /// so sessions are exactly what those policies evict.)
    #[must_use]
    pub fn evicts_sessions(self) -> bool {
        matches!(self, Self::Known(i) if i > 0) || self == Self::Unrecognised
    }

    fn code(self) -> u64 {
        match self {
            Self::NotRead => 0,
            Self::Unreadable => 1,
            Self::Unrecognised => 2,
            Self::Known(i) => 3 + i as u64,
        }
    }

    fn from_code(code: u64) -> Self {
        match code {
            0 => Self::NotRead,
            1 => Self::Unreadable,
            2 => Self::Unrecognised,
            n => usize::try_from(n - 3)
                .ok()
                .filter(|i| *i < POLICIES.len())
                .map_or(Self::Unrecognised, Self::Known),
        }
    }
}

/// One row's counters.
#[repr(C)]
struct Cells {
    counts: [AtomicU64; COUNT],
    /// Lock waits per bucket of [`WAIT_BUCKETS_MS`], plus one for longer.
    wait_buckets: [AtomicU64; BUCKETS],
    /// Sum of the lock waits, in microseconds.
    wait_sum_us: AtomicU64,
}

/// One server's row: its label (claimed once, by whichever worker first
/// connects to it), its eviction policy and its counters.
#[repr(C)]
struct Row {
    state: AtomicU64,
    label_len: AtomicU64,
    label: [AtomicU64; LABEL_WORDS],
    policy: AtomicU64,
    counts: Cells,
}

impl Row {
    const fn new() -> Self {
        Self {
            state: AtomicU64::new(FREE),
            label_len: AtomicU64::new(0),
            label: [const { AtomicU64::new(0) }; LABEL_WORDS],
            policy: AtomicU64::new(0),
            counts: Cells {
                counts: [const { AtomicU64::new(0) }; COUNT],
                wait_buckets: [const { AtomicU64::new(0) }; BUCKETS],
                wait_sum_us: AtomicU64::new(0),
            },
        }
    }

    fn label(&self) -> Vec<u8> {
        let len = usize::try_from(self.label_len.load(Ordering::Relaxed))
            .unwrap_or(0)
            .min(LABEL_MAX);
        let mut out: Vec<u8> = self
            .label
            .iter()
            .flat_map(|w| w.load(Ordering::Relaxed).to_le_bytes())
            .collect();
        out.truncate(len);
        out
    }

    fn set_label(&self, label: &[u8]) {
        for (word, chunk) in self.label.iter().zip(label.chunks(8)) {
            let mut bytes = [0u8; 8];
            bytes[..chunk.len()].copy_from_slice(chunk);
            word.store(u64::from_le_bytes(bytes), Ordering::Relaxed);
        }
        self.label_len.store(label.len() as u64, Ordering::Relaxed);
    }
}

/// The counters' memory: only atomics, so all zero bytes is a valid, empty
/// table (an anonymous mapping is zero-filled).
#[repr(C)]
pub struct Table {
    rows: [Row; ROWS],
}

impl Table {
    /// An empty table.
    #[must_use]
    // Evaluated at compile time for the static, never on a stack.
    #[allow(clippy::large_stack_arrays)]
    pub const fn new() -> Self {
        Self {
            rows: [const { Row::new() }; ROWS],
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

thread_local! {
    /// The row this thread's request counts into: its session's server.
    static CURRENT: Cell<usize> = const { Cell::new(0) };
}

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

/// A server's row in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server(usize);

impl Server {
    /// The row of events no server can be named for.
    pub const NONE: Self = Self(0);
}

/// The row of the server called `label` (credential-free: it is shown in
/// stats and metrics), claimed if no worker has yet; [`Server::NONE`] when
/// the table is full. A scan of at most [`ROWS`] rows, done once per pool.
#[must_use]
pub fn server(label: &str) -> Server {
    let mut end = label.len().min(LABEL_MAX);
    while !label.is_char_boundary(end) {
        end -= 1;
    }
    let label = &label.as_bytes()[..end];
    let rows = &table().rows;
    let found = |row: &Row| row.state.load(Ordering::Acquire) == READY && row.label() == label;
    if let Some(i) = (1..ROWS).find(|i| found(&rows[*i])) {
        return Server(i);
    }
    for (i, row) in rows.iter().enumerate().skip(1) {
        if row
            .state
            .compare_exchange(FREE, CLAIMING, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            row.set_label(label);
            row.state.store(READY, Ordering::Release);
            return Server(i);
        }
        // Another worker claims this row right now: perhaps for the same
        // server. (Two rows of one label are summed when read.)
        for _ in 0..10_000 {
            if row.state.load(Ordering::Acquire) != CLAIMING {
                break;
            }
            std::hint::spin_loop();
        }
        if found(row) {
            return Server(i);
        }
    }
    Server::NONE
}

/// Counts this thread's next events for `server` (its session's server),
/// until the next call or [`attribute_to_none`].
pub fn attribute_to(server: Server) {
    CURRENT.with(|c| c.set(server.0));
}

/// Counts this thread's next events for no server (request end).
pub fn attribute_to_none() {
    attribute_to(Server::NONE);
}

fn current() -> &'static Cells {
    let i = CURRENT.with(Cell::get);
    &table().rows[i.min(ROWS - 1)].counts
}

/// Adds `n` to `counter`, for this thread's current server.
pub fn add(counter: Counter, n: u64) {
    if !COUNTING {
        return;
    }
    current().counts[counter as usize].fetch_add(n, Ordering::Relaxed);
}

/// Counts one event, for this thread's current server.
pub fn one(counter: Counter) {
    add(counter, 1);
}

/// Counts one event for `server` (from a pool's background connect).
pub fn one_for(server: Server, counter: Counter) {
    if !COUNTING {
        return;
    }
    table().rows[server.0.min(ROWS - 1)].counts.counts[counter as usize]
        .fetch_add(1, Ordering::Relaxed);
}

/// Records how long a lock acquisition waited.
pub fn observe_wait(waited: Duration) {
    if !COUNTING {
        return;
    }
    let t = current();
    let us = waited.as_micros();
    let bucket = WAIT_BUCKETS_MS
        .iter()
        .position(|le| us <= u128::from(*le) * 1000)
        .unwrap_or(WAIT_BUCKETS_MS.len());
    t.wait_buckets[bucket].fetch_add(1, Ordering::Relaxed);
    let us = u64::try_from(us).unwrap_or(u64::MAX);
    t.wait_sum_us.fetch_add(us, Ordering::Relaxed);
}

/// Records `server`'s eviction policy.
pub fn set_policy(server: Server, policy: Policy) {
    table().rows[server.0.min(ROWS - 1)]
        .policy
        .store(policy.code(), Ordering::Relaxed);
}

/// One row's numbers at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbers {
    /// Per counter, in [`COUNTERS`] order.
    pub counts: [u64; COUNT],
    /// Lock waits per bucket of [`WAIT_BUCKETS_MS`] (not cumulative), plus
    /// the longer ones last.
    pub wait_buckets: [u64; BUCKETS],
    /// Sum of the lock waits, in microseconds.
    pub wait_sum_us: u64,
}

impl Numbers {
    fn read(c: &Cells) -> Self {
        Self {
            counts: std::array::from_fn(|i| c.counts[i].load(Ordering::Relaxed)),
            wait_buckets: std::array::from_fn(|i| c.wait_buckets[i].load(Ordering::Relaxed)),
            wait_sum_us: c.wait_sum_us.load(Ordering::Relaxed),
        }
    }

    fn add(&mut self, other: &Self) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a = a.saturating_add(b);
        }
        for (a, b) in self.wait_buckets.iter_mut().zip(other.wait_buckets) {
            *a = a.saturating_add(b);
        }
        self.wait_sum_us = self.wait_sum_us.saturating_add(other.wait_sum_us);
    }

    /// The value of one counter.
    #[must_use]
    pub fn get(&self, counter: Counter) -> u64 {
        self.counts[counter as usize]
    }

    /// Lock waits counted by the histogram.
    #[must_use]
    pub fn waits(&self) -> u64 {
        self.wait_buckets.iter().sum()
    }
}

/// One server's numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerNumbers {
    /// Its label: `tcp://host:port`, `sentinel/<master>`, `cluster/<seed>`.
    pub label: String,
    /// Its eviction policy.
    pub policy: Policy,
    /// Its counters.
    pub numbers: Numbers,
}

/// The numbers at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Every row summed.
    pub total: Numbers,
    /// Per server, in the order workers first used them.
    pub servers: Vec<ServerNumbers>,
    /// What no server was named for (and servers beyond [`ROWS`]).
    pub other: Numbers,
}

impl Snapshot {
    /// The pool-wide value of one counter.
    #[must_use]
    pub fn get(&self, counter: Counter) -> u64 {
        self.total.get(counter)
    }
}

/// Reads every counter.
#[must_use]
pub fn snapshot() -> Snapshot {
    let rows = &table().rows;
    let other = Numbers::read(&rows[0].counts);
    let mut total = other.clone();
    let mut servers: Vec<ServerNumbers> = Vec::new();
    for row in rows.iter().skip(1) {
        if row.state.load(Ordering::Acquire) != READY {
            continue;
        }
        let numbers = Numbers::read(&row.counts);
        total.add(&numbers);
        let label = String::from_utf8_lossy(&row.label()).into_owned();
        let policy = Policy::from_code(row.policy.load(Ordering::Relaxed));
        match servers.iter_mut().find(|s| s.label == label) {
            Some(same) => {
                same.numbers.add(&numbers);
                if same.policy == Policy::NotRead {
                    same.policy = policy;
                }
            }
            None => servers.push(ServerNumbers {
                label,
                policy,
                numbers,
            }),
        }
    }
    Snapshot {
        total,
        servers,
        other,
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
        assert_eq!(
            after.total.wait_buckets[1] - before.total.wait_buckets[1],
            1
        );
        let last = WAIT_BUCKETS_MS.len();
        assert_eq!(
            after.total.wait_buckets[last] - before.total.wait_buckets[last],
            1
        );
        assert!(after.total.wait_sum_us - before.total.wait_sum_us >= 60_001_500);
    }

    #[test]
    fn servers_get_their_own_rows() {
        let a = server("tcp://127.0.0.1:1");
        let b = server("tcp://127.0.0.1:2");
        assert_ne!(a, b);
        assert_eq!(server("tcp://127.0.0.1:1"), a);
        attribute_to(a);
        one(Counter::Writes);
        one(Counter::Writes);
        attribute_to(b);
        one(Counter::Writes);
        one_for(a, Counter::ConnectionsOpened);
        set_policy(b, Policy::named("allkeys-lru"));
        attribute_to_none();
        let s = snapshot();
        let row = |label: &str| s.servers.iter().find(|r| r.label == label).cloned();
        let (Some(ra), Some(rb)) = (row("tcp://127.0.0.1:1"), row("tcp://127.0.0.1:2")) else {
            panic!("rows missing: {:?}", s.servers);
        };
        assert_eq!(ra.numbers.get(Counter::Writes), 2);
        assert_eq!(ra.numbers.get(Counter::ConnectionsOpened), 1);
        assert_eq!(rb.numbers.get(Counter::Writes), 1);
        assert_eq!(ra.policy, Policy::NotRead);
        assert!(rb.policy.evicts_sessions());
        assert_eq!(rb.policy.name(), "allkeys-lru");
        assert!(s.get(Counter::Writes) >= 3);
    }

    #[test]
    fn policies() {
        assert!(!Policy::named("noeviction").evicts_sessions());
        assert!(Policy::named("volatile-lru").evicts_sessions());
        assert!(Policy::named("allkeys-something-new").evicts_sessions());
        assert!(!Policy::Unreadable.evicts_sessions());
        for p in [
            Policy::NotRead,
            Policy::Unreadable,
            Policy::Unrecognised,
            Policy::Known(7),
        ] {
            assert_eq!(Policy::from_code(p.code()), p);
        }
    }

    #[test]
    fn long_labels_are_cut_at_a_char_boundary() {
        let long = format!("unix:/{}", "é".repeat(200));
        let s = server(&long);
        assert_eq!(server(&long), s);
        let snap = snapshot();
        assert!(
            snap.servers
                .iter()
                .any(|r| r.label.len() <= LABEL_MAX && long.starts_with(&r.label))
        );
    }
}
