//! The per-worker caches: parsed save paths ([`Store`]s) by their text, and
//! connection pools ([`ServerPool`]s) by what they connect to.
//!
//! Connections scale with servers, not with save-path strings: 300 tenants
//! whose save paths differ only in `prefix=` share one pool, so a worker
//! holds one connection per server it talks to. Both caches are bounded
//! (least recently used out first), and a pool no request used for
//! `rustredis.pool_idle_timeout` is closed.
//!
//! PHP lifecycle: php-fpm loads the extension, then forks its workers. A
//! pool made before the fork would share sockets between processes and lose
//! its r2d2 thread, so pools are only ever built lazily, inside a request,
//! and a registry built in another process (checked by pid) is thrown away.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use scheduled_thread_pool::ScheduledThreadPool;

use crate::config::PoolSettings;
use crate::error::Result;
use crate::save_path::{Address, Auth, HostSpec, SavePath, TlsOptions, Topology};
use crate::store::Store;
use crate::store::pool::ServerPool;

/// Parsed save paths kept per worker (a store is a few hundred bytes; the
/// pools it points to are bounded separately).
const MAX_STORES: usize = 1024;

/// What makes two connections differ: where they go and how they log in.
/// Key-level options (prefix, lock and TTL settings, wait_replicas, weight)
/// are not part of it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PoolKey {
    kind: KindKey,
    endpoints: Vec<Endpoint>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum KindKey {
    Server,
    /// A Sentinel pool follows failovers and checks ROLE: never shared with
    /// a plain pool to the master's current address.
    Sentinel {
        master: String,
        auth: Option<Auth>,
    },
    /// A cluster connection routes by slot over all nodes: one per seed list.
    Cluster,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Endpoint {
    address: Address,
    timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    auth: Option<Auth>,
    database: Option<u32>,
    tls: TlsOptions,
}

impl PoolKey {
    /// The key of a pool for `specs` (one server, or a Sentinel group's
    /// sentinels, or a cluster's seeds).
    #[must_use]
    pub fn new(topology: &Topology, specs: &[HostSpec]) -> Self {
        let kind = match topology {
            Topology::Servers => KindKey::Server,
            Topology::Sentinel {
                master,
                sentinel_auth,
            } => KindKey::Sentinel {
                master: master.clone(),
                auth: sentinel_auth.clone(),
            },
            Topology::Cluster => KindKey::Cluster,
        };
        let endpoints = specs
            .iter()
            .map(|s| Endpoint {
                address: s.address.clone(),
                timeout: s.timeout,
                read_timeout: s.read_timeout,
                auth: s.auth.clone(),
                database: s.database,
                tls: s.tls.clone(),
            })
            .collect();
        Self { kind, endpoints }
    }
}

/// The pools of this worker, by what they connect to.
pub struct Pools {
    threads: Arc<ScheduledThreadPool>,
    settings: PoolSettings,
    by_key: HashMap<PoolKey, Arc<ServerPool>>,
    /// A pool was closed since the stores were last checked.
    closed_some: bool,
}

impl Pools {
    /// No pools yet; one background thread serves them all (r2d2 would
    /// start three per pool).
    #[must_use]
    pub fn new(settings: PoolSettings) -> Self {
        Self {
            threads: Arc::new(
                ScheduledThreadPool::builder()
                    .num_threads(1)
                    .thread_name_pattern("rustredis-pool")
                    .build(),
            ),
            settings,
            by_key: HashMap::new(),
            closed_some: false,
        }
    }

    /// The pool for `key`, made by `make` (given the background thread and
    /// the idle timeout) if this worker has none. Making one beyond
    /// `max_pools` closes the least recently used first.
    ///
    /// # Errors
    /// Whatever `make` returns.
    pub fn get_or_make(
        &mut self,
        key: PoolKey,
        make: impl FnOnce(Arc<ScheduledThreadPool>, Duration) -> Result<ServerPool>,
    ) -> Result<Arc<ServerPool>> {
        if let Some(pool) = self.by_key.get(&key) {
            return Ok(Arc::clone(pool));
        }
        let pool = Arc::new(make(Arc::clone(&self.threads), self.settings.idle_timeout)?);
        while self.by_key.len() >= self.settings.max_pools.max(1) {
            let Some(oldest) = self
                .by_key
                .iter()
                .min_by_key(|(_, p)| p.last_used())
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            self.by_key.remove(&oldest);
            self.closed_some = true;
        }
        self.by_key.insert(key, Arc::clone(&pool));
        Ok(pool)
    }

    /// Drops the pools no request used for the idle timeout.
    /// Drops the pools no request used for the idle timeout; true when it
    /// dropped one.
    fn sweep(&mut self, now: Instant) -> bool {
        let idle = self.settings.idle_timeout;
        let before = self.by_key.len();
        self.by_key
            .retain(|_, p| now.saturating_duration_since(p.last_used()) < idle);
        self.by_key.len() != before
    }

    /// True when `pool` is one of this worker's live pools.
    fn holds(&self, pool: &Arc<ServerPool>) -> bool {
        self.by_key.values().any(|p| Arc::ptr_eq(p, pool))
    }
}

/// The stores and pools of this worker process.
struct Registry {
    pid: u32,
    pools: Pools,
    /// Store by save path text (plus class options), and when last asked.
    stores: HashMap<String, (Arc<Store>, Instant)>,
}

impl Registry {
    /// Drops the stores using a pool that was closed (idle, or over
    /// `max_pools`), so the pool's connections go now, not with the store;
    /// such a store is made again when asked for.
    fn forget_closed(&mut self) {
        let pools = &self.pools;
        self.stores
            .retain(|_, (store, _)| store.hosts().iter().all(|h| pools.holds(h.pool())));
    }
}

static REGISTRY: OnceLock<Mutex<Option<Registry>>> = OnceLock::new();

/// The store for `key` (a save path, plus any class options), made by
/// `make` on first use in this process, its servers' pools shared with
/// every other store naming them.
///
/// # Errors
/// Whatever `make` returns (bad save path, bad TLS files).
pub fn store_for(
    key: &str,
    settings: PoolSettings,
    make: impl FnOnce() -> Result<SavePath>,
) -> Result<Arc<Store>> {
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
        pools: Pools::new(settings),
        stores: HashMap::new(),
    });
    // ini_set() may have changed the limits since the last request.
    registry.pools.settings = settings;
    let now = Instant::now();
    if registry.pools.sweep(now) {
        registry.pools.closed_some = true;
    }
    // Only after a pool was closed: the common request looks up its store
    // and nothing else.
    if std::mem::take(&mut registry.pools.closed_some) {
        registry.forget_closed();
    }
    if let Some((store, used)) = registry.stores.get_mut(key) {
        *used = now;
        return Ok(Arc::clone(store));
    }
    let store = Arc::new(Store::new(make()?, &mut registry.pools)?);
    // Making its pools may have closed the least recently used one.
    if std::mem::take(&mut registry.pools.closed_some) {
        registry.forget_closed();
    }
    if registry.stores.len() >= MAX_STORES
        && let Some(oldest) = registry
            .stores
            .iter()
            .min_by_key(|(_, (_, used))| *used)
            .map(|(k, _)| k.clone())
    {
        registry.stores.remove(&oldest);
    }
    registry
        .stores
        .insert(key.to_owned(), (Arc::clone(&store), now));
    Ok(store)
}

/// Visits every pool of this process (for phpinfo), in server name order.
pub fn for_each_pool(mut visit: impl FnMut(&ServerPool)) {
    let Some(lock) = REGISTRY.get() else { return };
    let guard = lock.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(registry) = guard.as_ref().filter(|r| r.pid == std::process::id()) {
        let mut pools: Vec<&Arc<ServerPool>> = registry.pools.by_key.values().collect();
        pools.sort_by(|a, b| a.server().cmp(b.server()));
        for pool in pools {
            visit(pool);
        }
    }
}
