//! Keeping a held lock alive: while a request holds its session's lock,
//! the worker's background thread (the one r2d2 already runs for the
//! pools) extends it every third of its TTL, compare-and-extend, on a
//! pooled connection of its own. So a live request never loses its lock
//! however long it runs, and a dead one's lock expires one TTL after its
//! last renewal.
//!
//! Renewal stops when the lock is released (the [`Renewal`] is dropped),
//! when the lock is no longer ours (released by the request-end safety
//! net, taken over after an outage), after `rustredis.lock_max_hold`, and
//! with the process. A forked child has no copy of the thread, so it
//! never renews its parent's lock.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use scheduled_thread_pool::JobHandle;

use crate::config::LockSettings;
use crate::lock::{self, Keys};
use crate::store::Store;

/// The background renewal of one held lock; dropping it stops it.
pub struct Renewal {
    stop: Arc<AtomicBool>,
    job: JobHandle,
}

impl Drop for Renewal {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        self.job.cancel();
    }
}

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

/// Starts renewing the lock `token` holds on session `id`, every
/// [`LockSettings::renew_every`]. None when the store has no background
/// thread (no server).
#[must_use]
pub fn start(
    store: &Arc<Store>,
    id: &[u8],
    token: &str,
    settings: &LockSettings,
) -> Option<Renewal> {
    let threads = store.threads()?;
    let stop = Arc::new(AtomicBool::new(false));
    let every = settings.renew_every();
    let since = Instant::now();
    // Weak: a cancelled job waits in the thread's queue until its next
    // time; it must not keep the store (and its pools) alive meanwhile.
    let (store, id, token, settings) = (
        Arc::downgrade(store),
        id.to_vec(),
        token.to_owned(),
        *settings,
    );
    let flag = Arc::clone(&stop);
    let job = threads.execute_at_fixed_rate(every, every, move || {
        if flag.load(Ordering::Acquire) {
            return;
        }
        let Some(store) = store.upgrade() else {
            flag.store(true, Ordering::Release);
            return;
        };
        let ttl = match next(&settings, since.elapsed()) {
            Next::Extend(ttl) => ttl,
            Next::Stop => {
                flag.store(true, Ordering::Release);
                return;
            }
        };
        // Not ours any more: nothing left to renew. (An error, Redis
        // unreachable for now, is tried again next time: the lock lives a
        // whole TTL, three periods.)
        let renewed = store.exec(&id, |conn, key| {
            lock::renew(conn, &Keys::new(key), &token, ttl)
        });
        if matches!(renewed, Ok(false)) {
            flag.store(true, Ordering::Release);
        }
    });
    Some(Renewal { stop, job })
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
