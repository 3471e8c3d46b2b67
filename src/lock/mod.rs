//! The session lock: one request at a time per session, as with PHP's
//! `files` handler, at the cost of no extra round trip.
//!
//! Keys (phpredis's, so a mixed fleet excludes each other): the data key
//! `<prefix><id>`, the lock `<data key>_LOCK` holding a token unique to the
//! request; and only while requests wait: the queue
//! `<data key>_LOCK_WAITERS` (tokens by arrival), the waiters' deadlines
//! `<data key>_LOCK_ALIVE`, and each waiter's wake-up list
//! `<data key>_LOCK:<token>`.
//!
//! - Acquire and read: `SET NX` + `GET` pipelined, one round trip (a script
//!   only when the lock is busy).
//! - Write (or refresh the TTL, or delete) and release: one script, one
//!   round trip, and only while the token still matches: a request whose
//!   lock expired and was taken by another must not overwrite that session.
//! - Waiting, in arrival order: a waiter joins the queue (refused past
//!   `lock_max_waiters`); a release hands the lock straight to the first
//!   live waiter and pushes onto its wake-up list, which it blocks on with
//!   `BLPOP`, so it starts within a round trip of the release and nobody
//!   arriving meanwhile overtakes it. `BLPOP` times out after
//!   `lock_wait_time`: the waiter asks again (proving it is alive; a
//!   crashed waiter drops out of the queue), so a holder that hands over
//!   nothing (a crashed one, or phpredis) is still noticed.
//! - Holding: while a request holds the lock, the worker's background
//!   thread renews it every third of its TTL (see `session::renewal`), so a
//!   live request never loses it and a dead one's expires soon.

use std::sync::atomic::{AtomicBool, Ordering};

use std::time::{Duration, Instant};

use redis::{ConnectionLike, RedisResult, Script};

use crate::config::LockSettings;
use crate::replicas::Wait;
use crate::stats::{self, Counter};

mod keys;
mod scripts;
mod token;

pub use keys::Keys;
use scripts::{
    ACQUIRE_BUSY, COMMIT_RELEASE, DESTROY_RELEASE, LEAVE, RELEASE, RENEW, STAGING_TTL_MS,
    TOUCH_RELEASE, WRITE_RELEASE, handover_slack,
};
pub(crate) use scripts::{QUEUE_LUA, USER_LUA, is_noscript};
pub use token::new_token;

/// What trying to lock gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Acquired {
    /// The lock is ours; the session's stored data (None: no such key),
    /// and how long another holder made us wait (None: it was free).
    Locked(Option<Vec<u8>>, Option<Duration>),
    /// Still busy when the wait ran out, after waiting this long.
    Busy(Duration),
    /// Refused at once: this many requests already wait for the session
    /// (`rustredis.lock_max_waiters`).
    Crowded(u64),
}

/// How late a `BLPOP` timeout may come back from an idle server: Redis
/// handles them between event loop rounds, which wait up to 1000/hz ms
/// (100 ms by default) when nothing else happens.
const BLPOP_LATENESS: Duration = Duration::from_millis(150);

/// How long a waiter stays in the queue after it last asked: it asks again
/// at least every `lock_wait_time`, so only a crashed one misses this.
fn waiter_grace(settings: &LockSettings) -> Duration {
    settings.wait.saturating_mul(3) + Duration::from_secs(1)
}

/// Takes the lock of `keys` with `token`, waiting up to the settings'
/// bound in arrival order, and reads the data in the same round trip.
///
/// # Errors
/// Redis errors (connection, timeout, script errors).
pub fn acquire(
    conn: &mut dyn ConnectionLike,
    keys: &Keys,
    token: &str,
    settings: &LockSettings,
) -> RedisResult<Acquired> {
    let ttl_ms = u64::try_from(settings.ttl().as_millis()).unwrap_or(u64::MAX);
    let grace_ms = u64::try_from(waiter_grace(settings).as_millis()).unwrap_or(u64::MAX);
    let start = Instant::now();
    let mut deadline = start + settings.max_wait();
    let mut waited = false;
    loop {
        // Fast path, first try only: SET NX and GET pipelined, one round
        // trip and cheaper for Redis than a script; the GET is only wasted
        // when the lock is busy. Once queued, only the script may take the
        // lock, so no one overtakes the waiters ahead. (redis-rs's cluster
        // connection cannot pipeline: the script does the same there, in
        // one round trip too.)
        let (set, data): (redis::Value, Option<Vec<u8>>) = if keys.cluster || waited {
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
                .key(&keys.waiters)
                .key(&keys.alive)
                .arg(token)
                .arg(ttl_ms)
                .arg(grace_ms)
                .arg(settings.max_waiters)
                .invoke(conn)?;
            (ok, Some(payload))
        };
        if ok == 1 {
            let waited = waited.then(|| start.elapsed());
            if let Some(waited) = waited {
                record_wait(waited);
            }
            stats::one(Counter::LocksTaken);
            let data = match payload {
                None => data,
                Some(payload) => redis::from_redis_value(payload)?,
            };
            return Ok(Acquired::Locked(data, waited));
        }
        let payload = payload.unwrap_or(redis::Value::Nil);
        if ok == -4 {
            stats::one(Counter::LockWaitersRefused);
            let waiting = redis::from_redis_value::<u64>(payload).unwrap_or(0);
            return Ok(Acquired::Crowded(waiting));
        }
        let now = Instant::now();
        if settings.retries.is_none()
            && settings.wait_timeout.is_none()
            && let Ok(pttl) = redis::from_redis_value::<i64>(payload)
            && let Ok(pttl) = u64::try_from(pttl)
        {
            // "Until the holder's lock expires": follow the holder's TTL.
            deadline = deadline.max(now + Duration::from_millis(pttl) + settings.wait);
        }
        if now >= deadline {
            stats::one(Counter::LockTimeouts);
            if waited {
                record_wait(start.elapsed());
            }
            // Out of the queue, and the lock passed on if it was just
            // handed over to us (the failure path only).
            let _ = leave(conn, keys, token, ttl_ms);
            return Ok(Acquired::Busy(start.elapsed()));
        }
        waited = true;
        let left = deadline - now;
        let block = settings.wait.min(left);
        if left < BLPOP_LATENESS {
            // Close to the deadline: a BLPOP timeout can come late (Redis
            // checks them between event loop rounds), so sleep here; the
            // next try still finds a lock handed over meanwhile.
            std::thread::sleep(block);
            continue;
        }
        // Handed over: the lock is ours (with our TTL) and the wake-up
        // carries the data.
        if let Some(woke) = wait_for_wake(conn, &keys.wake_of(token), block)? {
            let waited = start.elapsed();
            record_wait(waited);
            stats::one(Counter::LocksTaken);
            let data = match woke.split_first() {
                Some((b'1', data)) => Some(data.to_vec()),
                _ => None,
            };
            return Ok(Acquired::Locked(data, Some(waited)));
        }
    }
}

/// A waiter that gives up leaves the queue (and hands on a lock handed to
/// it meanwhile).
fn leave(conn: &mut dyn ConnectionLike, keys: &Keys, token: &str, ttl_ms: u64) -> RedisResult<()> {
    LEAVE
        .key(&keys.lock)
        .key(&keys.data)
        .key(&keys.waiters)
        .key(&keys.alive)
        .arg(token)
        .arg(handover_slack())
        .arg(ttl_ms)
        .invoke::<i64>(conn)
        .map(drop)
}

/// Extends the lock to `ttl` if `token` still holds it; false when it does
/// not (released, expired, taken by another): renewal then stops.
///
/// # Errors
/// Redis errors.
pub fn renew(
    conn: &mut dyn ConnectionLike,
    keys: &Keys,
    token: &str,
    ttl: Duration,
) -> RedisResult<bool> {
    let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
    let ours: i64 = RENEW.key(&keys.lock).arg(token).arg(ttl_ms).invoke(conn)?;
    if ours == 1 {
        stats::one(Counter::LockRenewals);
    }
    Ok(ours == 1)
}

/// Set once a server refused a fractional `BLPOP` timeout (Redis before
/// 6.0) or the ACL user may not run `BLPOP`: from then on this process
/// polls instead, as phpredis does.
static POLL_INSTEAD_OF_BLPOP: AtomicBool = AtomicBool::new(false);

/// Blocks until a release hands the lock over and pushes onto `wake` (its
/// payload returned), or for at most `block` (None).
fn wait_for_wake(
    conn: &mut dyn ConnectionLike,
    wake: &[u8],
    block: Duration,
) -> RedisResult<Option<Vec<u8>>> {
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
            other => return other.map(|woke| woke.map(|(_, payload)| payload)),
        }
    }
    // Polling: the next try finds the lock handed over (ours).
    std::thread::sleep(block);
    Ok(None)
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

/// A lock acquisition that had to wait, and for how long.
fn record_wait(waited: Duration) {
    stats::one(Counter::LockWaits);
    stats::observe_wait(waited);
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

/// Who the session belongs to, for the scripts that keep or drop it
/// (see `crate::users`): sent with every write, touch and destroy, so a
/// bound session's index entry rides in the same round trip.
#[derive(Debug, Default, Clone, Copy)]
pub struct UserArgs<'a> {
    /// A user to bind the session to with this write (`bind_user`).
    pub bind: Option<&'a [u8]>,
    /// The user's index is on this server (not on a cluster, where it has
    /// a slot of its own and the client refreshes it).
    pub index_here: bool,
    /// The session id (the index's member).
    pub id: &'a [u8],
    /// The id this one replaces (`session_regenerate_id()`).
    pub replaces: Option<&'a [u8]>,
    /// The key prefix (the index is `<prefix>user:<user>`).
    pub prefix: &'a [u8],
}

/// The user a kept or dropped session was bound to, as the script saw it.
#[derive(Debug, PartialEq, Eq, Clone)]
pub struct Bound {
    /// The user's key.
    pub user: Vec<u8>,
    /// On a cluster: the user's index is due for a refresh by the client.
    pub index_due: bool,
}

/// What a release gave, the user the session is bound to, and how many
/// replicas confirmed (with `wait_replicas`).
pub type ReleaseReply = ((Released, Option<Bound>), Option<u32>);

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
    /// The session was revoked (`destroy_user_sessions`) while this
    /// request ran: nothing was written.
    Revoked,
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
    user: &UserArgs<'_>,
    wait: Option<&Wait>,
) -> RedisResult<ReleaseReply> {
    // Only a write is waited for.
    let wait = wait.filter(|_| !matches!(what, Release::Only));
    let result = release_scripted(conn, keys, token, what, user, wait);
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
    user: &UserArgs<'_>,
    wait: Option<&Wait>,
) -> RedisResult<ReleaseReply> {
    let mut pipe = redis::pipe();
    let script: &Script = match (what, keys.cluster) {
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
            &COMMIT_RELEASE
        }
        (Release::Write(..), true) => &WRITE_RELEASE,
        (Release::Touch(_), _) => &TOUCH_RELEASE,
        (Release::Destroy, _) => &DESTROY_RELEASE,
        (Release::Only, _) => &RELEASE,
    };
    let mut call = script.key(&keys.lock);
    call.key(&keys.data).key(&keys.waiters).key(&keys.alive);
    match what {
        Release::Write(data, ttl) if !keys.cluster => {
            call.key(&keys.staging)
                .arg(token)
                .arg(handover_slack())
                .arg(*ttl)
                .arg(data.len());
        }
        Release::Write(data, ttl) => {
            call.arg(token).arg(handover_slack()).arg(*data).arg(*ttl);
        }
        Release::Touch(ttl) => {
            call.arg(token).arg(handover_slack()).arg(*ttl).arg(0);
        }
        Release::Destroy => {
            call.arg(token).arg(handover_slack()).arg(0).arg(0);
        }
        Release::Only => {
            call.arg(token).arg(handover_slack());
        }
    }
    if !matches!(what, Release::Only) {
        // ARGV[5..9] of the user binding's Lua (see `scripts::USER_LUA`).
        call.arg(user.bind.unwrap_or_default())
            .arg(if user.index_here { "1" } else { "0" })
            .arg(user.id)
            .arg(user.replaces.unwrap_or_default())
            .arg(user.prefix);
    }
    pipe.invoke_script(&call);
    let (replies, acked) = match crate::replicas::send(conn, &pipe, wait) {
        Err(e) if is_noscript(&e) => {
            script.load(conn)?;
            crate::replicas::send(conn, &pipe, wait)?
        }
        other => other?,
    };
    let (outcome, bound) = match replies.last() {
        Some(reply) => outcome_of(reply)?,
        None => (0, None),
    };
    let released = match outcome {
        1 => Released::Done,
        -1 => Released::Expired,
        -5 => {
            stats::one(Counter::RevokedWritesRefused);
            Released::Revoked
        }
        // The staged copy was missing although its SET did not fail:
        // nothing was written, the lock is released.
        -3 => {
            stats::one(Counter::LocksLost);
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
            stats::one(Counter::LocksLost);
            Released::Lost
        }
    };
    Ok(((released, bound), acked))
}

/// A releasing script's answer: its code, or `{1, user, due}` for a
/// session bound to a user.
///
/// # Errors
/// A reply of another shape.
pub fn outcome_of(reply: &redis::Value) -> RedisResult<(i64, Option<Bound>)> {
    if let redis::Value::Array(items) = reply {
        let code = items
            .first()
            .map_or(Ok(0), redis::from_redis_value_ref::<i64>)?;
        let user = items
            .get(1)
            .map(redis::from_redis_value_ref::<Vec<u8>>)
            .transpose()?;
        let due = items
            .get(2)
            .map_or(Ok(0), redis::from_redis_value_ref::<i64>)?;
        return Ok((
            code,
            user.map(|user| Bound {
                user,
                index_due: due == 1,
            }),
        ));
    }
    Ok((redis::from_redis_value_ref(reply)?, None))
}

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
}
