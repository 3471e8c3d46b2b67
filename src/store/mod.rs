//! Where sessions live: the servers of one save path, each with its
//! key-level options (prefix, wait_replicas, weight) and the shared pool of
//! connections to it, and the choice of server for a session id.
//!
//! The handler only calls [`Store::exec`]: "run these commands for this
//! session id". Which server answers (one server, consistent hashing over
//! several, Sentinel or Cluster) and how connections are kept is decided
//! here and in [`pool`], so new topologies do not touch the handler.
//! Stores and pools are cached per worker by [`registry`].

use std::sync::Arc;
use std::time::Duration;

use redis::{ConnectionLike, RedisError};

use crate::connect::{self, Conn};
use crate::error::{Error, Result};
use crate::hashing;
use pool::ServerPool;
use registry::{PoolKey, Pools};

mod down;
pub mod pool;
pub mod registry;
use crate::replicas::{self, Outcome, Wait};
use crate::save_path::{HostSpec, SavePath, Topology};

/// Connect timeout when the save path sets none (phpredis waits up to a day).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
/// Read/write timeout when the save path sets none: never wait forever.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a write waits for `wait_replicas` when `wait_timeout` is unset.
const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_millis(100);

/// A session's data key, and whether it lives on a cluster (where its lock
/// keys need a hash tag, see the lock's `Keys`).
pub struct SessionKey {
    /// `<prefix><id>`
    pub data: Vec<u8>,
    /// On a Redis Cluster.
    pub cluster: bool,
    /// `wait_replicas`: what writes wait for.
    pub wait: Option<Wait>,
    /// Length of the prefix in `data`, to shorten the key in messages.
    pub prefix_len: usize,
}

/// One server of a save path: its key-level options and its pool.
pub struct Host {
    /// The save path entry (for a Sentinel or Cluster: the first one).
    spec: HostSpec,
    /// The worker's pool for this server, shared with other save paths.
    pool: Arc<ServerPool>,
}

impl Host {
    /// The pool this server's connections come from.
    pub fn pool(&self) -> &Arc<ServerPool> {
        &self.pool
    }

    /// `tcp://host:port` etc., without credentials, for messages.
    pub fn server(&self) -> &str {
        self.pool.server()
    }

    /// The key prefix of this server's sessions.
    pub fn prefix(&self) -> &[u8] {
        &self.spec.prefix
    }

    /// A key of this server that is not a session's (`key` whole, e.g. a
    /// user's index), in the form the pool's error wording expects.
    pub fn other_key(&self, key: Vec<u8>) -> SessionKey {
        SessionKey {
            data: key,
            cluster: self.pool.is_cluster(),
            wait: None,
            prefix_len: 0,
        }
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
            cluster: self.pool.is_cluster(),
            wait,
            prefix_len: self.spec.prefix.len(),
        }
    }
}

impl redis::ToRedisArgs for SessionKey {
    fn write_redis_args<W: ?Sized + redis::RedisWrite>(&self, out: &mut W) {
        out.write_arg(&self.data);
    }
}

/// The servers of one save path.
pub struct Store {
    hosts: Vec<Host>,
    /// (identity, weight) per host, for rendezvous hashing.
    ring: Vec<(Vec<u8>, u32)>,
}

impl Store {
    /// The servers of `save_path`, with pools from `pools` (shared with
    /// every save path naming the same server). Connects nothing.
    ///
    /// # Errors
    /// A server whose client cannot be configured (e.g. a TLS file missing).
    pub fn new(save_path: SavePath, pools: &mut Pools) -> Result<Self> {
        let SavePath {
            hosts: specs,
            topology,
        } = save_path;
        let key = |spec: &HostSpec| PoolKey::new(&topology, std::slice::from_ref(spec));
        let hosts = match &topology {
            Topology::Servers => specs
                .iter()
                .map(|spec| {
                    let pool = pools.get_or_make(key(spec), |threads, idle| {
                        let kind = connect::direct(spec);
                        let server = spec.server();
                        ServerPool::new(
                            spec.clone(),
                            server.clone(),
                            &server,
                            |_, _| kind,
                            threads,
                            idle,
                        )
                    })?;
                    Ok(Host {
                        spec: spec.clone(),
                        pool,
                    })
                })
                .collect::<Result<Vec<_>>>()?,
            Topology::Sentinel {
                master,
                sentinel_auth,
            } => {
                let Some(first) = specs.first().cloned() else {
                    return Ok(Self::empty());
                };
                let pool =
                    pools.get_or_make(PoolKey::new(&topology, &specs), |threads, idle| {
                        let server = format!("sentinel master \"{master}\"");
                        let label = format!("sentinel/{master}");
                        let kind = connect::sentinel(&specs, master, sentinel_auth.as_ref());
                        ServerPool::new(first.clone(), server, &label, |_, _| kind, threads, idle)
                    })?;
                vec![Host { spec: first, pool }]
            }
            Topology::Cluster => {
                let Some(first) = specs.first().cloned() else {
                    return Ok(Self::empty());
                };
                let pool =
                    pools.get_or_make(PoolKey::new(&topology, &specs), |threads, idle| {
                        let seeds: Vec<String> = specs.iter().map(HostSpec::server).collect();
                        let server = format!("cluster {}", seeds.join(","));
                        let label = format!("cluster/{}", seeds.first().map_or("", String::as_str));
                        ServerPool::new(
                            first.clone(),
                            server,
                            &label,
                            |connect, read| connect::cluster(&specs, connect, read),
                            threads,
                            idle,
                        )
                    })?;
                vec![Host { spec: first, pool }]
            }
        };
        let ring = hosts
            .iter()
            .map(|h| (h.server().as_bytes().to_vec(), h.spec.weight))
            .collect();
        Ok(Self { hosts, ring })
    }

    /// True when one of this store's servers uses `pool`.
    pub fn uses(&self, pool: &Arc<ServerPool>) -> bool {
        self.hosts.iter().any(|h| Arc::ptr_eq(&h.pool, pool))
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

    /// The server of `id` and its key, as messages name them (the id as its
    /// fingerprint).
    pub fn describe(&self, id: &[u8]) -> (String, String) {
        match self.route(id) {
            Some(host) => {
                let key = host.key(id);
                (
                    host.server().to_owned(),
                    crate::reply::short_key(&key.data, key.prefix_len),
                )
            }
            None => ("(none)".to_owned(), crate::reply::short_id(id)),
        }
    }

    /// The worker's background thread (None for a store without servers).
    pub fn threads(&self) -> Option<Arc<scheduled_thread_pool::ScheduledThreadPool>> {
        self.hosts.first().map(|h| h.pool.threads())
    }

    /// The shared counters' row of the server that owns `id`.
    pub fn row_for(&self, id: &[u8]) -> crate::stats::Server {
        self.route(id)
            .map_or(crate::stats::Server::NONE, |h| h.pool.row())
    }

    /// The warning that the server of `id` may evict sessions, once per
    /// worker (see [`ServerPool::eviction_warning`]).
    pub fn eviction_warning(&self, id: &[u8]) -> Option<String> {
        self.route(id)?.pool.eviction_warning()
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
        self.run(id, |pool, conn, key| {
            let Some(wait) = key.wait else {
                return op(conn, key, None).map(|(value, _)| (value, Outcome::Confirmed));
            };
            let (value, acked) =
                conn.with_longer_read_timeout(wait.timeout, |conn| op(conn, key, Some(&wait)))?;
            let outcome = match acked {
                Some(acked) => {
                    let slot = redis::cluster_routing::Slot::for_key(&key.data);
                    replicas::settle(&wait, acked, slot, pool.degraded(), || {
                        pool.master_of(conn, key)
                    })
                }
                None => Outcome::Confirmed,
            };
            Ok((value, outcome))
        })
    }

    /// Runs `op` on server number `host` (save path order) with `key`, a
    /// key of that server that is not a session's (see
    /// [`Host::other_key`]); on a cluster the connection routes each
    /// command by its own key.
    ///
    /// # Errors
    /// As [`Store::exec`].
    pub fn exec_on<T>(
        &self,
        host: usize,
        key: &SessionKey,
        mut op: impl FnMut(&mut dyn ConnectionLike) -> redis::RedisResult<T>,
    ) -> Result<T> {
        let host = self.hosts.get(host).ok_or_else(no_server)?;
        Self::run_on(host, key, |_, conn, _| op(conn))
    }

    /// A pooled connection can be stale (Redis restarted since it was
    /// opened); if it turns out dropped, `op` runs once more on a fresh
    /// connection. Every command the handler sends is safe to repeat.
    fn run<T>(
        &self,
        id: &[u8],
        op: impl FnMut(&ServerPool, &mut Conn, &SessionKey) -> redis::RedisResult<T>,
    ) -> Result<T> {
        let host = self.route(id).ok_or_else(no_server)?;
        let key = host.key(id);
        Self::run_on(host, &key, op)
    }

    fn run_on<T>(
        host: &Host,
        key: &SessionKey,
        mut op: impl FnMut(&ServerPool, &mut Conn, &SessionKey) -> redis::RedisResult<T>,
    ) -> Result<T> {
        let pool = &host.pool;
        crate::stats::attribute_to(pool.row());
        if down::is_down(pool) {
            return Err(Error::StillDown {
                server: pool.server().to_owned(),
            });
        }
        let result = (|| {
            let mut conn = pool.checkout()?;
            match op(pool, &mut conn, key) {
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
                    let mut conn = pool.checkout()?;
                    let value =
                        op(pool, &mut conn, key).map_err(|e| pool.failed(&mut conn, &e, key))?;
                    conn.served = true;
                    Ok(value)
                }
                Err(e) => Err(pool.failed(&mut conn, &e, key)),
            }
        })();
        // Only a plain server: a Sentinel master is re-resolved and a
        // cluster heals per shard, so the next call must be free to try.
        if result.as_ref().is_err_and(Error::is_unreachable)
            && !pool.is_cluster()
            && pool.sentinel().is_none()
        {
            down::mark(pool);
        }
        result
    }
}

/// The request ends (or, for a framework calling the class's methods
/// directly, a new unit of work begins): servers that failed are tried again.
pub fn end_request() {
    down::clear();
}

fn no_server() -> Error {
    Error::Redis {
        server: "(none)".to_owned(),
        detail: "no server in the save path".to_owned(),
    }
}

/// An I/O-level failure (refused, reset, timed out), not a server's reply.
fn is_io(e: &RedisError) -> bool {
    e.is_io_error() || e.is_connection_refusal() || e.is_timeout()
}
