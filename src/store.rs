//! Where sessions live: the servers of one save path, a connection pool per
//! server, and the choice of server for a session id.
//!
//! The handler only calls [`Store::exec`]: "run these commands for this
//! session id". Which server answers (one server, consistent hashing over
//! several, later Sentinel or Cluster) and how connections are kept is
//! decided here, so new topologies do not touch the handler.
//!
//! PHP lifecycle: php-fpm loads the extension, then forks its workers. A pool
//! made before the fork would share sockets between processes and lose its
//! r2d2 threads, so pools are only ever built lazily, inside a request, and a
//! [`Registry`] built in another process (checked by pid) is thrown away.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use r2d2::{Pool, PooledConnection};
use redis::{ConnectionLike, RedisError};
use scheduled_thread_pool::ScheduledThreadPool;

use crate::connect::{self, Conn, Kind, Manager, SentinelTarget};
use crate::error::{Error, Result};
use crate::hashing;
use crate::replicas::{self, Degraded, Outcome, Wait};
use crate::save_path::{HostSpec, SavePath, Topology};

/// Connect timeout when the save path sets none (phpredis waits up to a day).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
/// Read/write timeout when the save path sets none: never wait forever.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a write waits for `wait_replicas` when `wait_timeout` is unset.
const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_millis(100);
/// Connections per server and worker. An NTS worker uses one at a time; the
/// rest serve ZTS threads.
const POOL_MAX_SIZE: u32 = 8;
/// Idle connections are closed after this, so a quiet worker holds none.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(300);
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

/// A session's data key, and whether it lives on a cluster (where its lock
/// keys need a hash tag, see [`crate::lock::Keys`]).
pub struct SessionKey {
    /// `<prefix><id>`
    pub data: Vec<u8>,
    /// On a Redis Cluster.
    pub cluster: bool,
    /// `wait_replicas`: what writes wait for.
    pub wait: Option<Wait>,
}

impl redis::ToRedisArgs for SessionKey {
    fn write_redis_args<W: ?Sized + redis::RedisWrite>(&self, out: &mut W) {
        out.write_arg(&self.data);
    }
}

/// One pool of a save path: a server, the Sentinel master, or a cluster.
pub struct Host {
    /// The save path entry (for a Sentinel or Cluster: the first one).
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

impl Host {
    fn new(
        spec: HostSpec,
        server: String,
        kind: impl FnOnce(Duration, Duration) -> redis::RedisResult<Kind>,
        threads: Arc<ScheduledThreadPool>,
    ) -> Result<Self> {
        let connect_timeout = spec.timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let read_timeout = spec.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT);
        let kind = kind(connect_timeout, read_timeout).map_err(|e| Error::Redis {
            server: server.clone(),
            detail: e.to_string(),
        })?;
        let cluster = matches!(kind, Kind::Cluster(_));
        let manager = Manager::new(kind, connect_timeout, read_timeout);
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
            .idle_timeout(Some(POOL_IDLE_TIMEOUT))
            .test_on_check_out(false)
            // We wait with our own deadline (`checkout_any`); r2d2 uses this
            // only to space its reconnect attempts (at most half of it), so
            // a server that comes back is found within 200 ms.
            .connection_timeout(RECONNECT_BACKOFF_CAP * 2)
            .error_handler(Box::new(KeepLastError))
            .thread_pool(threads)
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
        })
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

    /// The data key of a session id, `<prefix><id>` as phpredis.
    pub fn key(&self, id: &[u8]) -> SessionKey {
        let mut data = Vec::with_capacity(self.spec.prefix.len() + id.len());
        data.extend_from_slice(&self.spec.prefix);
        data.extend_from_slice(id);
        let wait = (self.spec.wait_replicas > 0).then(|| Wait {
            replicas: self.spec.wait_replicas,
            timeout: self.spec.wait_timeout.unwrap_or(DEFAULT_WAIT_TIMEOUT),
            accept_degraded: self.spec.wait_accept_degraded,
        });
        SessionKey {
            data,
            cluster: self.cluster,
            wait,
        }
    }

    /// The master that took a write of `key`, for a shortfall's message:
    /// the shard's master on a cluster (asked on the error path only), the
    /// current master of a Sentinel group, else the server.
    fn master_of(&self, conn: &mut Conn, key: &SessionKey) -> String {
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
    fn failed(&self, conn: &mut Conn, e: &RedisError, key: &SessionKey) -> Error {
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
        let mut error = self.classify(e, "read");
        if let Error::Reply { words, .. } = &mut error {
            *words = self.in_words(conn, e, key);
        }
        error
    }

    /// A reply error in plain words, naming the session key (shortened);
    /// for WRONGTYPE, the type the key holds (one `TYPE`, on this error path
    /// only).
    fn in_words(&self, conn: &mut Conn, e: &RedisError, key: &SessionKey) -> String {
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
            &crate::reply::short_key(&key.data, self.spec.prefix.len()),
        )
    }

    /// A connection for this request: for a Sentinel master, re-confirmed
    /// with a sentinel at most once a second, and never one made for an
    /// earlier master.
    fn checkout(&self) -> Result<PooledConnection<Manager>> {
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
        let server = self.server.clone();
        if e.is_connection_refusal() {
            return Error::Refused { server };
        }
        if e.is_timeout() {
            return Error::Timeout { server, what: step };
        }
        let (code, detail) = crate::reply::first_error(e).unwrap_or_default();
        if e.kind() == redis::ErrorKind::AuthenticationFailed {
            // redis-rs replaces Redis's AUTH reply with its own words.
            let detail = "wrong password, or unknown or disabled user".to_owned();
            return Error::Auth { server, detail };
        }
        if code == "NOAUTH" || code == "WRONGPASS" {
            let detail = detail.unwrap_or(code);
            return Error::Auth { server, detail };
        }
        if e.kind() == redis::ErrorKind::Client
            && let Some(detail) = e.detail()
        {
            // Our own checks (Sentinel ROLE, a vanished staged copy) say it all in
            // the detail.
            return Error::Redis {
                server,
                detail: detail.to_owned(),
            };
        }
        let text = e.to_string();
        if let (Some(database), true) = (self.spec.database, text.contains("switch database")) {
            let detail = e.detail().unwrap_or("invalid database").to_owned();
            return Error::Database {
                server,
                database,
                detail,
            };
        }
        if !code.is_empty() {
            // The failing step names the key: [`Host::failed`] rewords it.
            let words = crate::reply::explain(&code, detail.as_deref().unwrap_or_default(), "");
            return Error::Reply { server, words };
        }
        if e.is_io_error() {
            let detail = format!("connection lost ({})", e.detail().unwrap_or(&text));
            return Error::Redis { server, detail };
        }
        Error::Redis {
            server,
            detail: text,
        }
    }
}

/// The servers of one save path.
pub struct Store {
    hosts: Vec<Host>,
    /// (identity, weight) per host, for rendezvous hashing.
    ring: Vec<(Vec<u8>, u32)>,
}

impl Store {
    /// Prepares the pools of `save_path`. Connects nothing.
    ///
    /// # Errors
    /// A server whose client cannot be configured (e.g. a TLS file missing).
    pub fn new(save_path: SavePath, threads: &Arc<ScheduledThreadPool>) -> Result<Self> {
        let SavePath {
            hosts: specs,
            topology,
        } = save_path;
        let hosts = match topology {
            Topology::Servers => specs
                .into_iter()
                .map(|spec| {
                    let server = spec.server();
                    let kind = connect::direct(&spec);
                    Host::new(spec, server, |_, _| kind, Arc::clone(threads))
                })
                .collect::<Result<Vec<_>>>()?,
            Topology::Sentinel {
                master,
                sentinel_auth,
            } => {
                let Some(first) = specs.first().cloned() else {
                    return Ok(Self::empty());
                };
                let server = format!("sentinel master \"{master}\"");
                let kind = connect::sentinel(&specs, &master, sentinel_auth.as_ref());
                vec![Host::new(first, server, |_, _| kind, Arc::clone(threads))?]
            }
            Topology::Cluster => {
                let Some(first) = specs.first().cloned() else {
                    return Ok(Self::empty());
                };
                let seeds: Vec<String> = specs.iter().map(HostSpec::server).collect();
                let server = format!("cluster {}", seeds.join(","));
                vec![Host::new(
                    first,
                    server,
                    |connect, read| connect::cluster(&specs, connect, read),
                    Arc::clone(threads),
                )?]
            }
        };
        let ring = hosts
            .iter()
            .map(|h| (h.server.as_bytes().to_vec(), h.spec.weight))
            .collect();
        Ok(Self { hosts, ring })
    }

    fn empty() -> Self {
        Self {
            hosts: Vec::new(),
            ring: Vec::new(),
        }
    }

    /// The servers, in save path order.
    pub fn hosts(&self) -> &[Host] {
        &self.hosts
    }

    /// The server that owns `id` (None only for an empty store).
    pub fn route(&self, id: &[u8]) -> Option<&Host> {
        if self.hosts.len() <= 1 {
            return self.hosts.first();
        }
        let ring = self.ring.iter().map(|(n, w)| (n.as_slice(), *w));
        self.hosts.get(hashing::pick_from(id, ring))
    }

    /// Runs `op` with a connection to the server of session `id` and the
    /// session's data key.
    ///
    /// # Errors
    /// Connect, timeout, auth and command errors, classified for the warning.
    pub fn exec<T>(
        &self,
        id: &[u8],
        mut op: impl FnMut(&mut dyn ConnectionLike, &SessionKey) -> redis::RedisResult<T>,
    ) -> Result<T> {
        self.run(id, |_, conn, key| op(conn, key))
    }

    /// Runs a write: `op` sends its commands with `WAIT` behind them when
    /// the save path asks for replicas (see [`crate::replicas::send`]) and
    /// returns their count; the socket read timeout is `wait_timeout`
    /// longer for that round trip only, so `WAIT`'s answer is seen.
    ///
    /// # Errors
    /// As [`Store::exec`]. Too few replicas is not an error here: the
    /// [`Outcome`] says what became of it.
    pub fn exec_write<T>(
        &self,
        id: &[u8],
        mut op: impl FnMut(
            &mut dyn ConnectionLike,
            &SessionKey,
            Option<&Wait>,
        ) -> redis::RedisResult<(T, Option<u32>)>,
    ) -> Result<(T, Outcome)> {
        self.run(id, |host, conn, key| {
            let Some(wait) = key.wait else {
                return op(conn, key, None).map(|(value, _)| (value, Outcome::Confirmed));
            };
            let (value, acked) =
                conn.with_longer_read_timeout(wait.timeout, |conn| op(conn, key, Some(&wait)))?;
            let outcome = match acked {
                Some(acked) => {
                    let slot = redis::cluster_routing::Slot::for_key(&key.data);
                    replicas::settle(&wait, acked, slot, &host.degraded, || {
                        host.master_of(conn, key)
                    })
                }
                None => Outcome::Confirmed,
            };
            Ok((value, outcome))
        })
    }

    /// A pooled connection can be stale (Redis restarted since it was
    /// opened); if it turns out dropped, `op` runs once more on a fresh
    /// connection. Every command the handler sends is safe to repeat.
    fn run<T>(
        &self,
        id: &[u8],
        mut op: impl FnMut(&Host, &mut Conn, &SessionKey) -> redis::RedisResult<T>,
    ) -> Result<T> {
        let Some(host) = self.route(id) else {
            return Err(Error::Redis {
                server: "(none)".to_owned(),
                detail: "no server in the save path".to_owned(),
            });
        };
        if down::is_down(host) {
            return Err(Error::StillDown {
                server: host.server.clone(),
            });
        }
        let key = host.key(id);
        let result = (|| {
            let mut conn = host.checkout()?;
            match op(host, &mut conn, &key) {
                Ok(value) => {
                    conn.served = true;
                    Ok(value)
                }
                // Only a connection that served before and broke while idle
                // (reset or EOF on first use: Redis restarted) is retried,
                // never a timeout: that would double the wait on a hung server.
                Err(e)
                    if conn.served
                        && !e.is_timeout()
                        && (e.is_connection_dropped() || conn.is_cluster() && is_io(&e)) =>
                {
                    conn.broken = true;
                    drop(conn);
                    let mut conn = host.checkout()?;
                    let value =
                        op(host, &mut conn, &key).map_err(|e| host.failed(&mut conn, &e, &key))?;
                    conn.served = true;
                    Ok(value)
                }
                Err(e) => Err(host.failed(&mut conn, &e, &key)),
            }
        })();
        // Only a plain server: a Sentinel master is re-resolved and a
        // cluster heals per shard, so the next call must be free to try.
        if result.as_ref().is_err_and(Error::is_unreachable)
            && !host.cluster
            && host.sentinel.is_none()
        {
            down::mark(host);
        }
        result
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

/// Servers that failed at connection level (refused, timed out, reset) in
/// the running request: the rest of the request, the lock release and the
/// request-end safety net included, fails at once for them instead of
/// waiting out another timeout. Per thread (a request runs on one), cleared
/// when the request ends, and forgotten after [`DOWN_FOR`] so a long-running
/// CLI loop tries again once the server is back.
mod down {
    use std::cell::RefCell;
    use std::time::{Duration, Instant};

    use super::Host;

    /// How long a failed server is left alone within one request.
    const DOWN_FOR: Duration = Duration::from_secs(1);

    thread_local! {
        static DOWN: RefCell<Vec<(usize, Instant)>> = const { RefCell::new(Vec::new()) };
    }

    /// Hosts live as long as their store, which outlives the request.
    fn id(host: &Host) -> usize {
        std::ptr::from_ref(host).addr()
    }

    pub(super) fn is_down(host: &Host) -> bool {
        DOWN.with_borrow_mut(|down| {
            down.retain(|(_, at)| at.elapsed() < DOWN_FOR);
            down.iter().any(|(h, _)| *h == id(host))
        })
    }

    pub(super) fn mark(host: &Host) {
        DOWN.with_borrow_mut(|down| {
            down.retain(|(h, _)| *h != id(host));
            down.push((id(host), Instant::now()));
        });
    }

    pub(super) fn clear() {
        DOWN.with_borrow_mut(Vec::clear);
    }
}

/// The request ends (or, for a framework calling the class's methods
/// directly, a new unit of work begins): servers that failed are tried again.
pub fn end_request() {
    down::clear();
}

/// An I/O-level failure (refused, reset, timed out), not a server's reply.
fn is_io(e: &RedisError) -> bool {
    e.is_io_error() || e.is_connection_refusal() || e.is_timeout()
}

/// The stores of this worker process, one per distinct save path.
pub struct Registry {
    pid: u32,
    threads: Arc<ScheduledThreadPool>,
    stores: HashMap<String, Arc<Store>>,
}

static REGISTRY: OnceLock<Mutex<Option<Registry>>> = OnceLock::new();

/// The store for `key` (a save path, plus any class options), made by
/// `make` on first use in this process.
///
/// # Errors
/// Whatever `make` returns (bad save path, bad TLS files).
pub fn store_for(key: &str, make: impl FnOnce() -> Result<SavePath>) -> Result<Arc<Store>> {
    let mut guard = REGISTRY
        .get_or_init(|| Mutex::new(None))
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let pid = std::process::id();
    if guard.as_ref().is_some_and(|r| r.pid != pid) {
        // Built by the parent before fork(): its sockets are shared with the
        // parent and its r2d2 thread does not exist here. Leak it rather than
        // touch those sockets from this process.
        if let Some(old) = guard.take() {
            std::mem::forget(old);
        }
    }
    let registry = guard.get_or_insert_with(|| Registry {
        pid,
        // One background thread per worker serves every pool (r2d2 would
        // start three per pool).
        threads: Arc::new(
            ScheduledThreadPool::builder()
                .num_threads(1)
                .thread_name_pattern("rustredis-pool")
                .build(),
        ),
        stores: HashMap::new(),
    });
    if let Some(store) = registry.stores.get(key) {
        return Ok(Arc::clone(store));
    }
    let store = Arc::new(Store::new(make()?, &registry.threads)?);
    registry.stores.insert(key.to_owned(), Arc::clone(&store));
    Ok(store)
}

/// Visits every store of this process (for phpinfo).
pub fn for_each_store(mut visit: impl FnMut(&str, &Store)) {
    let Some(lock) = REGISTRY.get() else { return };
    let guard = lock.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(registry) = guard.as_ref().filter(|r| r.pid == std::process::id()) {
        let mut keys: Vec<&String> = registry.stores.keys().collect();
        keys.sort();
        for key in keys {
            visit(key, &registry.stores[key]);
        }
    }
}
