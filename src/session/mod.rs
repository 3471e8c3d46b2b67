//! The session handler core: what each PHP session callback does in Redis.
//!
//! Plain safe Rust, shared by the native module (`session.save_handler =
//! rustredis`) and the `RustRedis\SessionHandler` class. One [`Session`] lives
//! from `open` to `close` of one request.
//!
//! Round trips: `read` is one GET, `write` one SET with TTL, a lazy-write
//! refresh one EXPIRE. Strict mode's `validate_sid` and a new id's
//! `create_sid` fetch the data they look for and hand it to the `read` that
//! PHP calls next, so they add no round trip.

use std::sync::Arc;

use redis::Value;

use crate::compression::Compression;
use crate::config::{Config, LockSettings};
use crate::error::{Error, Result};
use crate::lock::{self, Acquired, Bound, Keys, Release, Released, UserArgs};
use crate::replicas::Outcome;
use crate::stats::{self, Counter};
use crate::store::Store;
use crate::users::{self, request};

pub mod held_locks;
mod id;
pub mod renewal;

pub use id::{MAX_ID_LEN, is_valid_id, ttl_seconds};

/// How many freshly generated ids `create_sid` tries before giving up.
const CREATE_SID_TRIES: usize = 3;

/// Opens a session on the servers of `save_path` (`session.save_path`). The
/// parsed save path and its pools are kept per worker process, so this costs
/// a map lookup, no connection.
///
/// # Errors
/// A malformed save path.
pub fn open(save_path: &[u8], config: &Config) -> Result<Session> {
    Ok(Session::new(store_for(save_path, config)?, config))
}

/// The servers of `save_path` (`session.save_path`), from the worker's
/// cache.
///
/// # Errors
/// A malformed save path.
pub fn store_for(save_path: &[u8], config: &Config) -> Result<Arc<Store>> {
    let text = std::str::from_utf8(save_path).map_err(|_| {
        Error::SavePath(crate::save_path::ParseError::Invalid {
            entry: "(session.save_path)".to_owned(),
            reason: "not valid UTF-8".to_owned(),
        })
    })?;
    crate::store::registry::store_for(text, config.pools, || Ok(crate::save_path::parse(text)?))
}

/// The lock this session holds.
struct Held {
    id: Vec<u8>,
    token: String,
    /// Renews it in the background while held; stops when dropped.
    _renewal: Option<renewal::Renewal>,
}

/// One open session of one request.
// Independent per-request flags, not the states of one machine.
#[allow(clippy::struct_excessive_bools)]
pub struct Session {
    store: Arc<Store>,
    /// The lock settings of this request.
    settings: LockSettings,
    /// How this request stores data.
    compression: Compression,
    /// `rustredis.compression` names no codec: every call fails, warned.
    unknown_codec: bool,
    /// Answers [`Compression::text_serializer`] from PHP, asked only for
    /// data that starts like an LZF value (a byte below 0x20): one ini
    /// lookup in the rare case, none on an ordinary request.
    serializer_probe: Option<fn() -> bool>,
    /// Data fetched by `validate_sid`/`create_sid` for the `read` that follows:
    /// (id, stored value or None when the key does not exist).
    prefetched: Option<(Vec<u8>, Option<Vec<u8>>)>,
    /// The lock held by this request, released by write/destroy/close.
    held: Option<Held>,
    /// The lock could not be had and `lock_failure_readonly` is on.
    readonly: bool,
    /// Warnings for the caller to show although the call succeeded.
    notices: Vec<String>,
    /// Set after a connection-level failure: the rest of this request's
    /// callbacks fail at once instead of each waiting out a timeout again.
    failed: bool,
    /// The session's opening is counted, for its server: at the first call
    /// naming the id (on a save path of several servers, the id decides).
    open_counted: bool,
    /// `SessionHandler::bindUser()`: bind the next write's session to this
    /// user key (the function `bind_user()` waits in [`request`]).
    bind: Option<Vec<u8>>,
    /// The binding an unlocked read found (id, user key; None: unbound),
    /// which the write checks against a revocation in between.
    seen_user: Option<(Vec<u8>, Option<Vec<u8>>)>,
}

/// Who a write's session belongs to (see [`crate::users`]).
struct Owner {
    bind: Option<Vec<u8>>,
    replaces: Option<Vec<u8>>,
    prefix: Vec<u8>,
    cluster: bool,
}

impl Owner {
    fn args<'a>(&'a self, id: &'a [u8]) -> UserArgs<'a> {
        UserArgs {
            bind: self.bind.as_deref(),
            index_here: !self.cluster,
            id,
            replaces: self.replaces.as_deref(),
            prefix: &self.prefix,
        }
    }
}

impl Session {
    /// A session on `store` with the settings of `config`; connects nothing.
    #[must_use]
    pub fn new(store: Arc<Store>, config: &Config) -> Self {
        Self {
            store,
            settings: config.lock,
            compression: config.compression,
            unknown_codec: config.unknown_codec,
            serializer_probe: None,
            prefetched: None,
            held: None,
            readonly: false,
            notices: Vec::new(),
            failed: false,
            open_counted: false,
            bind: None,
            seen_user: None,
        }
    }

    /// Binds the session this handler writes next to `user` (a user key,
    /// [`users::user_key`]), with that write.
    pub fn bind_user(&mut self, user: Vec<u8>) {
        self.bind = Some(user);
    }

    /// The owner of a write of `id`: a binding asked for, or inherited
    /// from the id it replaces (regenerated in this request).
    fn owner(&self, id: &[u8]) -> Owner {
        let inherited = request::inherited(id);
        let (inherited_user, replaces) =
            inherited.map_or((None, None), |(u, f)| (Some(u), Some(f)));
        let host = self.store.route(id);
        Owner {
            bind: self
                .bind
                .clone()
                .or_else(request::pending)
                .or(inherited_user),
            replaces,
            prefix: host.map(|h| h.prefix().to_vec()).unwrap_or_default(),
            cluster: host.is_some_and(|h| h.pool().is_cluster()),
        }
    }

    /// After a write, touch or destroy of `id` succeeded: the binding
    /// asked for is done; a bound session's user is noted (a regenerated
    /// id inherits it), and on a cluster its index refreshed when due.
    fn owned(&mut self, id: &[u8], owner: &Owner, bound: Option<Bound>, ttl: i64) {
        if owner.bind.is_some() && bound.is_some() {
            self.bind = None;
            request::clear_pending();
            stats::one(Counter::UsersBound);
        }
        let Some(bound) = bound else { return };
        request::note_bound(id, &bound.user);
        if bound.index_due && owner.cluster {
            let refreshed =
                users::refresh_index(&self.store, id, &bound.user, owner.replaces.as_deref(), ttl);
            if let Err(e) = refreshed {
                self.notices.push(format!(
                    "session {} was written, but its user's index was not refreshed: {e}",
                    crate::reply::short_id(id)
                ));
            }
        }
    }

    /// The user the last unlocked read of `id` found it bound to.
    fn read_binding(&self, id: &[u8]) -> Option<&[u8]> {
        self.seen_user
            .as_ref()
            .filter(|(seen, _)| seen == id)
            .and_then(|(_, user)| user.as_deref())
    }

    /// This request revoked `id` itself (`destroy_user_sessions($u,
    /// false)`): its lock is gone and nothing is written back.
    fn revoked_here(&mut self, id: &[u8]) -> bool {
        if !request::is_revoked(id) {
            return false;
        }
        if let Some(held) = self.take_held(id) {
            held_locks::remove(&held.token);
        }
        true
    }

    /// The warnings the last call left for the caller to show although it
    /// succeeded (the session started read-only, a slow lock, a server that
    /// may evict sessions), oldest first.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Whether the data this session reads comes from PHP's session
    /// serializer ([`Compression::text_serializer`]); false for a framework
    /// calling the class's methods with data of its own.
    pub fn set_text_serializer(&mut self, text: bool) {
        self.compression.text_serializer = text;
    }

    /// Where [`Compression::text_serializer`] comes from for data that
    /// starts like an LZF value: asked of PHP (`Some`), or as set.
    pub fn set_serializer_probe(&mut self, probe: Option<fn() -> bool>) {
        self.serializer_probe = probe;
    }

    /// The compression settings for `data`: the serializer asked only when
    /// its answer can matter (LZF's first byte; text never starts so).
    fn compression_for(&self, data: &[u8]) -> Compression {
        let mut compression = self.compression;
        if let Some(ask) = self.serializer_probe
            && data.first().is_some_and(|b| *b < 0x20)
        {
            compression.text_serializer = ask();
        }
        compression
    }

    /// The store this session uses.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store this session uses, shared.
    #[must_use]
    pub fn shared_store(&self) -> Arc<Store> {
        Arc::clone(&self.store)
    }

    /// Forgets prefetched data and an earlier failure, and takes the new
    /// request's settings: a new request begins. A lock still held is released first.
    pub fn reset(&mut self, config: &Config) {
        self.close();
        self.settings = config.lock;
        self.compression = config.compression;
        self.unknown_codec = config.unknown_codec;
        self.failed = false;
        self.open_counted = false;
    }

    /// Forgets an earlier failure, so the next call tries Redis again. For
    /// callers outside PHP's open..close sequence (frameworks calling
    /// `read()`/`write()` directly); a held lock is kept.
    pub fn forget_failure(&mut self) {
        self.failed = false;
    }

    /// Ends the request's use of the session: releases a lock still held
    /// (`session_abort()`, `read_and_close`, a failed write, ...).
    pub fn close(&mut self) {
        if let Some(held) = self.held.take() {
            let _ = self.release_held(&held, &Release::Only, &UserArgs::default());
        }
        self.prefetched = None;
        self.readonly = false;
        self.seen_user = None;
    }

    fn settings(&self) -> LockSettings {
        self.settings
    }

    /// Refuses an invalid id or a failed session; counts what follows for
    /// the id's server.
    fn check(&mut self, id: &[u8]) -> Result<()> {
        let valid = is_valid_id(id);
        stats::attribute_to(if valid {
            self.store.row_for(id)
        } else {
            stats::Server::NONE
        });
        if !self.open_counted {
            self.open_counted = true;
            stats::one(Counter::SessionsOpened);
        }
        if self.failed {
            return Err(Error::AlreadyFailed);
        }
        if self.unknown_codec {
            return Err(Error::UnknownCodec);
        }
        if !valid {
            return Err(Error::InvalidId(crate::reply::short_id(id)));
        }
        request::set_current(id);
        Ok(())
    }

    fn note<T>(&mut self, result: Result<T>) -> Result<T> {
        if result.as_ref().is_err_and(Error::stops_request) {
            self.failed = true;
        }
        result
    }

    /// The stored data of `id`, and (same round trip) its user binding.
    fn fetch(&mut self, id: &[u8]) -> Result<Option<Vec<u8>>> {
        let result = self.store.exec(id, |conn, key| {
            let mut pipe = redis::pipe();
            pipe.cmd("GET").arg(key).cmd("GET").arg(Keys::user_of(key));
            // Sent as the write's pipelines are (a cluster connection
            // takes a same-slot pipeline only so).
            let (replies, _) = crate::replicas::send(conn, &pipe, None)?;
            redis::from_redis_value::<(Option<Vec<u8>>, Option<Vec<u8>>)>(Value::Array(replies))
                .map_err(redis::RedisError::from)
        });
        let (data, user) = self.note(result)?;
        // "" marks a revoked session: unbound for whoever reads it now.
        self.seen_user = Some((id.to_vec(), user.filter(|u| !u.is_empty())));
        Ok(data)
    }

    /// Locks `id` (waiting as the settings allow) and reads its data, in one
    /// round trip when the lock is free.
    fn lock_and_fetch(&mut self, id: &[u8]) -> Result<Acquired> {
        let settings = self.settings();
        if self.held.as_ref().is_some_and(|h| h.id != id)
            && let Some(held) = self.held.take()
        {
            // A different id (a handler object reused for another session):
            // never hold two locks.
            self.release_held(&held, &Release::Only, &UserArgs::default())?;
        }
        // Our own token if we hold the lock already (session_reset()) or
        // hold it still because its release failed (Redis failed over in
        // the middle of a request): the lock is ours, not busy.
        let token = match &self.held {
            Some(h) => h.token.clone(),
            None => held_locks::take_unknown(&self.store, id).unwrap_or_else(lock::new_token),
        };
        // Registered before asking: if the answer is lost (the server died
        // after taking the lock), the lock may be ours all the same; the
        // next request of this session reuses the token and the request-end
        // safety net releases it.
        held_locks::add(&self.store, id, &token);
        let result = self.store.exec(id, |conn, key| {
            lock::acquire(conn, &Keys::new(key), &token, &settings)
        });
        let acquired = self.note(result)?;
        if matches!(acquired, Acquired::Locked(..)) {
            held_locks::mark_held(&token, true);
            let renewal = renewal::start(&self.store, id, &token, &settings);
            self.held = Some(Held {
                id: id.to_vec(),
                token,
                _renewal: renewal,
            });
        } else {
            held_locks::remove(&token);
        }
        Ok(acquired)
    }

    /// Performs `what` and releases the lock, in one round trip. The lock
    /// is gone afterwards unless a touch found the data expired (then the
    /// caller writes it, still holding the lock).
    fn release_held(
        &mut self,
        held: &Held,
        what: &Release<'_>,
        user: &UserArgs<'_>,
    ) -> Result<(Released, Option<Bound>)> {
        let result = self.store.exec_write(&held.id, |conn, key, wait| {
            lock::release(conn, &Keys::new(key), &held.token, what, user, wait)
        });
        // After an error the lock stays registered, state unknown: the next
        // request of the session or the request-end safety net tries again.
        match &result {
            Ok(((Released::Expired, _), _)) => {}
            Ok(_) => held_locks::remove(&held.token),
            Err(_) => held_locks::mark_held(&held.token, false),
        }
        let ((released, bound), outcome) = self.note(result)?;
        match released {
            Released::Done => self.settle(outcome).map(|()| (released, bound)),
            // Nothing to write: a lock no longer ours is no failure.
            Released::Lost | Released::Gone | Released::Revoked
                if matches!(what, Release::Only) =>
            {
                Ok((released, None))
            }
            Released::Lost => Err(Error::LockLost(crate::reply::short_id(&held.id))),
            Released::Gone => Err(Error::LockExpired(crate::reply::short_id(&held.id))),
            Released::Revoked => Err(Error::Revoked(crate::reply::short_id(&held.id))),
            Released::Expired => Ok((released, None)),
        }
    }

    /// The unlocked write of a bound session (or one being bound): one
    /// script that refuses it if the session was revoked since it was read.
    fn write_guarded(&mut self, id: &[u8], stored: &[u8], ttl: i64, owner: &Owner) -> Result<()> {
        let expected = self.read_binding(id).map(<[u8]>::to_vec);
        let args = owner.args(id);
        let result = self.store.exec_write(id, |conn, key, wait| {
            users::guarded_write(
                conn,
                &Keys::new(key),
                expected.as_deref(),
                stored,
                ttl,
                &args,
                wait,
            )
        });
        let ((code, bound), outcome) = self.note(result)?;
        if code == -5 {
            stats::one(Counter::RevokedWritesRefused);
            return Err(Error::Revoked(crate::reply::short_id(id)));
        }
        self.settle(outcome)?;
        self.owned(id, owner, bound, ttl);
        Ok(())
    }

    /// Whether an unlocked write of `id` must go through
    /// [`Session::write_guarded`]: it is bound, or being bound.
    fn needs_guard(&self, id: &[u8], owner: &Owner) -> bool {
        owner.bind.is_some() || self.read_binding(id).is_some()
    }

    /// A write reached the master; what `wait_replicas` makes of it.
    fn settle(&mut self, outcome: Outcome) -> Result<()> {
        match outcome {
            Outcome::Confirmed | Outcome::Accepted { warn: false, .. } => Ok(()),
            Outcome::Refused(shortfall) => Err(Error::Unconfirmed(shortfall)),
            Outcome::Accepted {
                shortfall,
                warn: true,
            } => {
                self.notices.push(format!(
                    "{shortfall}; accepted (rustredis wait_degraded=accept): this worker \
                     warns again only after that server confirms a write"
                ));
                Ok(())
            }
        }
    }

    /// An unlocked write: the commands `build` makes for the session's
    /// key, with `WAIT` behind them when asked.
    fn write_unlocked(
        &mut self,
        id: &[u8],
        build: impl Fn(&crate::store::SessionKey) -> redis::Pipeline,
    ) -> Result<()> {
        let result = self.store.exec_write(id, |conn, key, wait| {
            crate::replicas::send(conn, &build(key), wait).map(|(_, acked)| ((), acked))
        });
        let ((), outcome) = self.note(result)?;
        self.settle(outcome)
    }

    fn holds_other(&self, id: &[u8]) -> bool {
        self.held.as_ref().is_some_and(|h| h.id != id)
    }

    /// Takes the lock `held` for `id` out, if it is this session's.
    fn take_held(&mut self, id: &[u8]) -> Option<Held> {
        if self.held.as_ref().is_some_and(|h| h.id == id) {
            self.held.take()
        } else {
            None
        }
    }

    /// The stored data of `id`; an unknown id reads as empty, like `files`.
    /// With locking on, the session is locked first (same round trip).
    ///
    /// # Errors
    /// Invalid id, lock timeout, or Redis unreachable / failing.
    pub fn read(&mut self, id: &[u8]) -> Result<Vec<u8>> {
        let data = if let Some(stored) = self.read_stored(id)? {
            let data = self.decode(id, stored)?;
            stats::one(Counter::ReadHits);
            stats::add(Counter::BytesRead, data.len() as u64);
            data
        } else {
            stats::one(Counter::ReadMisses);
            Vec::new()
        };
        if let Some(warning) = self.store.eviction_warning(id) {
            self.notices.push(warning);
        }
        Ok(data)
    }

    /// The session data of a stored value (decompressed, whatever codec
    /// wrote it). A value that does not decompress is left as it is, and
    /// its lock released: the request fails rather than start empty and
    /// overwrite it.
    fn decode(&mut self, id: &[u8], stored: Vec<u8>) -> Result<Vec<u8>> {
        match self.compression_for(&stored).decode(stored) {
            Ok(decoded) => {
                if decoded.codec.is_some() {
                    stats::one(Counter::DecompressedReads);
                }
                Ok(decoded.data)
            }
            Err(corrupt) => {
                if let Some(held) = self.take_held(id) {
                    let _ = self.release_held(&held, &Release::Only, &UserArgs::default());
                }
                let (server, key) = self.store.describe(id);
                Err(Error::Corrupt {
                    server,
                    key,
                    codec: corrupt.codec.name(),
                    reason: corrupt.reason,
                    setting: self.compression.codec.name(),
                })
            }
        }
    }

    /// The stored data of `id`, None when there is none.
    fn read_stored(&mut self, id: &[u8]) -> Result<Option<Vec<u8>>> {
        self.check(id)?;
        if let Some((fetched_id, data)) = self.prefetched.take()
            && fetched_id == id
        {
            return Ok(data);
        }
        if !self.settings().enabled {
            return self.fetch(id);
        }
        match self.lock_and_fetch(id)? {
            Acquired::Locked(data, waited) => {
                if let (Some(waited), Some(bound)) = (waited, self.settings().warn_after)
                    && waited > bound
                {
                    self.notices.push(format!(
                        "waited {} ms for the lock of session {}, which another request held \
                         all that time (rustredis.lock_warn_time={} ms)",
                        waited.as_millis(),
                        crate::reply::short_id(id),
                        bound.as_millis()
                    ));
                }
                Ok(data)
            }
            Acquired::Busy(waited) => {
                if self.settings().readonly_on_failure {
                    self.readonly = true;
                    stats::one(Counter::ReadonlyStarts);
                    // Not an error: the caller reports it and goes on.
                    self.notices.push(format!(
                        "{}; the session starts read-only",
                        Error::LockTimeout {
                            id: crate::reply::short_id(id),
                            waited,
                            bound: self.settings().wait_bound(),
                        }
                    ));
                    return self.fetch(id);
                }
                Err(Error::LockTimeout {
                    id: crate::reply::short_id(id),
                    waited,
                    bound: self.settings().wait_bound(),
                })
            }
            Acquired::Crowded(waiting) => {
                let error = Error::LockCrowded {
                    id: crate::reply::short_id(id),
                    waiting,
                    limit: self.settings().max_waiters,
                };
                if self.settings().readonly_on_failure {
                    self.readonly = true;
                    stats::one(Counter::ReadonlyStarts);
                    self.notices
                        .push(format!("{error}; the session starts read-only"));
                    return self.fetch(id);
                }
                Err(error)
            }
        }
    }

    fn refuse_readonly(&self, id: &[u8]) -> Result<()> {
        if self.readonly {
            return Err(Error::ReadOnly(crate::reply::short_id(id)));
        }
        Ok(())
    }

    /// Stores `data` byte for byte under `id`, expiring after `maxlifetime`;
    /// with the lock held, writes and releases in one round trip.
    ///
    /// # Errors
    /// Invalid id, lock lost, read-only session, or Redis failing.
    fn write_uncounted(
        &mut self,
        id: &[u8],
        data: &[u8],
        maxlifetime: i64,
    ) -> Result<Option<usize>> {
        self.check(id)?;
        self.refuse_readonly(id)?;
        self.prefetched = None;
        if self.revoked_here(id) {
            return Ok(None);
        }
        let ttl = ttl_seconds(maxlifetime);
        let stored = self.compression_for(data).encode(data);
        let owner = self.owner(id);
        if let Some(held) = self.take_held(id) {
            let (_, bound) =
                self.release_held(&held, &Release::Write(&stored, ttl), &owner.args(id))?;
            self.owned(id, &owner, bound, ttl);
        } else if self.needs_guard(id, &owner) {
            self.write_guarded(id, &stored, ttl, &owner)?;
        } else {
            self.write_unlocked(id, |key| set(&key.data, &stored, ttl))?;
        }
        // The stored size, when it was compressed.
        Ok(matches!(stored, std::borrow::Cow::Owned(_)).then_some(stored.len()))
    }

    /// Deletes the session `id` (and releases its lock). Deleting an unknown
    /// id succeeds.
    ///
    /// # Errors
    /// Invalid id, lock lost, or Redis unreachable / failing.
    fn destroy_uncounted(&mut self, id: &[u8]) -> Result<()> {
        self.check(id)?;
        self.prefetched = None;
        let owner = self.owner(id);
        if let Some(held) = self.take_held(id) {
            return match self.release_held(&held, &Release::Destroy, &owner.args(id)) {
                Ok((_, bound)) => {
                    self.owned(
                        id,
                        &Owner {
                            bind: None,
                            ..owner
                        },
                        bound,
                        0,
                    );
                    Ok(())
                }
                // Revoked meanwhile: it is gone, as asked.
                Err(Error::Revoked(_)) => Ok(()),
                Err(e) => Err(e),
            };
        }
        let seen = self.read_binding(id).map(<[u8]>::to_vec);
        self.write_unlocked(id, |key| {
            // The binding goes with the session (its index entry too, where
            // the index is on this server).
            let mut pipe = redis::pipe();
            pipe.cmd("DEL").arg(&key.data).arg(Keys::user_of(key));
            if let Some(user) = seen.as_deref().filter(|_| !owner.cluster) {
                pipe.cmd("ZREM")
                    .arg(users::index_key(&owner.prefix, user))
                    .arg(id);
            }
            pipe
        })?;
        if let Some(user) = seen {
            request::note_bound(id, &user);
        }
        Ok(())
    }

    /// Strict mode: does session `id` exist? The data (and, with locking,
    /// the lock) is kept for the `read` PHP calls next, so strict mode costs
    /// no extra round trip.
    ///
    /// # Errors
    /// Redis unreachable / failing. An invalid id is simply `Ok(false)`.
    pub fn validate(&mut self, id: &[u8]) -> Result<bool> {
        if !is_valid_id(id) {
            return Ok(false);
        }
        self.check(id)?;
        if let Some((fetched_id, data)) = &self.prefetched
            && fetched_id == id
        {
            // Just created or checked (e.g. session_regenerate_id() in strict
            // mode validates the id create_sid made): already known, and its
            // lock, if any, stays held.
            return Ok(data.is_some());
        }
        if !self.settings().enabled || self.holds_other(id) {
            // Unlocked check; also for session_create_id() during an active
            // session, whose own lock must stay held.
            let data = self.fetch(id)?;
            let exists = data.is_some();
            self.prefetched = Some((id.to_vec(), data));
            return Ok(exists);
        }
        match self.lock_and_fetch(id)? {
            Acquired::Locked(Some(data), _) => {
                self.prefetched = Some((id.to_vec(), Some(data)));
                Ok(true)
            }
            Acquired::Locked(None, _) => {
                // Unknown id: PHP will make a new one; do not keep its lock.
                if let Some(held) = self.take_held(id) {
                    self.release_held(&held, &Release::Only, &UserArgs::default())?;
                }
                Ok(false)
            }
            // Busy means someone holds it: it exists. `read` waits for it.
            Acquired::Busy(_) | Acquired::Crowded(_) => Ok(true),
        }
    }

    /// A new session id that no stored session uses (and, with locking,
    /// locked for this request). `generate` is PHP's own id generator.
    ///
    /// # Errors
    /// Redis unreachable, or the generator failing / colliding repeatedly.
    fn create_sid_uncounted(
        &mut self,
        mut generate: impl FnMut() -> Option<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        if self.failed {
            return Err(Error::AlreadyFailed);
        }
        // session_create_id() in an active session must not touch its lock.
        let locking = self.settings().enabled && self.held.is_none();
        for _ in 0..CREATE_SID_TRIES {
            let id =
                generate().ok_or_else(|| Error::CreateId("PHP's id generator failed".into()))?;
            if !is_valid_id(&id) {
                return Err(Error::InvalidId(crate::reply::short_id(&id)));
            }
            let free = if locking {
                // A new id is locked at once; the lock of a taken or busy id
                // is not kept.
                match self.lock_and_fetch(&id)? {
                    Acquired::Locked(None, _) => true,
                    Acquired::Locked(Some(_), _) => {
                        if let Some(held) = self.take_held(&id) {
                            self.release_held(&held, &Release::Only, &UserArgs::default())?;
                        }
                        false
                    }
                    Acquired::Busy(_) | Acquired::Crowded(_) => false,
                }
            } else {
                self.fetch(&id)?.is_none()
            };
            if free {
                self.prefetched = Some((id.clone(), None));
                request::created(&id);
                return Ok(id);
            }
        }
        Err(Error::CreateId(format!(
            "{CREATE_SID_TRIES} generated ids were all taken by stored sessions"
        )))
    }

    /// Lazy write of unchanged data: refresh the TTL (and release the lock,
    /// same round trip). If the key expired in the meantime, write the data
    /// again rather than lose the session.
    ///
    /// # Errors
    /// Invalid id, lock lost, read-only session, or Redis failing.
    fn update_timestamp_uncounted(
        &mut self,
        id: &[u8],
        data: &[u8],
        maxlifetime: i64,
    ) -> Result<()> {
        self.check(id)?;
        self.refuse_readonly(id)?;
        self.prefetched = None;
        if self.revoked_here(id) {
            return Ok(());
        }
        let ttl = ttl_seconds(maxlifetime);
        let owner = self.owner(id);
        if let Some(held) = self.take_held(id) {
            let args = owner.args(id);
            let (released, bound) = self.release_held(&held, &Release::Touch(ttl), &args)?;
            let bound = match released {
                Released::Expired => {
                    let stored = self.compression_for(data).encode(data);
                    self.release_held(&held, &Release::Write(&stored, ttl), &args)?
                        .1
                }
                _ => bound,
            };
            self.owned(id, &owner, bound, ttl);
            return Ok(());
        }
        if self.needs_guard(id, &owner) {
            // A bound session's lazy write unlocked: written whole, so the
            // revocation check and the binding ride in one script.
            let stored = self.compression_for(data).encode(data);
            return self.write_guarded(id, &stored, ttl, &owner);
        }
        let compression = self.compression_for(data);
        let result = self.store.exec_write(id, |conn, key, wait| {
            let mut pipe = redis::pipe();
            pipe.cmd("EXPIRE").arg(&key.data).arg(ttl);
            let (replies, acked) = crate::replicas::send(conn, &pipe, wait)?;
            if replies.first() == Some(&Value::Int(0)) {
                // Expired meanwhile: write it again rather than lose it.
                let stored = compression.encode(data);
                let (_, acked) = crate::replicas::send(conn, &set(&key.data, &stored, ttl), wait)?;
                return Ok(((), acked));
            }
            Ok(((), acked))
        });
        let ((), outcome) = self.note(result)?;
        self.settle(outcome)
    }
}

/// `SET key data EX ttl`, as a pipeline of one.
fn set(key: &[u8], data: &[u8], ttl: i64) -> redis::Pipeline {
    let mut pipe = redis::pipe();
    pipe.cmd("SET").arg(key).arg(data).arg("EX").arg(ttl);
    pipe
}

impl Session {
    /// Stores `data` byte for byte under `id`, expiring after `maxlifetime`;
    /// with the lock held, writes and releases in one round trip.
    ///
    /// # Errors
    /// Invalid id, lock lost, read-only session, or Redis failing.
    pub fn write(&mut self, id: &[u8], data: &[u8], maxlifetime: i64) -> Result<()> {
        let compressed = self.write_uncounted(id, data, maxlifetime)?;
        stats::one(Counter::Writes);
        stats::add(Counter::BytesWritten, data.len() as u64);
        if let Some(stored) = compressed {
            stats::one(Counter::CompressedWrites);
            stats::add(Counter::BytesUncompressed, data.len() as u64);
            stats::add(Counter::BytesCompressed, stored as u64);
        }
        Ok(())
    }

    /// Deletes the session `id` (and releases its lock).
    ///
    /// # Errors
    /// Invalid id, lock lost, or Redis unreachable / failing.
    pub fn destroy(&mut self, id: &[u8]) -> Result<()> {
        self.destroy_uncounted(id)?;
        stats::one(Counter::Destroys);
        Ok(())
    }

    /// Lazy write of unchanged data: refresh the TTL (and release the lock).
    ///
    /// # Errors
    /// Invalid id, lock lost, read-only session, or Redis failing.
    pub fn update_timestamp(&mut self, id: &[u8], data: &[u8], maxlifetime: i64) -> Result<()> {
        self.update_timestamp_uncounted(id, data, maxlifetime)?;
        stats::one(Counter::TtlRefreshes);
        Ok(())
    }

    /// A new session id no stored session uses (`generate` makes
    /// candidates).
    ///
    /// # Errors
    /// Redis unreachable, or every candidate taken.
    pub fn create_sid(&mut self, generate: impl FnMut() -> Option<Vec<u8>>) -> Result<Vec<u8>> {
        let id = self.create_sid_uncounted(generate)?;
        stats::one(Counter::IdsCreated);
        Ok(id)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.close();
    }
}
