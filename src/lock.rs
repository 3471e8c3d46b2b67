//! The session lock: one request at a time per session, as with PHP's
//! `files` handler, at the cost of no extra round trip.
//!
//! Keys (phpredis's, so a mixed fleet excludes each other): the data key
//! `<prefix><id>`, the lock `<data key>_LOCK` holding a token unique to the
//! request; and only while requests wait: a wake-up list
//! `<data key>_LOCK_WAKE` and a flag `<data key>_LOCK_WAITERS`.
//!
//! - Acquire and read: `SET NX` + `GET` pipelined, one round trip (a script
//!   only when the lock is busy).
//! - Write (or refresh the TTL, or delete) and release: one script, one
//!   round trip, and only while the token still matches: a request whose
//!   lock expired and was taken by another must not overwrite that session.
//! - Waiting: a waiter sets the waiters flag; a release that sees the flag
//!   pushes onto the wake-up list, and waiters block on it with `BLPOP`
//!   (Redis serves blocked clients first come, first served),
//!   so a waiter starts within a round trip of the release instead of after
//!   a blind sleep. `BLPOP` times out after `lock_wait_time`, so a holder that
//!   pushes nothing (a crashed one, or phpredis) is still noticed.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};

use redis::{ConnectionLike, RedisResult, Script};

use crate::replicas::Wait;
use crate::store::SessionKey;

/// How long an unconsumed wake-up stays in the list. Any successful acquire
/// deletes the list anyway; this only bounds leftovers.
const WAKE_TTL_MS: u64 = 10_000;

/// Lock settings of one request, read from the `rustredis.*` ini settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockSettings {
    /// `rustredis.locking_enabled`
    pub enabled: bool,
    /// Lock TTL (`rustredis.lock_expire`, else `max_execution_time`, else 30 s).
    pub expire: Duration,
    /// `rustredis.lock_wait_time`: longest gap between two attempts.
    pub wait: Duration,
    /// `rustredis.lock_retries`: attempts; `None` = until the holder's lock expires.
    pub retries: Option<u32>,
    /// `rustredis.lock_failure_readonly`: start read-only instead of failing.
    pub readonly_on_failure: bool,
}

/// Lock TTL when neither `rustredis.lock_expire` nor `max_execution_time`
/// gives one: a lock is never unlimited.
pub const FALLBACK_EXPIRE: Duration = Duration::from_secs(30);
/// phpredis 6's defaults, so the same numbers behave alike.
pub const DEFAULT_WAIT_US: i64 = 20_000;
/// phpredis 6's default number of attempts.
pub const DEFAULT_RETRIES: i64 = 100;

impl LockSettings {
    /// Settings from raw ini values (`lock_expire` s, `max_execution_time` s,
    /// `lock_wait_time` us, `lock_retries`), applying the documented defaults.
    #[must_use]
    pub fn from_ini(
        enabled: bool,
        lock_expire: i64,
        max_execution_time: i64,
        wait_us: i64,
        retries: i64,
        readonly_on_failure: bool,
    ) -> Self {
        let expire_s = if lock_expire > 0 {
            lock_expire
        } else {
            max_execution_time
        };
        let expire = u64::try_from(expire_s)
            .ok()
            .filter(|s| *s > 0)
            .map_or(FALLBACK_EXPIRE, Duration::from_secs);
        let wait_us = if wait_us > 0 {
            wait_us
        } else {
            DEFAULT_WAIT_US
        };
        let wait = Duration::from_micros(u64::try_from(wait_us).unwrap_or(20_000));
        let retries = match retries {
            r if r < 0 => None,
            0 => Some(100),
            r => Some(u32::try_from(r).unwrap_or(u32::MAX)),
        };
        Self {
            enabled,
            expire,
            wait,
            retries,
            readonly_on_failure,
        }
    }

    /// The longest a request waits for a busy lock.
    #[must_use]
    pub fn max_wait(&self) -> Duration {
        match self.retries {
            Some(n) => self.wait.saturating_mul(n),
            None => self.expire + self.wait,
        }
    }
}

/// The three keys of one session.
pub struct Keys {
    /// `<prefix><id>`
    pub data: Vec<u8>,
    /// `<prefix><id>_LOCK`
    pub lock: Vec<u8>,
    /// `<prefix><id>_LOCK_WAKE`
    pub wake: Vec<u8>,
    /// `<prefix><id>_LOCK_WAITERS`
    pub waiters: Vec<u8>,
    /// `<prefix><id>_LOCK_NEW`: a write staged until the lock is checked.
    pub staging: Vec<u8>,
    /// On a cluster, whose connection cannot pipeline: acquire by script.
    cluster: bool,
}

impl Keys {
    /// The keys of a session.
    ///
    /// On a cluster, all of a session's keys must share a hash slot for the
    /// scripts. The data key stays phpredis's `<prefix><id>` (so sessions
    /// written by phpredis's `rediscluster` handler are read), and the other
    /// keys carry it as their hash tag: `{<prefix><id>}_LOCK`, which hashes
    /// like the data key itself. (A prefix with its own `{...}` tag already
    /// decides the slot; then the plain suffixes keep it.)
    #[must_use]
    pub fn new(key: &SessionKey) -> Self {
        let data = key.data.as_slice();
        let tag = key.cluster && !has_hash_tag(data);
        let mut lock = Vec::with_capacity(data.len() + 7);
        if tag {
            lock.push(b'{');
            lock.extend_from_slice(data);
            lock.push(b'}');
        } else {
            lock.extend_from_slice(data);
        }
        lock.extend_from_slice(b"_LOCK");
        let mut wake = Vec::with_capacity(lock.len() + 5);
        wake.extend_from_slice(&lock);
        wake.extend_from_slice(b"_WAKE");
        let mut waiters = Vec::with_capacity(lock.len() + 8);
        waiters.extend_from_slice(&lock);
        waiters.extend_from_slice(b"_WAITERS");
        let mut staging = Vec::with_capacity(lock.len() + 4);
        staging.extend_from_slice(&lock);
        staging.extend_from_slice(b"_NEW");
        Self {
            data: data.to_vec(),
            lock,
            wake,
            waiters,
            staging,
            cluster: key.cluster,
        }
    }
}

/// True when Redis Cluster would hash `key` by a `{...}` section (a `{`
/// followed, later, by a `}` with something in between).
fn has_hash_tag(key: &[u8]) -> bool {
    key.iter().position(|b| *b == b'{').is_some_and(|open| {
        key[open + 1..]
            .iter()
            .position(|b| *b == b'}')
            .is_some_and(|len| len > 0)
    })
}

/// The slow path of acquiring, when the plain `SET NX` found the lock
/// taken: take it if it is free by now or already ours (a retry after a
/// lost reply, `session_reset()`), and read the data; else flag that someone
/// waits (for as long as a lock can live) and return the holder's PTTL.
/// Returns {1, data-or-nil} or {0, pttl}.
static ACQUIRE_BUSY: LazyLock<Script> = LazyLock::new(|| {
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
static WRITE_RELEASE: LazyLock<Script> = LazyLock::new(|| {
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
static COMMIT_RELEASE: LazyLock<Script> = LazyLock::new(|| {
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
const STAGING_TTL_MS: u64 = 60_000;

/// Refresh the data's TTL and release, if the lock is ours. Returns -1
/// (lock kept) when the data key expired, so the caller writes it instead.
static TOUCH_RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{NOT_OURS}if redis.call('EXPIRE', KEYS[2], ARGV[3]) == 0 then return -1 end{RELEASE_TAIL}return 1"
    ))
});

/// Delete the data and release, if the lock is ours.
static DESTROY_RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{NOT_OURS}redis.call('DEL', KEYS[2]){RELEASE_TAIL}return 1"
    ))
});

/// Release without writing (compare-and-delete).
static RELEASE: LazyLock<Script> =
    LazyLock::new(|| Script::new(&format!("{NOT_OURS}{RELEASE_TAIL}return 1")));

fn wake_ttl() -> String {
    WAKE_TTL_MS.to_string()
}

/// What trying to lock gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Acquired {
    /// The lock is ours; the session's stored data (None: no such key).
    Locked(Option<Vec<u8>>),
    /// Still busy when the wait ran out, after waiting this long.
    Busy(Duration),
}

/// Takes the lock of `keys` with `token`, waiting up to the settings'
/// bound, and reads the data in the same round trip.
///
/// # Errors
/// Redis errors (connection, timeout, script errors).
pub fn acquire(
    conn: &mut dyn ConnectionLike,
    keys: &Keys,
    token: &str,
    settings: &LockSettings,
) -> RedisResult<Acquired> {
    let ttl_ms = u64::try_from(settings.expire.as_millis()).unwrap_or(u64::MAX);
    let start = Instant::now();
    let mut deadline = start + settings.max_wait();
    let mut waited = false;
    loop {
        // Fast path: SET NX and GET pipelined, one round trip and cheaper for
        // Redis than a script. The GET is only wasted when the lock is busy.
        // (redis-rs's cluster connection cannot pipeline: the script does
        // the same there, in one round trip too.)
        let (set, data): (redis::Value, Option<Vec<u8>>) = if keys.cluster {
            (redis::Value::Nil, None)
        } else {
            redis::pipe()
                .cmd("SET")
                .arg(&keys.lock)
                .arg(token)
                .arg("NX")
                .arg("PX")
                .arg(ttl_ms)
                .cmd("GET")
                .arg(&keys.data)
                .query(conn)?
        };
        let (ok, payload) = if set == redis::Value::Okay {
            (1, None)
        } else {
            let (ok, payload): (i64, redis::Value) = ACQUIRE_BUSY
                .key(&keys.lock)
                .key(&keys.data)
                .key(&keys.wake)
                .key(&keys.waiters)
                .arg(token)
                .arg(ttl_ms)
                .invoke(conn)?;
            (ok, Some(payload))
        };
        if ok == 1 {
            if waited {
                STATS.record_wait(start.elapsed());
            }
            STATS.locks_taken.fetch_add(1, Ordering::Relaxed);
            let data = match payload {
                None => data,
                Some(payload) => redis::from_redis_value(payload)?,
            };
            return Ok(Acquired::Locked(data));
        }
        let payload = payload.unwrap_or(redis::Value::Nil);
        let now = Instant::now();
        if settings.retries.is_none()
            && let Ok(pttl) = redis::from_redis_value::<i64>(payload)
            && let Ok(pttl) = u64::try_from(pttl)
        {
            // "Until the holder's lock expires": follow the holder's TTL.
            deadline = deadline.max(now + Duration::from_millis(pttl) + settings.wait);
        }
        if now >= deadline {
            STATS.timeouts.fetch_add(1, Ordering::Relaxed);
            if waited {
                STATS.record_wait(start.elapsed());
            }
            return Ok(Acquired::Busy(start.elapsed()));
        }
        waited = true;
        wait_for_wake(conn, &keys.wake, settings.wait.min(deadline - now))?;
    }
}

/// Set once a server refused a fractional `BLPOP` timeout (Redis before
/// 6.0) or the ACL user may not run `BLPOP`: from then on this process
/// polls instead, as phpredis does.
static POLL_INSTEAD_OF_BLPOP: AtomicBool = AtomicBool::new(false);

/// Blocks until a release pushes onto `wake`, or for at most `block`.
fn wait_for_wake(conn: &mut dyn ConnectionLike, wake: &[u8], block: Duration) -> RedisResult<()> {
    if !POLL_INSTEAD_OF_BLPOP.load(Ordering::Relaxed) {
        // BLPOP's timeout is in seconds, fractions allowed since Redis 6.0;
        // 0 would block forever, so never send less than a millisecond.
        let secs = block.as_secs_f64().max(0.001);
        let reply: RedisResult<Option<(Vec<u8>, Vec<u8>)>> = redis::cmd("BLPOP")
            .arg(wake)
            .arg(format!("{secs:.3}"))
            .query(conn);
        match reply {
            Err(e) if blpop_refused(&e) => {
                POLL_INSTEAD_OF_BLPOP.store(true, Ordering::Relaxed);
            }
            other => return other.map(drop),
        }
    }
    std::thread::sleep(block);
    Ok(())
}

/// Redis 5 answers a fractional timeout with "ERR timeout is not an integer
/// or out of range" (6.0 and later accept it); an ACL user may lack BLPOP
/// (NOPERM). Either way, polling still works.
fn blpop_refused(e: &redis::RedisError) -> bool {
    matches!(e.kind(), redis::ErrorKind::Server(_))
        && (e.code() == Some("NOPERM")
            || e.detail()
                .is_some_and(|d| d.contains("timeout is not an integer")))
}

/// Which write accompanies a release.
pub enum Release<'a> {
    /// Store the data with this TTL (seconds).
    Write(&'a [u8], i64),
    /// Refresh the data's TTL (seconds) without sending it.
    Touch(i64),
    /// Delete the data.
    Destroy,
    /// Only release.
    Only,
}

/// Outcome of a release.
#[derive(Debug, PartialEq, Eq)]
pub enum Released {
    /// Done, and the lock is released.
    Done,
    /// Another request holds the lock now: nothing was written.
    Lost,
    /// The lock expired and nobody holds it: nothing was written.
    Gone,
    /// `Touch` found the data key expired: nothing done, the lock is kept.
    Expired,
}

/// Performs `what` and releases the lock in one round trip, if the lock is
/// still held with `token`. With `wait`, `WAIT` rides in the same pipeline
/// (see [`crate::replicas`]); returns how many replicas confirmed.
///
/// # Errors
/// Redis errors.
pub fn release(
    conn: &mut dyn ConnectionLike,
    keys: &Keys,
    token: &str,
    what: &Release<'_>,
    wait: Option<&Wait>,
) -> RedisResult<(Released, Option<u32>)> {
    // Only a write is waited for.
    let wait = wait.filter(|_| !matches!(what, Release::Only));
    let result = release_scripted(conn, keys, token, what, wait);
    if let Err(e) = &result
        && !keys.cluster
        && crate::reply::first_error(e).is_some_and(|(code, _)| code == "NOPERM")
    {
        // The ACL user may not run scripts: whatever failed, leave no
        // staged copy and no lock behind (the error is reported as it is).
        let _ = release_without_scripts(conn, keys, token);
    }
    result
}

/// Drops the staged copy and compare-and-deletes the lock with WATCH/MULTI
/// instead of Lua, for ACL users without scripting.
fn release_without_scripts(
    conn: &mut dyn ConnectionLike,
    keys: &Keys,
    token: &str,
) -> RedisResult<()> {
    redis::cmd("DEL").arg(&keys.staging).exec(conn)?;
    redis::cmd("WATCH").arg(&keys.lock).exec(conn)?;
    let holder: Option<Vec<u8>> = redis::cmd("GET").arg(&keys.lock).query(conn)?;
    if holder.as_deref() == Some(token.as_bytes()) {
        // EXEC fails (nil) if the lock changed since WATCH: then it is not ours.
        let _: Option<(i64,)> = redis::pipe()
            .atomic()
            .cmd("DEL")
            .arg(&keys.lock)
            .query(conn)?;
    } else {
        redis::cmd("UNWATCH").exec(conn)?;
    }
    Ok(())
}

fn release_scripted(
    conn: &mut dyn ConnectionLike,
    keys: &Keys,
    token: &str,
    what: &Release<'_>,
    wait: Option<&Wait>,
) -> RedisResult<(Released, Option<u32>)> {
    let mut pipe = redis::pipe();
    let (script, key_count): (&Script, usize) = match (what, keys.cluster) {
        // A session's data never passes through Lua on a single server:
        // SET it under a staging key, natively, then commit by script.
        // (On a cluster, a pipeline of two keyed commands could not follow
        // an ASK redirect during resharding; one script can.)
        (Release::Write(data, _), false) => {
            pipe.cmd("SET")
                .arg(&keys.staging)
                .arg(*data)
                .arg("PX")
                .arg(STAGING_TTL_MS);
            (&COMMIT_RELEASE, 5)
        }
        (Release::Write(..), true) => (&WRITE_RELEASE, 4),
        (Release::Touch(_), _) => (&TOUCH_RELEASE, 4),
        (Release::Destroy, _) => (&DESTROY_RELEASE, 4),
        (Release::Only, _) => (&RELEASE, 4),
    };
    let call = pipe
        .cmd("EVALSHA")
        .arg(script.get_hash())
        .arg(key_count)
        .arg(&keys.lock)
        .arg(&keys.data)
        .arg(&keys.wake)
        .arg(&keys.waiters);
    match what {
        Release::Write(data, ttl) if !keys.cluster => {
            call.arg(&keys.staging)
                .arg(token)
                .arg(wake_ttl())
                .arg(*ttl)
                .arg(data.len());
        }
        Release::Write(data, ttl) => {
            call.arg(token).arg(wake_ttl()).arg(*data).arg(*ttl);
        }
        Release::Touch(ttl) => {
            call.arg(token).arg(wake_ttl()).arg(*ttl);
        }
        Release::Destroy | Release::Only => {
            call.arg(token).arg(wake_ttl());
        }
    }
    let (replies, acked) = match crate::replicas::send(conn, &pipe, wait) {
        Err(e) if is_noscript(&e) => {
            script.load(conn)?;
            crate::replicas::send(conn, &pipe, wait)?
        }
        other => other?,
    };
    let outcome: i64 = match replies.last() {
        Some(reply) => redis::from_redis_value_ref(reply)?,
        None => 0,
    };
    let released = match outcome {
        1 => Released::Done,
        -1 => Released::Expired,
        // The staged copy was missing although its SET did not fail:
        // nothing was written, the lock is released.
        -3 => {
            STATS.lost.fetch_add(1, Ordering::Relaxed);
            Released::Gone
        }
        -2 => {
            return Err(redis::RedisError::from((
                redis::ErrorKind::Client,
                "session not written",
                "its staged copy vanished before the commit (FLUSHALL or eviction in between)"
                    .to_owned(),
            )));
        }
        _ => {
            STATS.lost.fetch_add(1, Ordering::Relaxed);
            Released::Lost
        }
    };
    Ok((released, acked))
}

/// The server does not know the script (first use, or after a restart).
fn is_noscript(e: &redis::RedisError) -> bool {
    if e.kind() == redis::ErrorKind::Server(redis::ServerErrorKind::NoScript) {
        return true;
    }
    e.clone().into_server_errors().is_some_and(|errors| {
        errors
            .iter()
            .any(|(_, se)| se.kind() == Some(redis::ServerErrorKind::NoScript))
    })
}

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
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        use std::io::Read;
        if f.read_exact(&mut bytes).is_ok() {
            return bytes;
        }
    }
    // No /dev/urandom: time and address entropy, still unique with the pid.
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let addr = std::ptr::addr_of!(bytes) as usize as u128;
    (t ^ addr.rotate_left(64)).to_le_bytes()
}

/// Per-worker lock counters, shown by phpinfo().
pub struct Stats {
    /// Locks acquired.
    pub locks_taken: AtomicU64,
    /// Acquisitions that had to wait.
    pub waits: AtomicU64,
    /// Total time spent waiting, microseconds.
    pub wait_us: AtomicU64,
    /// Gave up waiting.
    pub timeouts: AtomicU64,
    /// Found the lock taken by another at write/release time.
    pub lost: AtomicU64,
}

impl Stats {
    fn record_wait(&self, waited: Duration) {
        self.waits.fetch_add(1, Ordering::Relaxed);
        self.wait_us.fetch_add(
            u64::try_from(waited.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }
}

/// This process's counters.
pub static STATS: Stats = Stats {
    locks_taken: AtomicU64::new(0),
    waits: AtomicU64::new(0),
    wait_us: AtomicU64::new(0),
    timeouts: AtomicU64::new(0),
    lost: AtomicU64::new(0),
};

#[cfg(test)]
mod tests {
    /// The error redis-rs makes of a server's error reply.
    fn server_error(reply: &[u8]) -> redis::RedisError {
        let value = redis::parse_redis_value(reply).expect("valid RESP");
        match value {
            redis::Value::ServerError(e) => e.into(),
            other => panic!("not an error reply: {other:?}"),
        }
    }

    #[test]
    fn a_pre_6_server_or_an_acl_without_blpop_switches_to_polling() {
        // Redis 5.0 (t_list.c getTimeoutFromObjectOrReply, integer only).
        let redis5 = server_error(b"-ERR timeout is not an integer or out of range\r\n");
        assert!(blpop_refused(&redis5));
        // Redis 6.0 and later say "float": a bad value there is a real error.
        let redis7 = server_error(b"-ERR timeout is not a float or out of range\r\n");
        assert!(!blpop_refused(&redis7));
        let other =
            server_error(b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assert!(!blpop_refused(&other));
    }

    use super::*;

    #[test]
    fn settings_defaults_and_fallbacks() {
        let s = LockSettings::from_ini(true, 0, 0, 0, 0, false);
        assert_eq!(s.expire, FALLBACK_EXPIRE);
        assert_eq!(s.wait, Duration::from_millis(20));
        assert_eq!(s.retries, Some(100));
        assert_eq!(s.max_wait(), Duration::from_secs(2));
        let s = LockSettings::from_ini(true, 0, 45, 1000, 5, true);
        assert_eq!(s.expire, Duration::from_secs(45));
        assert_eq!(s.max_wait(), Duration::from_millis(5));
        let s = LockSettings::from_ini(true, 7, 45, 1000, -1, false);
        assert_eq!(s.expire, Duration::from_secs(7));
        assert_eq!(s.retries, None);
        assert_eq!(s.max_wait(), Duration::from_millis(7001));
    }

    fn key(data: &[u8], cluster: bool) -> SessionKey {
        SessionKey {
            data: data.to_vec(),
            cluster,
            wait: None,
            prefix_len: 0,
        }
    }

    #[test]
    fn cluster_keys_share_the_data_keys_slot() {
        let k = Keys::new(&key(b"PHPREDIS_CLUSTER_SESSION:abc", true));
        assert_eq!(k.data, b"PHPREDIS_CLUSTER_SESSION:abc");
        assert_eq!(k.lock, b"{PHPREDIS_CLUSTER_SESSION:abc}_LOCK");
        assert_eq!(k.waiters, b"{PHPREDIS_CLUSTER_SESSION:abc}_LOCK_WAITERS");
        let k = Keys::new(&key(b"{app}:abc", true));
        assert_eq!(k.lock, b"{app}:abc_LOCK");
        let k = Keys::new(&key(b"{}:abc", true));
        assert_eq!(k.lock, b"{{}:abc}_LOCK");
        assert!(has_hash_tag(b"a{b}c"));
        assert!(!has_hash_tag(b"a{}c"));
        assert!(!has_hash_tag(b"a}b{c"));
    }

    #[test]
    fn keys_follow_phpredis() {
        let k = Keys::new(&key(b"PHPREDIS_SESSION:abc", false));
        assert_eq!(k.lock, b"PHPREDIS_SESSION:abc_LOCK");
        assert_eq!(k.wake, b"PHPREDIS_SESSION:abc_LOCK_WAKE");
        assert_eq!(k.waiters, b"PHPREDIS_SESSION:abc_LOCK_WAITERS");
    }

    #[test]
    fn tokens_are_unique() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert!(a.len() > 32);
        assert_eq!(a[..a.len() - 1], b[..b.len() - 1]);
    }
}
