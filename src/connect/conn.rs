//! A pooled connection (one server, or a cluster) and what the store asks
//! of it: a longer read timeout for `WAIT`, the cluster node of a key.

use std::time::Duration;

use redis::cluster::ClusterConnection;
use redis::{ConnectionLike, RedisResult};

use super::fail_fast::FailFast;

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
    pub(super) inner: RawConn,
    /// Set by the store after an error that leaves the connection unusable.
    pub broken: bool,
    /// It answered at least once: if it fails on its next use, it may have
    /// gone stale while idle in the pool (Redis restarted), worth one retry.
    pub served: bool,
    /// Sentinel: the master generation this connection was made for.
    pub(super) generation: u64,
    /// The socket read timeout it was opened with.
    pub(super) read_timeout: Duration,
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
