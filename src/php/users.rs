//! The per-user session index as PHP sees it (see [`crate::users`]): the
//! functions `RustRedis\bind_user()`, `user_sessions()`,
//! `user_session_count()`, `destroy_user_sessions()` and
//! `destroy_user_session()` on the save path of `session.save_path`, and
//! the same for the class's methods on its own save path.

// ext-php-rs hands arguments over by value.
#![allow(clippy::needless_pass_by_value)]

use std::sync::Arc;

use ext_php_rs::binary_slice::BinarySlice;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::flags::DataType;
use ext_php_rs::types::{ZendHashTable, Zval};

use crate::error::Error;
use crate::session::ttl_seconds;
use crate::store::Store;
use crate::users::{self, Which, request};

/// A PHP `T|false` return value: `false` after a warned failure.
pub struct OrFalse<T>(pub Option<T>);

impl<T: IntoZval> IntoZval for OrFalse<T> {
    const TYPE: DataType = T::TYPE;
    const NULLABLE: bool = false;

    fn set_zval(self, zv: &mut Zval, persistent: bool) -> ext_php_rs::error::Result<()> {
        if let Some(value) = self.0 {
            return value.set_zval(zv, persistent);
        }
        zv.set_bool(false);
        Ok(())
    }
}

/// Where the functions look: the save path and lifetime this request's
/// sessions use, with the `rustredis.*` settings.
pub(super) struct Target {
    /// The save path's servers.
    pub(super) store: Arc<Store>,
    /// `session.gc_maxlifetime` (or the class's ttl), seconds.
    pub(super) ttl: i64,
    /// `rustredis.user_index_hash`.
    pub(super) hash: bool,
}

impl Target {
    /// The request's `session.save_path`.
    fn from_ini() -> crate::error::Result<Self> {
        let config = super::ini::current();
        let path = super::ini_string(c"session.save_path").unwrap_or_default();
        Ok(Self {
            store: crate::session::store_for(&path, &config)?,
            ttl: ttl_seconds(super::ini_long(c"session.gc_maxlifetime")),
            hash: config.user_index_hash,
        })
    }

    /// The user key of `user`, or the exception for a bad one.
    pub(super) fn user(&self, user: &[u8]) -> PhpResult<Vec<u8>> {
        users::user_key(user, self.hash).map_err(super::class::invalid_argument)
    }

    /// `user_sessions()`: the user's sessions, most recently active first.
    pub(super) fn sessions(&self, user: &[u8]) -> PhpResult<OrFalse<ZBox<ZendHashTable>>> {
        let user = self.user(user)?;
        let mut entries = match users::list(&self.store, &user, self.ttl) {
            Ok(entries) => entries,
            Err(e) => return Ok(failed(&e)),
        };
        entries.sort_by_key(|e| std::cmp::Reverse(e.active_ms));
        let current = request::current();
        let mut out = ZendHashTable::new();
        for entry in entries {
            let mut row = ZendHashTable::new();
            let secs = |ms: u64| i64::try_from(ms / 1000).unwrap_or(i64::MAX);
            let _ = row.insert("id", crate::reply::short_id(&entry.id));
            let _ = row.insert("last_activity", secs(entry.active_ms));
            let _ = row.insert("expires", secs(entry.expires_ms));
            let _ = row.insert("current", current.as_deref() == Some(entry.id.as_slice()));
            let _ = out.push(row);
        }
        Ok(OrFalse(Some(out)))
    }

    /// `user_session_count()`.
    pub(super) fn count(&self, user: &[u8]) -> PhpResult<OrFalse<i64>> {
        let user = self.user(user)?;
        Ok(match users::count(&self.store, &user) {
            Ok(n) => OrFalse(Some(i64::try_from(n).unwrap_or(i64::MAX))),
            Err(e) => failed(&e),
        })
    }

    /// `active_users()`.
    pub(super) fn active_users(&self) -> OrFalse<i64> {
        match users::active_users(&self.store) {
            Ok(n) => OrFalse(Some(i64::try_from(n).unwrap_or(i64::MAX))),
            Err(e) => failed(&e),
        }
    }

    /// `destroy_user_sessions()`: how many sessions were revoked.
    pub(super) fn destroy_all(&self, user: &[u8], keep_current: bool) -> PhpResult<OrFalse<i64>> {
        let user = self.user(user)?;
        let current = request::current();
        let keep = current.as_deref().filter(|_| keep_current);
        Ok(
            match users::revoke(&self.store, &user, Which::AllBut(keep), self.ttl) {
                Ok(n) => {
                    if let (false, Some(id)) = (keep_current, current.as_deref()) {
                        // Its own session included: this request does not
                        // write it back either, and says nothing of it.
                        request::set_revoked(id);
                    }
                    OrFalse(Some(i64::try_from(n).unwrap_or(i64::MAX)))
                }
                Err(e) => failed(&e),
            },
        )
    }

    /// `destroy_user_session()`: revokes the session of `user` whose
    /// fingerprint (`RustRedis\fingerprint()`, `user_sessions()`'s `id`)
    /// is `fingerprint`; false (no warning) when none is.
    pub(super) fn destroy_one(&self, user: &[u8], fingerprint: &[u8]) -> PhpResult<bool> {
        let user = self.user(user)?;
        let entries = match users::list(&self.store, &user, self.ttl) {
            Ok(entries) => entries,
            Err(e) => return Ok(failed::<()>(&e).0.is_some()),
        };
        let Some(entry) = entries
            .iter()
            .find(|e| crate::reply::short_id(&e.id).as_bytes() == fingerprint)
        else {
            return Ok(false);
        };
        match users::revoke(&self.store, &user, Which::Only(&entry.id), self.ttl) {
            Ok(n) => {
                if request::current().as_deref() == Some(entry.id.as_slice()) {
                    request::set_revoked(&entry.id);
                }
                Ok(n > 0)
            }
            Err(e) => Ok(failed::<()>(&e).0.is_some()),
        }
    }
}

/// Warns once and answers `false`.
fn failed<T>(e: &Error) -> OrFalse<T> {
    super::report(e);
    OrFalse(None)
}

/// The function's target, or the warning for a bad save path.
fn target() -> Option<Target> {
    match Target::from_ini() {
        Ok(target) => Some(target),
        Err(e) => {
            super::report(&e);
            None
        }
    }
}

/// `RustRedis\bind_user(string $user): void`: binds this request's session
/// to `$user` (after a login), written with the session's next write.
///
/// # Errors
/// `InvalidArgumentException` for an empty or over-long identifier.
#[ext_php_rs::php_function]
#[php(name = "RustRedis\\bind_user")]
pub fn bind_user(user: BinarySlice<u8>) -> PhpResult<()> {
    super::guard(Ok(()), || {
        let hash = super::ini::current().user_index_hash;
        let user = users::user_key(&user, hash).map_err(super::class::invalid_argument)?;
        request::set_pending(user);
        Ok(())
    })
}

/// `RustRedis\user_sessions(string $user): array|false`
///
/// # Errors
/// `InvalidArgumentException` for a bad identifier.
#[ext_php_rs::php_function]
#[php(name = "RustRedis\\user_sessions")]
pub fn user_sessions(user: BinarySlice<u8>) -> PhpResult<OrFalse<ZBox<ZendHashTable>>> {
    super::guard(Ok(OrFalse(None)), || match target() {
        Some(t) => t.sessions(&user),
        None => Ok(OrFalse(None)),
    })
}

/// `RustRedis\user_session_count(string $user): int|false`
///
/// # Errors
/// `InvalidArgumentException` for a bad identifier.
#[ext_php_rs::php_function]
#[php(name = "RustRedis\\user_session_count")]
pub fn user_session_count(user: BinarySlice<u8>) -> PhpResult<OrFalse<i64>> {
    super::guard(Ok(OrFalse(None)), || match target() {
        Some(t) => t.count(&user),
        None => Ok(OrFalse(None)),
    })
}

/// `RustRedis\active_users(): int|false`: how many users have a live
/// session (bound with `bind_user()`), on `session.save_path`.
#[ext_php_rs::php_function]
#[php(name = "RustRedis\\active_users")]
pub fn active_users() -> OrFalse<i64> {
    super::guard(OrFalse(None), || match target() {
        Some(t) => t.active_users(),
        None => OrFalse(None),
    })
}

/// `RustRedis\destroy_user_sessions(string $user, bool $keepCurrent =
/// true): int|false`
///
/// # Errors
/// `InvalidArgumentException` for a bad identifier.
#[ext_php_rs::php_function]
#[php(name = "RustRedis\\destroy_user_sessions")]
#[php(defaults(keep_current = true))]
pub fn destroy_user_sessions(user: BinarySlice<u8>, keep_current: bool) -> PhpResult<OrFalse<i64>> {
    super::guard(Ok(OrFalse(None)), || match target() {
        Some(t) => t.destroy_all(&user, keep_current),
        None => Ok(OrFalse(None)),
    })
}

/// `RustRedis\destroy_user_session(string $user, string $id): bool`: `$id`
/// is a fingerprint as `user_sessions()` lists it.
///
/// # Errors
/// `InvalidArgumentException` for a bad identifier.
#[ext_php_rs::php_function]
#[php(name = "RustRedis\\destroy_user_session")]
pub fn destroy_user_session(user: BinarySlice<u8>, id: BinarySlice<u8>) -> PhpResult<bool> {
    super::guard(Ok(false), || match target() {
        Some(t) => t.destroy_one(&user, &id),
        None => Ok(false),
    })
}

/// Registers the functions.
pub fn register(
    builder: ext_php_rs::builders::ModuleBuilder<'static>,
) -> ext_php_rs::builders::ModuleBuilder<'static> {
    builder
        .function(ext_php_rs::wrap_function!(bind_user))
        .function(ext_php_rs::wrap_function!(user_sessions))
        .function(ext_php_rs::wrap_function!(user_session_count))
        .function(ext_php_rs::wrap_function!(active_users))
        .function(ext_php_rs::wrap_function!(destroy_user_sessions))
        .function(ext_php_rs::wrap_function!(destroy_user_session))
}
