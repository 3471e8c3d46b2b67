//! Opening connections: to one server, to the master a set of Redis
//! Sentinels names, or to a Redis Cluster; with the save path's timeouts,
//! credentials and TLS options. r2d2 calls [`Manager`] to fill its pools.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use r2d2::ManageConnection;
use redis::cluster::{ClusterClient, ClusterConnection};
use redis::{
    ConnectionAddr, ConnectionInfo, ConnectionLike, IntoConnectionInfo, RedisConnectionInfo,
    RedisError, RedisResult,
};

use crate::fail_fast::FailFast;
use crate::save_path::{Address, Auth, HostSpec};

/// An open connection: to one server or to a cluster.
pub enum RawConn {
    /// A single server (standalone, or the current Sentinel master).
    Single(FailFast),
    /// A Redis Cluster (routes each command to its slot's master).
    Cluster(Box<ClusterConnection>),
}

/// A pooled connection, marked broken after any I/O error: a timed-out
/// reply may still arrive later and would be read as the answer to the next
/// command, so such a connection must never return to the pool.
pub struct Conn {
    inner: RawConn,
    /// Set by the store after an error that leaves the connection unusable.
    pub broken: bool,
    /// It answered at least once: if it fails on its next use, it may have
    /// gone stale while idle in the pool (Redis restarted), worth one retry.
    pub served: bool,
    /// Sentinel: the master generation this connection was made for.
    generation: u64,
    /// The socket read timeout it was opened with.
    read_timeout: Duration,
}

impl Conn {
    /// The connection to run commands on.
    pub fn redis(&mut self) -> &mut dyn ConnectionLike {
        match &mut self.inner {
            RawConn::Single(c) => c,
            RawConn::Cluster(c) => c.as_mut(),
        }
    }

    /// True for a cluster connection, which heals itself: a dead node must
    /// not make the pool drop connections that serve the other shards.
    pub fn is_cluster(&self) -> bool {
        matches!(self.inner, RawConn::Cluster(_))
    }

    /// The master generation this connection was made for (Sentinel).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Runs `op` with the socket read timeout `extra` longer (for `WAIT`,
    /// which answers only after up to its own timeout), then restores it.
    ///
    /// # Errors
    /// Whatever `op` returns; setting the timeout cannot fail on an open
    /// socket, and if it does the connection is not trusted again.
    pub fn with_longer_read_timeout<T>(
        &mut self,
        extra: Duration,
        op: impl FnOnce(&mut Self) -> RedisResult<T>,
    ) -> RedisResult<T> {
        if extra.is_zero() {
            return op(self);
        }
        self.set_read_timeout(self.read_timeout + extra)?;
        let result = op(self);
        if self.set_read_timeout(self.read_timeout).is_err() {
            self.broken = true;
        }
        result
    }

    fn set_read_timeout(&mut self, timeout: Duration) -> RedisResult<()> {
        match &mut self.inner {
            RawConn::Single(c) => c.0.set_read_timeout(Some(timeout)),
            // Every node connection, and those it opens later.
            RawConn::Cluster(c) => c.set_read_timeout(Some(timeout)),
        }
    }

    /// The address (`host:port`) of the cluster master serving `key`, asked
    /// over the connection that serves it (`CLIENT INFO`'s `laddr`, Redis
    /// 6.2+). Used for messages only; None when it cannot be told.
    pub fn cluster_node_of(&mut self, key: &[u8]) -> Option<String> {
        use redis::cluster_routing::{Route, RoutingInfo, SingleNodeRoutingInfo, SlotAddr};
        let RawConn::Cluster(c) = &mut self.inner else {
            return None;
        };
        let route = SingleNodeRoutingInfo::SpecificNode(Route::with_key(key, SlotAddr::Master));
        let info = c
            .route_command(
                redis::cmd("CLIENT").arg("INFO"),
                RoutingInfo::SingleNode(route),
            )
            .ok()?;
        let text: String = redis::from_redis_value(info).ok()?;
        text.split_ascii_whitespace()
            .find_map(|field| field.strip_prefix("laddr="))
            .map(str::to_owned)
    }
}

impl ConnectionLike for Conn {
    fn req_packed_command(&mut self, cmd: &[u8]) -> RedisResult<redis::Value> {
        self.redis().req_packed_command(cmd)
    }

    fn req_packed_commands(
        &mut self,
        cmd: &[u8],
        offset: usize,
        count: usize,
    ) -> RedisResult<Vec<redis::Value>> {
        self.redis().req_packed_commands(cmd, offset, count)
    }

    fn get_db(&self) -> i64 {
        match &self.inner {
            RawConn::Single(c) => c.get_db(),
            RawConn::Cluster(c) => c.get_db(),
        }
    }

    fn supports_pipelining(&self) -> bool {
        match &self.inner {
            RawConn::Single(c) => c.supports_pipelining(),
            RawConn::Cluster(c) => c.supports_pipelining(),
        }
    }

    fn check_connection(&mut self) -> bool {
        self.redis().check_connection()
    }

    fn is_open(&self) -> bool {
        match &self.inner {
            RawConn::Single(c) => c.is_open(),
            RawConn::Cluster(c) => c.is_open(),
        }
    }
}

/// The master of a Sentinel-monitored group, found by asking the sentinels.
pub struct SentinelTarget {
    sentinels: Vec<ConnectionInfo>,
    master_name: String,
    /// The master's connection settings (auth, database, TCP).
    master_info: RedisConnectionInfo,
    /// The master's address as last resolved.
    current: Mutex<Option<(String, u16)>>,
    /// Bumped each time the master changes: older connections are stale.
    generation: AtomicU64,
    /// Failovers seen by this worker.
    pub failovers: AtomicU64,
    /// When the master address was last confirmed with a sentinel.
    last_check: Mutex<Option<Instant>>,
}

/// How often a worker re-asks a sentinel who the master is, so a planned
/// failover (the old master stays writable for a while) is noticed.
const SENTINEL_RECHECK: Duration = Duration::from_secs(1);

impl SentinelTarget {
    /// The master's name (`master=`).
    pub fn master_name(&self) -> &str {
        &self.master_name
    }

    /// The master's address as last resolved, e.g. `127.0.0.1:6380`.
    pub fn current_master(&self) -> Option<String> {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|(h, p)| format!("{h}:{p}"))
    }

    /// The current master generation.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Forgets the master (after READONLY or a connection error to it), so
    /// every pooled connection to it is dropped and the next connect asks
    /// the sentinels again.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// Asks the sentinels, in order, for the master's address.
    fn resolve(&self, timeout: Duration) -> RedisResult<(String, u16)> {
        let mut last_error = None;
        for info in &self.sentinels {
            let answer = redis::Client::open(info.clone())
                .and_then(|c| c.get_connection_with_timeout(timeout))
                .and_then(|mut c| {
                    c.set_read_timeout(Some(timeout))?;
                    redis::cmd("SENTINEL")
                        .arg("get-master-addr-by-name")
                        .arg(&self.master_name)
                        .query::<Option<(String, u16)>>(&mut c)
                });
            match answer {
                Ok(Some(addr)) => return Ok(addr),
                Ok(None) => {
                    last_error = Some(RedisError::from((
                        redis::ErrorKind::MasterNameNotFoundBySentinel,
                        "sentinel does not know the master",
                        self.master_name.clone(),
                    )));
                }
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.unwrap_or_else(|| {
            RedisError::from((
                redis::ErrorKind::EmptySentinelList,
                "no sentinel configured",
            ))
        }))
    }

    /// Records `addr` as the master; a change is a failover.
    fn record(&self, addr: &(String, u16)) {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if current.as_ref() != Some(addr) {
            if current.is_some() {
                self.failovers.fetch_add(1, Ordering::Relaxed);
            }
            self.generation.fetch_add(1, Ordering::AcqRel);
            *current = Some(addr.clone());
        }
    }

    /// At most once per [`SENTINEL_RECHECK`]: asks a sentinel whether the
    /// master is still the one our connections point at.
    pub fn recheck_if_due(&self, timeout: Duration) {
        {
            let mut last = self
                .last_check
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if last.is_some_and(|t| t.elapsed() < SENTINEL_RECHECK) {
                return;
            }
            *last = Some(Instant::now());
        }
        if let Ok(addr) = self.resolve(timeout) {
            self.record(&addr);
        }
    }
}

/// What a pool connects to.
pub enum Kind {
    /// One server.
    Direct(redis::Client),
    /// The master the sentinels name.
    Sentinel(Arc<SentinelTarget>),
    /// A cluster.
    Cluster(ClusterClient),
}

/// Opens connections for r2d2 with the save path's timeouts and credentials.
pub struct Manager {
    kind: Kind,
    connect_timeout: Duration,
    read_timeout: Duration,
    /// The last connect error, with when it happened, for classification.
    pub last_error: Arc<Mutex<Option<(Instant, RedisError)>>>,
    /// Connections opened by this worker (reconnects included).
    pub connects: Arc<AtomicU64>,
    /// Requests waiting for a connection of this pool right now.
    pub waiting: Arc<AtomicUsize>,
}

/// Connects only while a request waits for one, and never during shutdown.
///
/// r2d2 retries a failed connect in its thread, forever, while the pool
/// lives. Left alone, a worker would keep dialling (and TLS-handshaking) a
/// server that is down or refuses its certificate, and a handshake still
/// running when PHP exits races OpenSSL's exit handlers (a segfault). Gated,
/// a retry nobody waits for is a no-op, and [`shutdown`] waits out the one
/// connect that may be running.
mod gate {
    use super::{AtomicBool, AtomicU64, AtomicUsize, Duration, Instant, Ordering};

    static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);
    static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
    /// The longest a connect of this process's pools may take (connect and
    /// read timeouts: TCP connect, then TLS, AUTH and SELECT), in ms.
    static LONGEST_MS: AtomicU64 = AtomicU64::new(0);

    /// A pool whose connects may take up to `bound` exists.
    pub fn may_take(bound: Duration) {
        let ms = u64::try_from(bound.as_millis()).unwrap_or(u64::MAX);
        LONGEST_MS.fetch_max(ms, Ordering::Relaxed);
    }

    /// One connect under way; dropped when it is done.
    pub struct InFlight;

    impl InFlight {
        /// None when nobody waits or the process shuts down.
        pub fn start(waiting: &AtomicUsize) -> Option<Self> {
            if waiting.load(Ordering::SeqCst) == 0 {
                return None;
            }
            IN_FLIGHT.fetch_add(1, Ordering::SeqCst);
            // Checked after counting ourselves: shutdown() either sees us
            // or we see its flag.
            if SHUTTING_DOWN.load(Ordering::SeqCst) {
                IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
                return None;
            }
            Some(Self)
        }
    }

    impl Drop for InFlight {
        fn drop(&mut self) {
            IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Refuses new connects and waits for running ones, as long as one may
    /// take (but at least `floor`).
    pub fn shutdown(floor: Duration) {
        SHUTTING_DOWN.store(true, Ordering::SeqCst);
        let longest = Duration::from_millis(LONGEST_MS.load(Ordering::Relaxed));
        let deadline = Instant::now() + longest.max(floor);
        while IN_FLIGHT.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// Process shutdown (MSHUTDOWN): no connect starts any more, and one that
/// is running is waited for, as long as a connect may take (at least
/// `floor`). Only a connect still running when the process exits is a risk:
/// OpenSSL's exit handlers would free what its TLS setup is using. (redis-rs
/// 1.8 does the TLS handshake without a socket timeout, so a server that
/// accepts TCP and never answers keeps one in a blocking read: harmless at
/// exit, and not waited for beyond the bound.)
pub fn shutdown(floor: Duration) {
    gate::shutdown(floor);
}

impl Manager {
    /// A manager for `spec`'s server(s); connects nothing.
    ///
    /// # Errors
    /// A client that cannot be configured (e.g. a TLS file missing).
    pub fn new(kind: Kind, connect_timeout: Duration, read_timeout: Duration) -> Self {
        // Shutdown waits for a running connect as long as it may take (a
        // Sentinel connect asks a sentinel first, then the master).
        gate::may_take(connect_timeout * 2 + read_timeout);
        Self {
            kind,
            connect_timeout,
            read_timeout,
            last_error: Arc::new(Mutex::new(None)),
            connects: Arc::new(AtomicU64::new(0)),
            waiting: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn single(&self, client: &redis::Client) -> RedisResult<FailFast> {
        let conn = client.get_connection_with_timeout(self.connect_timeout)?;
        conn.set_read_timeout(Some(self.read_timeout))?;
        conn.set_write_timeout(Some(self.read_timeout))?;
        Ok(FailFast(conn))
    }

    fn open(&self) -> RedisResult<Conn> {
        match &self.kind {
            Kind::Direct(client) => Ok(Conn {
                inner: RawConn::Single(self.single(client)?),
                broken: false,
                served: false,
                generation: 0,
                read_timeout: self.read_timeout,
            }),
            Kind::Sentinel(target) => {
                let addr = target.resolve(self.connect_timeout)?;
                let info = ConnectionAddr::Tcp(addr.0.clone(), addr.1)
                    .into_connection_info()?
                    .set_redis_settings(target.master_info.clone())
                    .set_tcp_settings(nodelay());
                let mut conn = self.single(&redis::Client::open(info)?)?;
                // A demoted master (or one the sentinels have not yet
                // noticed) must not take writes: only a server that says
                // it is master is used.
                let role: Vec<redis::Value> = redis::cmd("ROLE").query(&mut conn)?;
                let is_master = role
                    .first()
                    .and_then(|v| redis::from_redis_value_ref::<String>(v).ok())
                    .is_some_and(|r| r == "master");
                if !is_master {
                    target.invalidate();
                    return Err(RedisError::from((
                        redis::ErrorKind::Client,
                        "the server the sentinels name is not a master (failover in progress)",
                        format!("{}:{}", addr.0, addr.1),
                    )));
                }
                target.record(&addr);
                Ok(Conn {
                    inner: RawConn::Single(conn),
                    broken: false,
                    served: false,
                    generation: target.generation(),
                    read_timeout: self.read_timeout,
                })
            }
            Kind::Cluster(client) => Ok(Conn {
                inner: RawConn::Cluster(Box::new(client.get_connection()?)),
                broken: false,
                served: false,
                generation: 0,
                read_timeout: self.read_timeout,
            }),
        }
    }

    /// The Sentinel target, when this manager follows one.
    pub fn sentinel(&self) -> Option<&Arc<SentinelTarget>> {
        match &self.kind {
            Kind::Sentinel(t) => Some(t),
            _ => None,
        }
    }
}

/// Why a server dropped a new connection at once, if it said so: Redis
/// answers a client over `maxclients` with an error and closes before
/// reading anything, so the handshake only sees a reset. A fresh
/// connection that sends nothing reads that error (failure path only;
/// plain TCP and unix sockets, a TLS server's words are encrypted).
pub fn greeting_error(address: &Address, timeout: Duration) -> Option<RedisError> {
    use std::io::Read;
    let timeout = timeout.min(Duration::from_millis(200));
    let mut buf = [0u8; 256];
    let n = match address {
        Address::Tcp { host, port } => {
            let target = std::net::ToSocketAddrs::to_socket_addrs(&(host.as_str(), *port))
                .ok()?
                .next()?;
            let mut stream = std::net::TcpStream::connect_timeout(&target, timeout).ok()?;
            stream.set_read_timeout(Some(timeout)).ok()?;
            stream.read(&mut buf).ok()?
        }
        Address::Unix { path } => {
            let mut stream = std::os::unix::net::UnixStream::connect(path).ok()?;
            stream.set_read_timeout(Some(timeout)).ok()?;
            stream.read(&mut buf).ok()?
        }
        Address::Tls { .. } => return None,
    };
    let line = buf.get(..n)?;
    if !line.starts_with(b"-") {
        return None;
    }
    redis::parse_redis_value(line).ok()?.extract_error().err()
}

impl ManageConnection for Manager {
    type Connection = Conn;
    type Error = RedisError;

    fn connect(&self) -> Result<Conn, RedisError> {
        let Some(_in_flight) = gate::InFlight::start(&self.waiting) else {
            // Not recorded as the last error: it says nothing about the server.
            return Err(RedisError::from((
                redis::ErrorKind::Client,
                "not connecting: no request waits for a connection",
            )));
        };
        let result = self.open();
        match &result {
            Ok(_) => {
                self.connects.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                *self
                    .last_error
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = Some((Instant::now(), e.clone()));
            }
        }
        result
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), RedisError> {
        redis::cmd("PING").exec(conn.redis())
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        if conn.broken {
            return true;
        }
        match (&conn.inner, &self.kind) {
            (RawConn::Single(c), Kind::Sentinel(t)) => {
                !c.is_open() || conn.generation != t.generation()
            }
            (RawConn::Single(c), _) => !c.is_open(),
            // The cluster connection reconnects to failed nodes itself.
            (RawConn::Cluster(_), _) => false,
        }
    }
}

/// TCP_NODELAY as every Redis client: with Nagle on, the tail of a large
/// session value can wait for a delayed ACK (up to 40 ms).
fn nodelay() -> redis::io::tcp::TcpSettings {
    redis::io::tcp::TcpSettings::default().set_nodelay(true)
}

/// The handshake settings of a server: auth and database.
fn redis_info(auth: Option<&Auth>, database: Option<u32>) -> RedisConnectionInfo {
    let mut info = RedisConnectionInfo::default().set_skip_set_lib_name();
    if let Some(database) = database {
        info = info.set_db(i64::from(database));
    }
    if let Some(auth) = auth {
        info = info.set_password(&auth.password);
        if let Some(user) = &auth.user {
            info = info.set_username(user);
        }
    }
    info
}

fn address(spec: &HostSpec) -> ConnectionAddr {
    match &spec.address {
        Address::Tcp { host, port } => ConnectionAddr::Tcp(host.clone(), *port),
        Address::Tls { host, port } => ConnectionAddr::TcpTls {
            host: spec.tls.peer_name.clone().unwrap_or_else(|| host.clone()),
            port: *port,
            // verify_peer=0 skips the certificate check altogether; a
            // verify_peer_name=0 alone skips only the host name (below).
            insecure: !spec.tls.verify_peer,
            tls_params: None,
        },
        Address::Unix { path } => ConnectionAddr::Unix(path.into()),
    }
}

fn read_file(path: Option<&String>) -> RedisResult<Option<Vec<u8>>> {
    path.map(|p| {
        std::fs::read(p).map_err(|e| {
            RedisError::from((
                redis::ErrorKind::InvalidClientConfig,
                "cannot read TLS file",
                format!("{p}: {e}"),
            ))
        })
    })
    .transpose()
}

/// CA and client certificate of a TLS entry, when it names files.
fn tls_certificates(spec: &HostSpec) -> RedisResult<Option<redis::TlsCertificates>> {
    if !matches!(spec.address, Address::Tls { .. })
        || (spec.tls.cafile.is_none() && spec.tls.local_cert.is_none())
    {
        return Ok(None);
    }
    let client_tls = match (
        read_file(spec.tls.local_cert.as_ref())?,
        read_file(spec.tls.local_pk.as_ref())?,
    ) {
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
    Ok(Some(redis::TlsCertificates {
        client_tls,
        root_cert: read_file(spec.tls.cafile.as_ref())?,
    }))
}

/// The redis-rs client for one server; connects nothing.
///
/// # Errors
/// A TLS file that cannot be read.
pub fn direct(spec: &HostSpec) -> RedisResult<Kind> {
    let info: ConnectionInfo = address(spec)
        .into_connection_info()?
        .set_redis_settings(redis_info(spec.auth.as_ref(), spec.database))
        .set_tcp_settings(nodelay());
    let mut client = match tls_certificates(spec)? {
        Some(certs) => redis::Client::build_with_tls(info, certs)?,
        None => redis::Client::open(info)?,
    };
    if spec.tls.verify_peer && !spec.tls.verify_peer_name {
        // After build_with_tls, which sets the TLS parameters afresh: the
        // chain is still verified against the CA, only the name is not.
        let info = client.get_connection_info().clone();
        let mut addr = info.addr().clone();
        addr.set_danger_accept_invalid_hostnames(true);
        client = redis::Client::open(info.set_addr(addr))?;
    }
    Ok(Kind::Direct(client))
}

/// A Sentinel target: `sentinels` are the sentinels' specs (their auth,
/// database, ... apply to the master), `sentinel_auth` the sentinels' own.
///
/// # Errors
/// An address that cannot be used.
pub fn sentinel(
    sentinels: &[HostSpec],
    master_name: &str,
    sentinel_auth: Option<&Auth>,
) -> RedisResult<Kind> {
    let infos = sentinels
        .iter()
        .map(|s| {
            Ok(address(s)
                .into_connection_info()?
                .set_redis_settings(redis_info(sentinel_auth, None))
                .set_tcp_settings(nodelay()))
        })
        .collect::<RedisResult<Vec<_>>>()?;
    let template = sentinels.first();
    Ok(Kind::Sentinel(Arc::new(SentinelTarget {
        sentinels: infos,
        master_name: master_name.to_owned(),
        master_info: redis_info(
            template.and_then(|t| t.auth.as_ref()),
            template.and_then(|t| t.database),
        ),
        current: Mutex::new(None),
        generation: AtomicU64::new(0),
        failovers: AtomicU64::new(0),
        last_check: Mutex::new(None),
    })))
}

/// A cluster client over `seeds`; connects nothing.
///
/// # Errors
/// A seed address or TLS file that cannot be used.
pub fn cluster(
    seeds: &[HostSpec],
    connect_timeout: Duration,
    read_timeout: Duration,
) -> RedisResult<Kind> {
    let nodes = seeds
        .iter()
        .map(|s| address(s).into_connection_info())
        .collect::<RedisResult<Vec<_>>>()?;
    let mut builder = ClusterClient::builder(nodes)
        .connection_timeout(connect_timeout)
        .response_timeout(read_timeout)
        .tcp_settings(nodelay());
    if let Some(first) = seeds.first() {
        if let Some(auth) = &first.auth {
            builder = builder.password(auth.password.clone());
            if let Some(user) = &auth.user {
                builder = builder.username(user.clone());
            }
        }
        if matches!(first.address, Address::Tls { .. }) {
            builder = builder
                .tls(if first.tls.verify_peer {
                    redis::TlsMode::Secure
                } else {
                    redis::TlsMode::Insecure
                })
                // As for one server: only the host name check is skipped.
                .danger_accept_invalid_hostnames(
                    first.tls.verify_peer && !first.tls.verify_peer_name,
                );
            if tls_certificates(first)?.is_some() {
                // redis-rs takes custom certificates for clusters only with
                // rustls; this build uses the system's OpenSSL.
                return Err(RedisError::from((
                    redis::ErrorKind::InvalidClientConfig,
                    "stream[cafile]/stream[local_cert] are not supported with a TLS cluster; \
                     install the CA in the system store",
                )));
            }
        }
    }
    Ok(Kind::Cluster(builder.build()?))
}
