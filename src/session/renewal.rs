//! Keeping held locks alive: while a request holds its session's lock,
//! the worker's background thread (the one r2d2 already runs for the
//! pools) extends it every third of its TTL, compare-and-extend, on a
//! pooled connection of its own. So a live request never loses its lock
//! however long it runs, and a dead one's lock expires one TTL after its
//! last renewal.
//!
//! One job per process looks at the held locks every [`TICK`]: taking a
//! lock only adds an entry to a list (no thread is woken, so an
//! uncontended request pays nothing measurable), and a lock released
//! before its first renewal is never sent to Redis. The job ends itself
//! after [`IDLE_STOP`] without locks, so an idle worker is not woken.
//!
//! Renewal stops when the lock is released (the [`Renewal`] is dropped),
//! when the lock is no longer ours (released by the request-end safety
//! net, taken over after an outage), after `rustredis.lock_max_hold`, and
//! with the process. A forked child has no copy of the thread and drops
//! its parent's list, so it never renews its parent's lock.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use scheduled_thread_pool::JobHandle;

use crate::config::LockSettings;
use crate::lock::{self, Keys};
use crate::store::Store;

/// How often the job looks for locks due for renewal.
const TICK: Duration = Duration::from_millis(100);
/// The job ends after this long without a held lock.
const IDLE_STOP: Duration = Duration::from_secs(30);

/// The renewal of one held lock; dropping it stops it.
pub struct Renewal {
    stop: Arc<AtomicBool>,
}

impl Drop for Renewal {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
    }
}

/// One held lock.
struct Entry {
    /// Weak: a lock released meanwhile must not keep its store alive.
    store: Weak<Store>,
    id: Vec<u8>,
    token: String,
    settings: LockSettings,
    since: Instant,
    next: Instant,
    stop: Arc<AtomicBool>,
}

/// This process's held locks and its job.
struct Renewals {
    pid: u32,
    entries: Vec<Entry>,
    job: Option<JobHandle>,
    /// Since when the list has been empty.
    idle_since: Option<Instant>,
}

static RENEWALS: Mutex<Option<Renewals>> = Mutex::new(None);

/// What one renewal does next.
#[derive(Debug, PartialEq, Eq)]
enum Next {
    /// Extend the lock to this TTL.
    Extend(Duration),
    /// `lock_max_hold` is reached: let the lock run out.
    Stop,
}

/// The TTL the next renewal gives, `held` after the lock was taken: the
/// full TTL, or what is left of `lock_max_hold`.
fn next(settings: &LockSettings, held: Duration) -> Next {
    match settings.max_hold {
        Some(max) if held >= max => Next::Stop,
        Some(max) => Next::Extend(settings.ttl().min(max.saturating_sub(held))),
        None => Next::Extend(settings.ttl()),
    }
}

/// Renews the lock `token` holds on session `id` every
/// [`LockSettings::renew_every`] until the returned [`Renewal`] is dropped.
/// None when the store has no background thread (no server).
#[must_use]
pub fn start(
    store: &Arc<Store>,
    id: &[u8],
    token: &str,
    settings: &LockSettings,
) -> Option<Renewal> {
    let threads = store.threads()?;
    let stop = Arc::new(AtomicBool::new(false));
    let now = Instant::now();
    let mut guard = RENEWALS.lock().unwrap_or_else(PoisonError::into_inner);
    let pid = std::process::id();
    if guard.as_ref().is_some_and(|r| r.pid != pid) {
        // Inherited over fork(): the parent's locks are the parent's.
        *guard = None;
    }
    let renewals = guard.get_or_insert_with(|| Renewals {
        pid,
        entries: Vec::new(),
        job: None,
        idle_since: None,
    });
    renewals.entries.push(Entry {
        store: Arc::downgrade(store),
        id: id.to_vec(),
        token: token.to_owned(),
        settings: *settings,
        since: now,
        next: now + settings.renew_every(),
        stop: Arc::clone(&stop),
    });
    renewals.idle_since = None;
    if renewals.job.is_none() {
        renewals.job = Some(threads.execute_at_fixed_rate(TICK, TICK, tick));
    }
    Some(Renewal { stop })
}

/// A renewal due now, taken out of the list to run without its lock.
struct Due {
    store: Weak<Store>,
    id: Vec<u8>,
    token: String,
    what: Next,
    stop: Arc<AtomicBool>,
}

/// One look at the held locks: renews those due, forgets the released.
fn tick() {
    let now = Instant::now();
    let due: Vec<Due> = {
        let mut guard = RENEWALS.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(renewals) = guard.as_mut().filter(|r| r.pid == std::process::id()) else {
            return;
        };
        renewals.entries.retain(|e| !e.stop.load(Ordering::Acquire));
        if renewals.entries.is_empty() {
            let idle = *renewals.idle_since.get_or_insert(now);
            if now.duration_since(idle) >= IDLE_STOP
                && let Some(job) = renewals.job.take()
            {
                job.cancel();
            }
            return;
        }
        renewals
            .entries
            .iter_mut()
            .filter(|e| e.next <= now)
            .map(|e| {
                e.next = now + e.settings.renew_every();
                let what = next(&e.settings, now.duration_since(e.since));
                Due {
                    store: e.store.clone(),
                    id: e.id.clone(),
                    token: e.token.clone(),
                    what,
                    stop: Arc::clone(&e.stop),
                }
            })
            .collect()
    };
    // Outside the list's lock: a slow server must not hold up requests.
    for Due {
        store,
        id,
        token,
        what,
        stop,
    } in due
    {
        let (Some(store), Next::Extend(ttl)) = (store.upgrade(), what) else {
            stop.store(true, Ordering::Release);
            continue;
        };
        // Not ours any more: nothing left to renew. (An error, Redis
        // unreachable for now, is tried again next time: the lock lives a
        // whole TTL, three periods.)
        let renewed = store.exec(&id, |conn, key| {
            lock::renew(conn, &Keys::new(key), &token, ttl)
        });
        if matches!(renewed, Ok(false)) {
            stop.store(true, Ordering::Release);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(max_hold: Option<u64>) -> LockSettings {
        let mut s = LockSettings::from_ini(true, 10, 0, 0, 0, false);
        s.max_hold = max_hold.map(Duration::from_secs);
        s
    }

    #[test]
    fn renews_to_the_full_ttl_without_a_ceiling() {
        let s = settings(None);
        assert_eq!(s.renew_every().as_millis(), 3333);
        assert_eq!(
            next(&s, Duration::from_secs(3600)),
            Next::Extend(Duration::from_secs(10))
        );
    }

    #[test]
    fn max_hold_caps_the_last_renewal_and_then_stops() {
        let s = settings(Some(25));
        assert_eq!(
            next(&s, Duration::from_secs(4)),
            Next::Extend(Duration::from_secs(10))
        );
        assert_eq!(
            next(&s, Duration::from_secs(20)),
            Next::Extend(Duration::from_secs(5))
        );
        assert_eq!(next(&s, Duration::from_secs(25)), Next::Stop);
        // Shorter than the TTL: taken with it, never renewed past it.
        let s = settings(Some(3));
        assert_eq!(s.ttl(), Duration::from_secs(3));
        assert_eq!(
            next(&s, Duration::from_secs(1)),
            Next::Extend(Duration::from_secs(2))
        );
    }
}
