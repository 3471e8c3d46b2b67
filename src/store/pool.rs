//! One worker's connections to one server: an r2d2 pool, the connect
//! that fills it (waiting with our own deadline, failing at once on a
//! refused connection or a bad password), and the words an error is
//! reported in.
//!
//! A pool belongs to what it connects to, not to a save path: the registry
//! ([`super::registry`]) hands the same pool to every save path naming the
//! same server, database, credentials, TLS settings and timeouts.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use r2d2::{Pool, PooledConnection};
use redis::RedisError;
use scheduled_thread_pool::ScheduledThreadPool;

use crate::connect::{Conn, Kind, Manager, SentinelTarget};
use crate::error::{Error, Result};
use crate::replicas::Degraded;
use crate::save_path::HostSpec;
use crate::store::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, SessionKey};

/// Connections per server and worker process, opened only as needed. An
/// NTS worker uses one at a time (and its lock renewal one more); a ZTS
/// process (Apache's event MPM, FrankenPHP) serves a request on each of its
/// threads, and a thread waiting for a busy lock holds its connection, so
/// there it is one per thread that uses Redis at once.
const POOL_MAX_SIZE: u32 = if cfg!(php_zts) { 256 } else { 8 };
/// Longest pause between two reconnect attempts to a server that is down.
const RECONNECT_BACKOFF_CAP: Duration = Duration::from_millis(200);
/// How often a waiting checkout looks whether the pool's connect is done.
const CHECKOUT_POLL: Duration = Duration::from_millis(1);

/// Silences r2d2's default logging of connect errors; [`Manager`] keeps them.
#[derive(Debug)]
struct KeepLastError;

impl r2d2::HandleError<RedisError> for KeepLastError {
    fn handle_error(&self, _error: RedisError) {}
}

/// The connections of one worker to one server (or Sentinel group, or
/// cluster), shared by every save path that names it.
pub struct ServerPool {
    /// The save path entry that made it (for a Sentinel or Cluster: the
    /// first one), its connection settings only: key-level options
    /// (prefix, wait_replicas) belong to each save path, not here.
    spec: HostSpec,
    server: String,
    /// Cluster keys carry the id in braces so a session's keys share a slot.
    cluster: bool,
    sentinel: Option<Arc<SentinelTarget>>,
    pool: Pool<Manager>,
    last_error: Arc<Mutex<Option<(Instant, RedisError)>>>,
    connects: Arc<std::sync::atomic::AtomicU64>,
    /// Requests of this worker waiting for a connection (see connect's gate).
    waiting: Arc<AtomicUsize>,
    connect_timeout: Duration,
    /// Servers that fell short of `wait_replicas` (`wait_degraded=accept`).
    degraded: Degraded,
    /// When a request last checked a connection out.
    last_used: Mutex<Instant>,
    /// The server's row in the shared counters.
    row: crate::stats::Server,
    /// The server's eviction policy (read by the first connection).
    policy: Arc<Mutex<crate::stats::Policy>>,
    /// This worker has dealt with the server's eviction policy (warned if
    /// it may evict sessions), so reads no longer look at it.
    eviction_warned: std::sync::atomic::AtomicBool,
    /// The worker's background thread (r2d2's, shared by its pools).
    threads: Arc<ScheduledThreadPool>,
}

/// Counts a request as waiting for a connection while it lives.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Self(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl ServerPool {
    /// A pool for `spec`'s server; connects nothing.
    ///
    /// # Errors
    /// A server whose client cannot be configured (e.g. a TLS file missing).
    pub fn new(
        mut spec: HostSpec,
        server: String,
        label: &str,
        kind: impl FnOnce(Duration, Duration) -> redis::RedisResult<Kind>,
        threads: Arc<ScheduledThreadPool>,
        idle_timeout: Duration,
    ) -> Result<Self> {
        spec.prefix.clear();
        spec.wait_replicas = 0;
        let connect_timeout = spec.timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let read_timeout = spec.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT);
        let kind = kind(connect_timeout, read_timeout).map_err(|e| Error::Redis {
            server: server.clone(),
            detail: e.to_string(),
        })?;
        let cluster = matches!(kind, Kind::Cluster(_));
        let row = crate::stats::server(label);
        let manager = Manager::new(kind, connect_timeout, read_timeout, row);
        let policy = Arc::clone(&manager.policy);
        let last_error = Arc::clone(&manager.last_error);
        let connects = Arc::clone(&manager.connects);
        let waiting = Arc::clone(&manager.waiting);
        let sentinel = manager.sentinel().cloned();
        // A Sentinel connect asks a sentinel, then the master: allow both.
        let wait = if sentinel.is_some() {
            connect_timeout * 2 + read_timeout
        } else {
            connect_timeout
        };
        // build_unchecked: no connection is made here, the first request
        // makes one. min_idle 0: nothing is opened in the background either.
        let pool = Pool::builder()
            .max_size(POOL_MAX_SIZE)
            .min_idle(Some(0))
            .idle_timeout(Some(idle_timeout))
            .test_on_check_out(false)
            // We wait with our own deadline (`checkout_any`); r2d2 uses this
            // only to space its reconnect attempts (at most half of it), so
            // a server that comes back is found within 200 ms.
            .connection_timeout(RECONNECT_BACKOFF_CAP * 2)
            .error_handler(Box::new(KeepLastError))
            .thread_pool(Arc::clone(&threads))
            .build_unchecked(manager);
        Ok(Self {
            spec,
            server,
            cluster,
            sentinel,
            pool,
            last_error,
            connects,
            waiting,
            connect_timeout: wait,
            degraded: Degraded::default(),
            last_used: Mutex::new(Instant::now()),
            row,
            policy,
            eviction_warned: std::sync::atomic::AtomicBool::new(false),
            threads,
        })
    }

    /// The worker's background thread, for jobs such as lock renewal.
    pub fn threads(&self) -> Arc<ScheduledThreadPool> {
        Arc::clone(&self.threads)
    }

    /// The server's row in the shared counters.
    pub fn row(&self) -> crate::stats::Server {
        self.row
    }

    /// The server's eviction policy, as the first connection read it.
    pub fn policy(&self) -> crate::stats::Policy {
        *self.policy.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The warning that this server may evict sessions: once per worker
    /// (and pool), after the first connection read its policy.
    pub fn eviction_warning(&self) -> Option<String> {
        // Every read asks: once the policy is known and handled, one load.
        if self.eviction_warned.load(Ordering::Relaxed) {
            return None;
        }
        let policy = self.policy();
        if policy == crate::stats::Policy::NotRead {
            return None;
        }
        let first = !self.eviction_warned.swap(true, Ordering::Relaxed);
        crate::eviction::warning(&self.server, policy).filter(|_| first)
    }

    /// `tcp://host:port` etc., without credentials, for messages.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Connections open and idle in this worker's pool.
    pub fn pool_state(&self) -> (u32, u32) {
        let state = self.pool.state();
        (state.connections, state.idle_connections)
    }

    /// Connections this worker opened to this pool's server(s), reconnects
    /// included.
    pub fn connects(&self) -> u64 {
        self.connects.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The Sentinel target, for a Sentinel save path.
    pub fn sentinel(&self) -> Option<&SentinelTarget> {
        self.sentinel.as_deref()
    }

    /// On a Redis Cluster.
    pub fn is_cluster(&self) -> bool {
        self.cluster
    }

    /// When a request last used it (for the idle sweep).
    pub fn last_used(&self) -> Instant {
        *self
            .last_used
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Servers that fell short of `wait_replicas` (`wait_degraded=accept`).
    pub fn degraded(&self) -> &Degraded {
        &self.degraded
    }

    /// The master that took a write of `key`, for a shortfall's message:
    /// the shard's master on a cluster (asked on the error path only), the
    /// current master of a Sentinel group, else the server.
    pub fn master_of(&self, conn: &mut Conn, key: &SessionKey) -> String {
        if self.cluster {
            return match conn.cluster_node_of(&key.data) {
                Some(node) => format!("{} (cluster master)", tcp_or_tls(&self.spec, &node)),
                None => self.server.clone(),
            };
        }
        match self.sentinel.as_ref().and_then(|t| t.current_master()) {
            Some(master) => format!("{} ({})", tcp_or_tls(&self.spec, &master), self.server),
            None => self.server.clone(),
        }
    }

    /// Marks what an error leaves unusable, and classifies it.
    pub fn failed(&self, conn: &mut Conn, e: &RedisError, key: &SessionKey) -> Error {
        // A server's error reply leaves the connection in sync; anything
        // else (I/O, timeout, protocol) does not. For a cluster, only this
        // worker's cluster connection is dropped: the next one reads a fresh
        // slot map (redis-rs keeps dialling a dead master's address
        // otherwise), and other workers are not touched.
        let replied = matches!(e.kind(), redis::ErrorKind::Server(_))
            || crate::reply::first_error(e).is_some();
        conn.broken =
            !replied || (conn.is_cluster() && matches!(e.code(), Some("CLUSTERDOWN" | "TRYAGAIN")));
        if let Some(target) = &self.sentinel
            && (conn.broken || e.code() == Some("READONLY"))
        {
            // Demoted or gone: ask the sentinels again before the next use.
            conn.broken = true;
            target.invalidate();
        }
        // A connection dropped on its first use may be a server over
        // maxclients, which says so before it hangs up (plain servers only:
        // a cluster or Sentinel connect says more than this one socket).
        let full = !conn.served
            && !replied
            && (e.is_io_error() || e.is_connection_dropped())
            && !self.cluster
            && self.sentinel.is_none()
            && crate::connect::greeting_error(&self.spec.address, self.connect_timeout)
                .is_some_and(|reply| {
                    matches!(self.classify(&reply, "connect"), Error::Full { .. })
                });
        if full {
            return Error::Full {
                server: self.server.clone(),
            };
        }
        let mut error = self.classify(e, "read");
        if let Error::Reply { words, .. } = &mut error {
            *words = Self::in_words(conn, e, key);
        }
        error
    }

    /// A reply error in plain words, naming the session key (shortened);
    /// for WRONGTYPE, the type the key holds (one `TYPE`, on this error path
    /// only).
    fn in_words(conn: &mut Conn, e: &RedisError, key: &SessionKey) -> String {
        let (code, detail) = crate::reply::first_error(e).unwrap_or_default();
        let mut detail = detail.unwrap_or_default();
        if code == "WRONGTYPE" && !conn.broken {
            let held: redis::RedisResult<String> =
                redis::cmd("TYPE").arg(&key.data).query(conn.redis());
            detail = held.unwrap_or(detail);
        }
        crate::reply::explain(
            &code,
            &detail,
            &crate::reply::short_key(&key.data, key.prefix_len),
        )
    }

    /// A connection for this request: for a Sentinel master, re-confirmed
    /// with a sentinel at most once a second, and never one made for an
    /// earlier master.
    ///
    /// # Errors
    /// Connect errors and timeouts, classified for the warning.
    pub fn checkout(&self) -> Result<PooledConnection<Manager>> {
        *self
            .last_used
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Instant::now();
        if let Some(target) = &self.sentinel {
            target.recheck_if_due(self.spec.timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT));
        }
        let mut conn = self.checkout_any()?;
        if let Some(target) = &self.sentinel
            && conn.generation() != target.generation()
        {
            conn.broken = true;
            drop(conn);
            conn = self.checkout_any()?;
        }
        Ok(conn)
    }

    /// An idle connection at once, or a new one within the connect timeout.
    ///
    /// r2d2 connects in its own thread and only reports failure when the
    /// whole timeout has passed; waiting in short steps and looking at the
    /// connect error lets a refused connection or a bad password fail at once.
    fn checkout_any(&self) -> Result<PooledConnection<Manager>> {
        if let Some(conn) = self.pool.try_get() {
            return Ok(conn);
        }
        let _waiting = Waiting::new(&self.waiting);
        let start = Instant::now();
        let deadline = start + self.connect_timeout;
        // This asks r2d2 for one new connection (made in its thread)...
        if let Ok(conn) = self.pool.get_timeout(CHECKOUT_POLL) {
            return Ok(conn);
        }
        loop {
            // ...and this waits for it without asking for more: every
            // get_timeout() would queue another connect.
            std::thread::sleep(CHECKOUT_POLL);
            if let Some(conn) = self.pool.try_get() {
                return Ok(conn);
            }
            let fresh_error = self
                .last_error
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_ref()
                .filter(|(at, _)| *at >= start)
                .map(|(_, e)| e.clone());
            if let Some(e) = fresh_error {
                return Err(self.classify(&e, "connect"));
            }
            if Instant::now() >= deadline {
                return Err(Error::Timeout {
                    server: self.server.clone(),
                    what: "connect",
                });
            }
        }
    }

    /// Turns a redis-rs error into the error the operator reads.
    fn classify(&self, e: &RedisError, step: &'static str) -> Error {
        Error::from_redis(e, &self.server, step, self.spec.database)
    }
}

/// `host:port` with the save path's scheme (`tcp://` or `tls://`).
fn tcp_or_tls(spec: &HostSpec, addr: &str) -> String {
    let scheme = if matches!(spec.address, crate::save_path::Address::Tls { .. }) {
        "tls"
    } else {
        "tcp"
    };
    format!("{scheme}://{addr}")
}
