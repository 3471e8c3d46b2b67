//! Log out everywhere: an optional index of each user's sessions.
//!
//! Nothing is indexed until the application calls `bind_user()` (after a
//! login). The binding is written with the session's next write, by the
//! same script or pipeline, so it costs no round trip:
//!
//! - `<data key>_USER` (in the session's slot on a cluster, like its lock)
//!   holds the user's key: the application's identifier, or its SHA-256
//!   with `rustredis.user_index_hash=1`. "" marks a revoked session.
//! - `<prefix>user:<user key>` is a sorted set of the user's session ids,
//!   scored by when each entry expires: a quarter lifetime after its
//!   session would, renewed (with the binding) once that quarter has
//!   passed, so an entry never expires before its session and a busy
//!   session renews it rarely. Off a cluster the index lives on each
//!   session's own server (a save path of several servers has a part of it
//!   on each) and is kept by the write's own script. On a cluster it has
//!   the user's own slot, so the client refreshes it: one command more, at
//!   most once per quarter lifetime of a session (and when it is bound).
//! - Revoking deletes a session's data and lock and leaves its binding as
//!   "" for a session lifetime: a request of that session still running
//!   cannot write it back, locked (its lock is gone) or not (the unlocked
//!   write of a bound session checks the binding first).
//! - A regenerated id takes its predecessor's place ([`request`]).
//! - `<prefix>user:` (the index of the empty user, which no user can be)
//!   holds every user with a live session, renewed with their index
//!   entries: [`active_users`] counts "how many people are logged in".

use redis::ConnectionLike;

use crate::error::{Error, Result};
use crate::lock::{Bound, Keys, UserArgs};
use crate::replicas::Wait;
use crate::stats::{self, Counter};
use crate::store::Store;

pub mod request;
mod scripts;

/// Longest user identifier accepted (bytes).
pub const MAX_USER_LEN: usize = 512;

/// The key a user is indexed by: `user` itself, or the hex SHA-256 of it
/// (`rustredis.user_index_hash`).
///
/// # Errors
/// An empty or over-long identifier, in words for the exception.
pub fn user_key(user: &[u8], hash: bool) -> std::result::Result<Vec<u8>, String> {
    use sha2::Digest;
    use std::fmt::Write;
    if user.is_empty() {
        return Err("the user identifier must not be empty".to_owned());
    }
    if user.len() > MAX_USER_LEN {
        return Err(format!(
            "the user identifier is {} bytes long; at most {MAX_USER_LEN} are allowed",
            user.len()
        ));
    }
    if !hash {
        return Ok(user.to_vec());
    }
    let mut hex = String::with_capacity(64);
    for b in sha2::Sha256::digest(user) {
        let _ = write!(hex, "{b:02x}");
    }
    Ok(hex.into_bytes())
}

/// `<prefix>user:<user key>`
#[must_use]
pub fn index_key(prefix: &[u8], user: &[u8]) -> Vec<u8> {
    let mut key = Vec::with_capacity(prefix.len() + 5 + user.len());
    key.extend_from_slice(prefix);
    key.extend_from_slice(b"user:");
    key.extend_from_slice(user);
    key
}

/// One session of a user, as [`list`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The session id (callers show its fingerprint only).
    pub id: Vec<u8>,
    /// When it expires (Unix ms, the server's clock); 0 for no expiry.
    pub expires_ms: u64,
    /// When it was last written or refreshed: its expiry less the
    /// lifetime given (Unix ms).
    pub active_ms: u64,
}

fn entry(id: Vec<u8>, now_ms: u64, pttl: i64, ttl: i64) -> Entry {
    let Ok(left) = u64::try_from(pttl) else {
        return Entry {
            id,
            expires_ms: 0,
            active_ms: 0,
        };
    };
    let expires_ms = now_ms + left;
    let lifetime = u64::try_from(ttl).unwrap_or(0).saturating_mul(1000);
    Entry {
        id,
        expires_ms,
        active_ms: expires_ms.saturating_sub(lifetime).min(now_ms),
    }
}

fn is_cluster(store: &Store) -> bool {
    store.hosts().first().is_some_and(|h| h.pool().is_cluster())
}

/// The sessions of `user` (a [`user_key`]) that are alive, oldest entry
/// first; `ttl` (seconds, `session.gc_maxlifetime`) dates their last
/// activity. Entries of expired or destroyed sessions are dropped from
/// the index on the way.
///
/// # Errors
/// A server unreachable or failing.
pub fn list(store: &Store, user: &[u8], ttl: i64) -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    if is_cluster(store) {
        return list_cluster(store, user, ttl);
    }
    for (i, host) in store.hosts().iter().enumerate() {
        let index = host.other_key(index_key(host.prefix(), user));
        let reply: Vec<redis::Value> = store.exec_on(i, &index, |conn| {
            scripts::LIST
                .key(&index.data)
                .arg(host.prefix())
                .arg(user)
                .invoke(conn)
        })?;
        let mut items = reply.into_iter();
        let now: u64 = items
            .next()
            .map_or(Ok(0), redis::from_redis_value)
            .map_err(|e| bad_reply(host.server(), &e))?;
        while let (Some(id), Some(pttl)) = (items.next(), items.next()) {
            let id: Vec<u8> =
                redis::from_redis_value(id).map_err(|e| bad_reply(host.server(), &e))?;
            let pttl: i64 =
                redis::from_redis_value(pttl).map_err(|e| bad_reply(host.server(), &e))?;
            out.push(entry(id, now, pttl, ttl));
        }
    }
    Ok(out)
}

fn bad_reply(server: &str, e: &impl std::fmt::Display) -> Error {
    Error::Redis {
        server: server.to_owned(),
        detail: format!("unexpected reply to the user index: {e}"),
    }
}

/// The index's ids on a cluster (pruned by expiry) and the server's time.
fn cluster_ids(
    store: &Store,
    user: &[u8],
) -> Result<(u64, Vec<Vec<u8>>, crate::store::SessionKey)> {
    let host = store.hosts().first().ok_or_else(|| Error::Redis {
        server: "(none)".to_owned(),
        detail: "no server in the save path".to_owned(),
    })?;
    let index = host.other_key(index_key(host.prefix(), user));
    let (now, ids): (u64, Vec<Vec<u8>>) = store.exec_on(0, &index, |conn| {
        let mut reply: Vec<redis::Value> = scripts::IDS.key(&index.data).invoke(conn)?;
        if reply.is_empty() {
            return Ok((0, Vec::new()));
        }
        let now = redis::from_redis_value(reply.remove(0))?;
        let ids = reply
            .into_iter()
            .map(redis::from_redis_value)
            .collect::<std::result::Result<_, _>>()?;
        Ok((now, ids))
    })?;
    Ok((now, ids, index))
}

fn list_cluster(store: &Store, user: &[u8], ttl: i64) -> Result<Vec<Entry>> {
    let (now, ids, index) = cluster_ids(store, user)?;
    let mut out = Vec::new();
    let mut stale = Vec::new();
    for id in ids {
        // Both keys are in the session's slot: one request.
        let (pttl, bound): (i64, Option<Vec<u8>>) = store.exec(&id, |conn, key| {
            let mut pipe = redis::pipe();
            pipe.cmd("PTTL")
                .arg(&key.data)
                .cmd("GET")
                .arg(Keys::user_of(key));
            let (replies, _) = crate::replicas::send(conn, &pipe, None)?;
            redis::from_redis_value(redis::Value::Array(replies)).map_err(redis::RedisError::from)
        })?;
        if pttl == -2 || bound.as_deref() != Some(user) {
            stale.push(id);
        } else {
            out.push(entry(id, now, pttl, ttl));
        }
    }
    drop_entries(store, &index, &stale)?;
    Ok(out)
}

fn drop_entries(store: &Store, index: &crate::store::SessionKey, ids: &[Vec<u8>]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    store.exec_on(0, index, |conn| {
        redis::cmd("ZREM").arg(&index.data).arg(ids).exec(conn)
    })
}

/// How many sessions `user` has: the index's entries that have not
/// expired, one command per server. An upper bound: an entry outlives its
/// session by up to a quarter lifetime, and on a cluster a destroyed
/// session's entry lasts until the next [`list`].
///
/// # Errors
/// A server unreachable or failing.
pub fn count(store: &Store, user: &[u8]) -> Result<u64> {
    let mut n = 0;
    for (i, host) in store.hosts().iter().enumerate() {
        let index = host.other_key(index_key(host.prefix(), user));
        let here: u64 = store.exec_on(i, &index, |conn| {
            scripts::COUNT.key(&index.data).invoke(conn)
        })?;
        n += here;
    }
    Ok(n)
}

/// Which of a user's sessions [`revoke`] deletes.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    /// All of them, but this one (the caller's own) if given.
    AllBut(Option<&'a [u8]>),
    /// This one only.
    Only(&'a [u8]),
}

impl Which<'_> {
    fn includes(&self, id: &[u8]) -> bool {
        match self {
            Which::AllBut(keep) => *keep != Some(id),
            Which::Only(only) => *only == id,
        }
    }
}

/// Revokes sessions of `user`: deleted with their locks, and marked so
/// that a request of theirs still running cannot write them back (for
/// `ttl` seconds, a session lifetime). Returns how many existed.
///
/// # Errors
/// A server unreachable or failing (the servers before it are done).
pub fn revoke(store: &Store, user: &[u8], which: Which<'_>, ttl: i64) -> Result<u64> {
    let tombstone_ms = u64::try_from(ttl.max(1)).unwrap_or(1).saturating_mul(1000);
    let mut n = 0;
    if is_cluster(store) {
        let (_, ids, index) = cluster_ids(store, user)?;
        let mut done = Vec::new();
        for id in ids.into_iter().filter(|id| which.includes(id)) {
            let gone: i64 = store.exec(&id, |conn, key| {
                let keys = Keys::new(key);
                scripts::REVOKE_ONE
                    .key(&keys.lock)
                    .key(&keys.data)
                    .key(&keys.waiters)
                    .key(&keys.alive)
                    .key(&keys.staging)
                    .key(&keys.user)
                    .arg(user)
                    .arg(tombstone_ms)
                    .invoke(conn)
            })?;
            n += u64::from(gone == 1);
            done.push(id);
        }
        drop_entries(store, &index, &done)?;
    } else {
        let (keep, only): (&[u8], &[u8]) = match which {
            Which::AllBut(keep) => (keep.unwrap_or_default(), b""),
            Which::Only(only) => (b"", only),
        };
        for (i, host) in store.hosts().iter().enumerate() {
            let index = host.other_key(index_key(host.prefix(), user));
            let here: u64 = store.exec_on(i, &index, |conn| {
                scripts::REVOKE
                    .key(&index.data)
                    .arg(host.prefix())
                    .arg(user)
                    .arg(keep)
                    .arg(only)
                    .arg(tombstone_ms)
                    .invoke(conn)
            })?;
            n += here;
        }
    }
    if matches!(which, Which::AllBut(None)) {
        // None left: the user is no longer among those with a session.
        for (i, host) in store.hosts().iter().enumerate() {
            let all = host.other_key(index_key(host.prefix(), b""));
            store.exec_on(i, &all, |conn| {
                redis::cmd("ZREM").arg(&all.data).arg(user).exec(conn)
            })?;
        }
    }
    stats::add(Counter::SessionsRevoked, n);
    Ok(n)
}

/// On a cluster, after a write that bound or kept session `id`: its
/// entry in `user`'s index (in the user's own slot), refreshed to outlive
/// the session by a quarter of `ttl` (seconds), replacing `replaces`.
///
/// # Errors
/// The index's server unreachable or failing.
pub fn refresh_index(
    store: &Store,
    id: &[u8],
    user: &[u8],
    replaces: Option<&[u8]>,
    ttl: i64,
) -> Result<()> {
    let Some(host) = store.hosts().first() else {
        return Ok(());
    };
    let ttl_ms = u64::try_from(ttl).unwrap_or(1).saturating_mul(1000);
    let keep = ttl_ms + ttl_ms / 4;
    let index = host.other_key(index_key(host.prefix(), user));
    store.exec_on(0, &index, |conn| {
        scripts::INDEX_ADD
            .key(&index.data)
            .arg(id)
            .arg(keep)
            .arg(replaces.unwrap_or_default())
            .invoke::<i64>(conn)
            .map(drop)
    })?;
    let all = host.other_key(index_key(host.prefix(), b""));
    store.exec_on(0, &all, |conn| {
        scripts::USERS_ADD
            .key(&all.data)
            .arg(user)
            .arg(keep)
            .invoke::<i64>(conn)
            .map(drop)
    })
}

/// How many users have a live session: the entries of `<prefix>user:`
/// that have not expired, one command per server. An upper bound: a user
/// stays up to a quarter lifetime after their last session, and on a save
/// path of several servers a user with sessions on two counts twice.
///
/// # Errors
/// A server unreachable or failing.
pub fn active_users(store: &Store) -> Result<u64> {
    let mut n = 0;
    for (i, host) in store.hosts().iter().enumerate() {
        let all = host.other_key(index_key(host.prefix(), b""));
        let here: u64 =
            store.exec_on(i, &all, |conn| scripts::COUNT.key(&all.data).invoke(conn))?;
        n += here;
    }
    Ok(n)
}

/// A guarded write's code, the session's user, and replicas confirmed.
pub type GuardedReply = ((i64, Option<Bound>), Option<u32>);

/// The unlocked write of a bound session: refused (code -5) if it was
/// revoked since `expected` (the user this request read; None: it read no
/// binding) was read, else written (code 1) with its binding kept, in one
/// round trip (and `WAIT` behind it when asked).
///
/// # Errors
/// Redis errors.
pub fn guarded_write(
    conn: &mut dyn ConnectionLike,
    keys: &Keys,
    expected: Option<&[u8]>,
    data: &[u8],
    ttl: i64,
    user: &UserArgs<'_>,
    wait: Option<&Wait>,
) -> redis::RedisResult<GuardedReply> {
    let mut call = scripts::GUARDED_WRITE.key(&keys.lock);
    call.key(&keys.data)
        .key(&keys.user)
        .arg(expected.unwrap_or(b"-"))
        .arg(data)
        .arg(ttl)
        .arg(0)
        .arg(user.bind.unwrap_or_default())
        .arg(if user.index_here { "1" } else { "0" })
        .arg(user.id)
        .arg(user.replaces.unwrap_or_default())
        .arg(user.prefix);
    let mut pipe = redis::pipe();
    pipe.invoke_script(&call);
    let (replies, acked) = match crate::replicas::send(conn, &pipe, wait) {
        Err(e) if crate::lock::is_noscript(&e) => {
            scripts::GUARDED_WRITE.load(conn)?;
            crate::replicas::send(conn, &pipe, wait)?
        }
        other => other?,
    };
    let outcome = match replies.last() {
        Some(reply) => crate::lock::outcome_of(reply)?,
        None => (0, None),
    };
    Ok((outcome, acked))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_keys_are_the_identifier_or_its_hash() {
        assert_eq!(user_key(b"alice", false).expect("valid"), b"alice");
        // printf %s alice | sha256sum
        assert_eq!(
            user_key(b"alice", true).expect("valid"),
            b"2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90"
        );
        assert!(user_key(b"", false).is_err());
        assert!(user_key(&[b'x'; MAX_USER_LEN + 1], false).is_err());
        assert_eq!(
            index_key(b"PHPREDIS_SESSION:", b"alice"),
            b"PHPREDIS_SESSION:user:alice"
        );
    }

    #[test]
    fn an_entry_dates_its_last_activity_by_the_lifetime() {
        let e = entry(b"id".to_vec(), 1_000_000, 1_440_000 - 60_000, 1440);
        assert_eq!(e.expires_ms, 1_000_000 + 1_380_000);
        assert_eq!(e.active_ms, 1_000_000 - 60_000);
        assert_eq!(entry(b"id".to_vec(), 5, -1, 10).expires_ms, 0);
    }
}
