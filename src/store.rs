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
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use r2d2::{ManageConnection, Pool, PooledConnection};
use redis::ConnectionLike;
use redis::{ConnectionAddr, ConnectionInfo, IntoConnectionInfo, RedisConnectionInfo, RedisError};
use scheduled_thread_pool::ScheduledThreadPool;

use crate::error::{Error, Result};
use crate::hashing;
use crate::save_path::{Address, HostSpec, SavePath};

/// Connect timeout when the save path sets none (phpredis waits up to a day).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
/// Read/write timeout when the save path sets none: never wait forever.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections per server and worker. An NTS worker uses one at a time; the
/// rest serve ZTS threads.
const POOL_MAX_SIZE: u32 = 8;
/// Idle connections are closed after this, so a quiet worker holds none.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(300);
/// How often a waiting checkout looks whether the pool's connect is done.
const CHECKOUT_POLL: Duration = Duration::from_millis(1);

/// One Redis connection, marked broken after any I/O error: a timed-out
/// reply may still arrive later and would be read as the answer to the next
/// command, so such a connection must never return to the pool.
pub struct Conn {
    inner: redis::Connection,
    broken: bool,
}

impl Conn {
    /// The redis-rs connection to run commands on.
    pub fn redis(&mut self) -> &mut redis::Connection {
        &mut self.inner
    }
}

/// Opens connections for r2d2 with the save path's timeouts and credentials.
struct Manager {
    client: redis::Client,
    connect_timeout: Duration,
    read_timeout: Duration,
    /// The last connect error, with when it happened, for classification.
    last_error: Arc<Mutex<Option<(Instant, RedisError)>>>,
}

impl ManageConnection for Manager {
    type Connection = Conn;
    type Error = RedisError;

    fn connect(&self) -> std::result::Result<Conn, RedisError> {
        let result = self
            .client
            .get_connection_with_timeout(self.connect_timeout)
            .and_then(|conn| {
                conn.set_read_timeout(Some(self.read_timeout))?;
                conn.set_write_timeout(Some(self.read_timeout))?;
                Ok(Conn {
                    inner: conn,
                    broken: false,
                })
            });
        if let Err(e) = &result {
            *self
                .last_error
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some((Instant::now(), e.clone()));
        }
        result
    }

    fn is_valid(&self, conn: &mut Conn) -> std::result::Result<(), RedisError> {
        redis::cmd("PING").exec(&mut conn.inner)
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.broken || !conn.inner.is_open()
    }
}

/// Silences r2d2's default logging of connect errors; [`Manager`] keeps them.
#[derive(Debug)]
struct KeepLastError;

impl r2d2::HandleError<RedisError> for KeepLastError {
    fn handle_error(&self, _error: RedisError) {}
}

/// One server of a save path and its pool.
pub struct Host {
    spec: HostSpec,
    server: String,
    pool: Pool<Manager>,
    last_error: Arc<Mutex<Option<(Instant, RedisError)>>>,
    connect_timeout: Duration,
}

impl Host {
    fn new(spec: HostSpec, threads: Arc<ScheduledThreadPool>) -> Result<Self> {
        let server = spec.server();
        let connect_timeout = spec.timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let read_timeout = spec.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT);
        let client = client_for(&spec).map_err(|e| Error::Redis {
            server: server.clone(),
            detail: e.to_string(),
        })?;
        let last_error = Arc::new(Mutex::new(None));
        let manager = Manager {
            client,
            connect_timeout,
            read_timeout,
            last_error: Arc::clone(&last_error),
        };
        // build_unchecked: no connection is made here, the first request
        // makes one. min_idle 0: nothing is opened in the background either.
        let pool = Pool::builder()
            .max_size(POOL_MAX_SIZE)
            .min_idle(Some(0))
            .idle_timeout(Some(POOL_IDLE_TIMEOUT))
            .test_on_check_out(false)
            .connection_timeout(connect_timeout)
            .error_handler(Box::new(KeepLastError))
            .thread_pool(threads)
            .build_unchecked(manager);
        Ok(Self {
            spec,
            server,
            pool,
            last_error,
            connect_timeout,
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

    /// The data key of a session id on this server.
    pub fn key(&self, id: &[u8]) -> Vec<u8> {
        let mut key = Vec::with_capacity(self.spec.prefix.len() + id.len());
        key.extend_from_slice(&self.spec.prefix);
        key.extend_from_slice(id);
        key
    }

    /// An idle connection at once, or a new one within the connect timeout.
    ///
    /// r2d2 connects in its own thread and only reports failure when the
    /// whole timeout has passed; waiting in short steps and looking at the
    /// connect error lets a refused connection or a bad password fail at once.
    fn checkout(&self) -> Result<PooledConnection<Manager>> {
        if let Some(conn) = self.pool.try_get() {
            return Ok(conn);
        }
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
        // A server error, alone or the first of a pipeline's: its code
        // (NOAUTH, WRONGPASS, ...) and Redis's own words.
        let server_error = e.clone().into_server_errors().and_then(|errors| {
            errors
                .first()
                .map(|(_, se)| (se.code().to_owned(), se.details().map(str::to_owned)))
        });
        let (code, detail) = server_error.unwrap_or_default();
        if e.kind() == redis::ErrorKind::AuthenticationFailed {
            // redis-rs replaces Redis's AUTH reply with its own words.
            let detail = "wrong password, or unknown or disabled user".to_owned();
            return Error::Auth { server, detail };
        }
        if code == "NOAUTH" || code == "WRONGPASS" {
            let detail = detail.unwrap_or(code);
            return Error::Auth { server, detail };
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
        Error::Redis {
            server,
            detail: text,
        }
    }
}

/// Builds the redis-rs client for one server; connects nothing.
fn client_for(spec: &HostSpec) -> redis::RedisResult<redis::Client> {
    let addr = match &spec.address {
        Address::Tcp { host, port } => ConnectionAddr::Tcp(host.clone(), *port),
        Address::Tls { host, port } => ConnectionAddr::TcpTls {
            host: spec.tls.peer_name.clone().unwrap_or_else(|| host.clone()),
            port: *port,
            insecure: !spec.tls.verify_peer || !spec.tls.verify_peer_name,
            tls_params: None,
        },
        Address::Unix { path } => ConnectionAddr::Unix(path.into()),
    };
    let mut redis_info = RedisConnectionInfo::default().set_skip_set_lib_name();
    if let Some(database) = spec.database {
        redis_info = redis_info.set_db(i64::from(database));
    }
    if let Some(auth) = &spec.auth {
        redis_info = redis_info.set_password(&auth.password);
        if let Some(user) = &auth.user {
            redis_info = redis_info.set_username(user);
        }
    }
    // TCP_NODELAY as every Redis client: with Nagle on, the tail of a large
    // session value can wait for a delayed ACK (up to 40 ms).
    let info: ConnectionInfo = addr
        .into_connection_info()?
        .set_redis_settings(redis_info)
        .set_tcp_settings(redis::io::tcp::TcpSettings::default().set_nodelay(true));
    if matches!(spec.address, Address::Tls { .. })
        && (spec.tls.cafile.is_some() || spec.tls.local_cert.is_some())
    {
        let read = |path: &Option<String>| -> redis::RedisResult<Option<Vec<u8>>> {
            path.as_ref()
                .map(|p| {
                    std::fs::read(p).map_err(|e| {
                        RedisError::from((
                            redis::ErrorKind::InvalidClientConfig,
                            "cannot read TLS file",
                            format!("{p}: {e}"),
                        ))
                    })
                })
                .transpose()
        };
        let client_tls = match (read(&spec.tls.local_cert)?, read(&spec.tls.local_pk)?) {
            (Some(client_cert), Some(client_key)) => Some(redis::ClientTlsConfig {
                client_cert,
                client_key,
            }),
            (Some(both), None) => Some(redis::ClientTlsConfig {
                client_cert: both.clone(),
                client_key: both,
            }),
            _ => None,
        };
        let certs = redis::TlsCertificates {
            client_tls,
            root_cert: read(&spec.tls.cafile)?,
        };
        return redis::Client::build_with_tls(info, certs);
    }
    redis::Client::open(info)
}

/// The servers of one save path.
pub struct Store {
    hosts: Vec<Host>,
    /// (identity, weight) per host, for rendezvous hashing.
    ring: Vec<(Vec<u8>, u32)>,
}

impl Store {
    /// Prepares pools for every server of `save_path`. Connects nothing.
    ///
    /// # Errors
    /// A server whose client cannot be configured (e.g. a TLS file missing).
    pub fn new(save_path: SavePath, threads: &Arc<ScheduledThreadPool>) -> Result<Self> {
        let hosts = save_path
            .hosts
            .into_iter()
            .map(|spec| Host::new(spec, Arc::clone(threads)))
            .collect::<Result<Vec<_>>>()?;
        let ring = hosts
            .iter()
            .map(|h| (h.server.as_bytes().to_vec(), h.spec.weight))
            .collect();
        Ok(Self { hosts, ring })
    }

    /// The servers, in save path order.
    pub fn hosts(&self) -> &[Host] {
        &self.hosts
    }

    /// The server that owns `id`.
    pub fn route(&self, id: &[u8]) -> &Host {
        let index = if self.hosts.len() == 1 {
            0
        } else {
            let ring: Vec<(&[u8], u32)> =
                self.ring.iter().map(|(n, w)| (n.as_slice(), *w)).collect();
            hashing::pick(id, &ring)
        };
        &self.hosts[index.min(self.hosts.len() - 1)]
    }

    /// Runs `op` with a connection to the server of session `id` and the
    /// session's data key.
    ///
    /// A pooled connection can be stale (Redis restarted since it was
    /// opened); if it turns out dropped before anything was answered, `op`
    /// runs once more on a fresh connection. Every command the handler sends
    /// is safe to repeat.
    ///
    /// # Errors
    /// Connect, timeout, auth and command errors, classified for the warning.
    pub fn exec<T>(
        &self,
        id: &[u8],
        mut op: impl FnMut(&mut redis::Connection, &[u8]) -> redis::RedisResult<T>,
    ) -> Result<T> {
        let host = self.route(id);
        let key = host.key(id);
        let mut conn = host.checkout()?;
        match op(&mut conn.inner, &key) {
            Ok(value) => Ok(value),
            Err(e) if e.is_connection_dropped() => {
                conn.broken = true;
                drop(conn);
                let mut conn = host.checkout()?;
                run_marking(&mut conn, &key, &mut op).map_err(|e| host.classify(&e, "read"))
            }
            Err(e) => {
                conn.broken = !matches!(e.kind(), redis::ErrorKind::Server(_));
                Err(host.classify(&e, "read"))
            }
        }
    }
}

fn run_marking<T>(
    conn: &mut Conn,
    key: &[u8],
    op: &mut impl FnMut(&mut redis::Connection, &[u8]) -> redis::RedisResult<T>,
) -> redis::RedisResult<T> {
    let result = op(&mut conn.inner, key);
    if let Err(e) = &result {
        conn.broken = !matches!(e.kind(), redis::ErrorKind::Server(_));
    }
    result
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
