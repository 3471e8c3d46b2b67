//! Lock tokens: a value unique to each request (and thread, and process),
//! so a release only ever deletes its own lock.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

/// A lock value unique to this request: 128 random bits of this process,
/// its pid and a counter (so two requests, threads or processes never share
/// one, unlike phpredis's `hostname|pid`).
pub fn new_token() -> String {
    // The hex of seed and pid is made once per process; after fork() the
    // child inherits the parent's prefix, so the pid is checked.
    static PREFIX: Mutex<(u32, String)> = Mutex::new((0, String::new()));
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let pid = std::process::id();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut prefix = PREFIX.lock().unwrap_or_else(PoisonError::into_inner);
    if prefix.0 != pid || prefix.1.is_empty() {
        let mut hex = String::with_capacity(48);
        for b in seed() {
            let _ = write!(hex, "{b:02x}");
        }
        let _ = write!(hex, "-{pid:x}-");
        *prefix = (pid, hex);
    }
    let mut token = String::with_capacity(prefix.1.len() + 16);
    token.push_str(&prefix.1);
    drop(prefix);
    let _ = write!(token, "{n:x}");
    token
}

fn seed() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_ok() {
        return bytes;
    }
    // No OS randomness: time and address entropy, still unique with the pid.
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let addr = std::ptr::addr_of!(bytes) as usize as u128;
    (t ^ addr.rotate_left(64)).to_le_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert!(a.len() > 32);
        assert_eq!(a[..a.len() - 1], b[..b.len() - 1]);
    }
}
