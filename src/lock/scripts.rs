//! The lock's Lua scripts. Each releasing script checks the token first
//! (another request may hold the lock now, or nobody) and wakes one waiter
//! last; the data never passes through Lua on a single server (see
//! `COMMIT_RELEASE`).

use std::sync::LazyLock;

use redis::Script;

/// How long an unconsumed wake-up stays in the list. Any successful acquire
/// deletes the list anyway; this only bounds leftovers.
pub(super) const WAKE_TTL_MS: u64 = 10_000;

/// The slow path of acquiring, when the plain `SET NX` found the lock
/// taken: take it if it is free by now or already ours (a retry after a
/// lost reply, `session_reset()`), and read the data; else flag that someone
/// waits (for as long as a lock can live) and return the holder's PTTL.
/// Returns {1, data-or-nil} or {0, pttl}.
pub(super) static ACQUIRE_BUSY: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1]
   or (not holder and redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])) then
  return {1, redis.call('GET', KEYS[2])}
end
redis.call('SET', KEYS[4], '1', 'PX', ARGV[2])
return {0, redis.call('PTTL', KEYS[1])}
",
    )
});

/// Shared head of every releasing script: unless the lock is still ours,
/// stop, telling "another request holds it" (0) from "nobody does" (-3).
const NOT_OURS: &str = "local holder = redis.call('GET', KEYS[1])
if holder ~= ARGV[1] then
  if holder then return 0 end
  return -3
end
";

/// Shared tail of every releasing script: delete the lock and, if someone
/// waits, wake one waiter.
const RELEASE_TAIL: &str = "
redis.call('DEL', KEYS[1])
if redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('RPUSH', KEYS[3], '1')
  redis.call('PEXPIRE', KEYS[3], ARGV[2])
end
";

/// Write the data with its TTL and release, if the lock is still ours.
pub(super) static WRITE_RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{NOT_OURS}redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4]){RELEASE_TAIL}return 1"
    ))
});

/// The second half of a staged write: the data was just `SET` (natively,
/// in the same pipeline) under `KEYS[5]`; if the lock is still ours, move it
/// over the data key (`RENAME` moves the value, no copy), give it the
/// session TTL and release; else drop it. Large sessions never pass
/// through Lua this way. If the staged SET was refused (OOM, MISCONF, ...:
/// the key is not `ARGV[4]` bytes long, or missing; EXISTS is asked only
/// for an empty session, so a commit costs one STRLEN more), the stored
/// session is left as it was and the lock released (-2); the pipeline
/// reports the SET's error.
pub(super) static COMMIT_RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "local holder = redis.call('GET', KEYS[1])
if holder ~= ARGV[1] then
  redis.call('DEL', KEYS[5])
  if holder then return 0 end
  return -3
end
if redis.call('STRLEN', KEYS[5]) ~= tonumber(ARGV[4])
   or (ARGV[4] == '0' and redis.call('EXISTS', KEYS[5]) == 0) then
  redis.call('DEL', KEYS[5]){RELEASE_TAIL}return -2
end
redis.call('RENAME', KEYS[5], KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[3]){RELEASE_TAIL}return 1"
    ))
});

/// How long a staged write may wait for its commit (it is deleted or moved
/// in the same round trip; this only bounds a leftover).
pub(super) const STAGING_TTL_MS: u64 = 60_000;

/// Refresh the data's TTL and release, if the lock is ours. Returns -1
/// (lock kept) when the data key expired, so the caller writes it instead.
pub(super) static TOUCH_RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{NOT_OURS}if redis.call('EXPIRE', KEYS[2], ARGV[3]) == 0 then return -1 end{RELEASE_TAIL}return 1"
    ))
});

/// Delete the data and release, if the lock is ours.
pub(super) static DESTROY_RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{NOT_OURS}redis.call('DEL', KEYS[2]){RELEASE_TAIL}return 1"
    ))
});

/// Release without writing (compare-and-delete).
pub(super) static RELEASE: LazyLock<Script> =
    LazyLock::new(|| Script::new(&format!("{NOT_OURS}{RELEASE_TAIL}return 1")));

pub(super) fn wake_ttl() -> String {
    WAKE_TTL_MS.to_string()
}

/// The server does not know the script (first use, or after a restart).
pub(super) fn is_noscript(e: &redis::RedisError) -> bool {
    if e.kind() == redis::ErrorKind::Server(redis::ServerErrorKind::NoScript) {
        return true;
    }
    e.clone().into_server_errors().is_some_and(|errors| {
        errors
            .iter()
            .any(|(_, se)| se.kind() == Some(redis::ServerErrorKind::NoScript))
    })
}
