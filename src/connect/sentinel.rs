//! Redis Sentinel: the master of a monitored group, asked of the
//! sentinels, re-confirmed once a second, and forgotten after a failover.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use redis::{ConnectionInfo, IntoConnectionInfo, RedisConnectionInfo, RedisError, RedisResult};

use super::{Kind, address, nodelay, redis_info};
use crate::save_path::{Auth, HostSpec};

/// The master of a Sentinel-monitored group, found by asking the sentinels.
pub struct SentinelTarget {
    sentinels: Vec<ConnectionInfo>,
    master_name: String,
    /// The master's connection settings (auth, database, TCP).
    pub(super) master_info: RedisConnectionInfo,
    /// The master's address as last resolved.
    current: Mutex<Option<(String, u16)>>,
    /// Bumped each time the master changes: older connections are stale.
    generation: AtomicU64,
    /// Failovers seen by this worker.
    pub failovers: AtomicU64,
    /// When the master address was last confirmed with a sentinel.
    last_check: Mutex<Option<Instant>>,
    /// The group's row in the shared counters (set by its pool's manager).
    pub(super) row: std::sync::OnceLock<crate::stats::Server>,
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
    pub(super) fn resolve(&self, timeout: Duration) -> RedisResult<(String, u16)> {
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
    pub(super) fn record(&self, addr: &(String, u16)) {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if current.as_ref() != Some(addr) {
            if current.is_some() {
                self.failovers.fetch_add(1, Ordering::Relaxed);
                crate::stats::one_for(
                    self.row
                        .get()
                        .copied()
                        .unwrap_or(crate::stats::Server::NONE),
                    crate::stats::Counter::Failovers,
                );
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
        row: std::sync::OnceLock::new(),
    })))
}
