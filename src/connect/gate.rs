//! Connects only while a request waits for one, and never during shutdown.
//!
//! r2d2 retries a failed connect in its thread, forever, while the pool
//! lives. Left alone, a worker would keep dialling (and TLS-handshaking) a
//! server that is down or refuses its certificate, and a handshake still
//! running when PHP exits races OpenSSL's exit handlers (a segfault). Gated,
//! a retry nobody waits for is a no-op, and [`shutdown`] waits out the one
//! connect that may be running.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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

/// Process shutdown (MSHUTDOWN): no connect starts any more, and one that
/// is running is waited for, as long as a connect may take (at least
/// `floor`). Only a connect still running when the process exits is a risk:
/// OpenSSL's exit handlers would free what its TLS setup is using. (redis-rs
/// 1.8 does the TLS handshake without a socket timeout, so a server that
/// accepts TCP and never answers keeps one in a blocking read: harmless at
/// exit, and not waited for beyond the bound.)
pub fn shutdown(floor: Duration) {
    SHUTTING_DOWN.store(true, Ordering::SeqCst);
    let longest = Duration::from_millis(LONGEST_MS.load(Ordering::Relaxed));
    let deadline = Instant::now() + longest.max(floor);
    while IN_FLIGHT.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
}
