//! Opening connections: to one server, to the master a set of Redis
//! Sentinels names, or to a Redis Cluster; with the save path's timeouts,
//! credentials and TLS options. r2d2 calls [`Manager`] to fill its pools.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use r2d2::ManageConnection;
use redis::cluster::ClusterClient;
use redis::{
    ConnectionAddr, ConnectionInfo, ConnectionLike, IntoConnectionInfo, RedisConnectionInfo,
    RedisError, RedisResult,
};

use crate::save_path::{Address, Auth, HostSpec};

mod conn;
pub mod fail_fast;
mod gate;
mod sentinel;

pub use conn::{Conn, RawConn};
use fail_fast::FailFast;
pub use gate::shutdown;
pub use sentinel::{SentinelTarget, sentinel};

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
    /// The server's row in the shared counters.
    row: crate::stats::Server,
    /// The server's maxmemory-policy, read by the first connection.
    pub policy: Arc<Mutex<crate::stats::Policy>>,
    policy_read: std::sync::atomic::AtomicBool,
}

impl Manager {
    /// A manager for `spec`'s server(s); connects nothing.
    ///
    /// # Errors
    /// A client that cannot be configured (e.g. a TLS file missing).
    pub fn new(
        kind: Kind,
        connect_timeout: Duration,
        read_timeout: Duration,
        row: crate::stats::Server,
    ) -> Self {
        // Shutdown waits for a running connect as long as it may take (a
        // Sentinel connect asks a sentinel first, then the master).
        gate::may_take(connect_timeout * 2 + read_timeout);
        if let Kind::Sentinel(target) = &kind {
            let _ = target.row.set(row);
        }
        Self {
            kind,
            connect_timeout,
            read_timeout,
            last_error: Arc::new(Mutex::new(None)),
            connects: Arc::new(AtomicU64::new(0)),
            waiting: Arc::new(AtomicUsize::new(0)),
            row,
            policy: Arc::new(Mutex::new(crate::stats::Policy::NotRead)),
            policy_read: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// The first connection of the pool reads the server's eviction policy
    /// (one `INFO memory`); later ones do not ask again.
    fn read_policy_once(&self, conn: &mut Conn) -> RedisResult<()> {
        if self.policy_read.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        match crate::eviction::read_policy(conn.redis()) {
            Ok(policy) => {
                crate::stats::set_policy(self.row, policy);
                *self.policy.lock().unwrap_or_else(PoisonError::into_inner) = policy;
                Ok(())
            }
            Err(e) => {
                self.policy_read.store(false, Ordering::Release);
                Err(e)
            }
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
        let result = self
            .open()
            .and_then(|mut conn| self.read_policy_once(&mut conn).map(|()| conn));
        match &result {
            Ok(_) => {
                self.connects.fetch_add(1, Ordering::Relaxed);
                crate::stats::one_for(self.row, crate::stats::Counter::ConnectionsOpened);
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
