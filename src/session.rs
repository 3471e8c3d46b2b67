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

use crate::error::{Error, Result};
use crate::store::Store;

/// Longest session id PHP accepts (`PS_MAX_SID_LENGTH`).
pub const MAX_ID_LEN: usize = 256;

/// How many freshly generated ids `create_sid` tries before giving up.
const CREATE_SID_TRIES: usize = 3;

/// True when `id` is a session id PHP itself would accept: `[A-Za-z0-9,-]`,
/// 1 to 256 bytes. Anything else is refused before it reaches Redis.
#[must_use]
pub fn is_valid_id(id: &[u8]) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b',' || *b == b'-')
}

/// Clamps PHP's `session.gc_maxlifetime` to a TTL Redis accepts, as phpredis
/// does: at least 1 second, at most `i32::MAX`.
#[must_use]
pub fn ttl_seconds(maxlifetime: i64) -> i64 {
    maxlifetime.clamp(1, i64::from(i32::MAX))
}

/// Opens a session on the servers of `save_path` (`session.save_path`). The
/// parsed save path and its pools are kept per worker process, so this costs
/// a map lookup, no connection.
///
/// # Errors
/// A malformed save path.
pub fn open(save_path: &[u8]) -> Result<Session> {
    let text = std::str::from_utf8(save_path).map_err(|_| {
        Error::SavePath(crate::save_path::ParseError::Invalid {
            entry: "(session.save_path)".to_owned(),
            reason: "not valid UTF-8".to_owned(),
        })
    })?;
    let store = crate::store::store_for(text, || Ok(crate::save_path::parse(text)?))?;
    Ok(Session::new(store))
}

/// One open session of one request.
pub struct Session {
    store: Arc<Store>,
    /// Data fetched by `validate_sid`/`create_sid` for the `read` that follows:
    /// (id, stored value or None when the key does not exist).
    prefetched: Option<(Vec<u8>, Option<Vec<u8>>)>,
    /// Set after a connection-level failure: the rest of this request's
    /// callbacks fail at once instead of each waiting out a timeout again.
    failed: bool,
}

impl Session {
    /// A session on `store`; connects nothing.
    #[must_use]
    pub fn new(store: Arc<Store>) -> Self {
        Self {
            store,
            prefetched: None,
            failed: false,
        }
    }

    /// The store this session uses.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// True once an operation of this session failed to reach Redis; later
    /// operations return [`Error::AlreadyFailed`] without retrying.
    #[must_use]
    pub fn has_failed(&self) -> bool {
        self.failed
    }

    /// Forgets prefetched data and an earlier failure: a new request begins.
    pub fn reset(&mut self) {
        self.prefetched = None;
        self.failed = false;
    }

    fn check(&self, id: &[u8]) -> Result<()> {
        if self.failed {
            return Err(Error::AlreadyFailed);
        }
        if !is_valid_id(id) {
            return Err(Error::InvalidId(String::from_utf8_lossy(id).into_owned()));
        }
        Ok(())
    }

    fn note<T>(&mut self, result: Result<T>) -> Result<T> {
        if matches!(
            result,
            Err(Error::Refused { .. }
                | Error::Timeout { .. }
                | Error::Auth { .. }
                | Error::Database { .. })
        ) {
            self.failed = true;
        }
        result
    }

    fn fetch(&mut self, id: &[u8]) -> Result<Option<Vec<u8>>> {
        let result = self.store.exec(id, |conn, key| {
            redis::cmd("GET").arg(key).query::<Option<Vec<u8>>>(conn)
        });
        self.note(result)
    }

    /// The stored data of `id`; an unknown id reads as empty, like `files`.
    ///
    /// # Errors
    /// Invalid id, or Redis unreachable / failing.
    pub fn read(&mut self, id: &[u8]) -> Result<Vec<u8>> {
        self.check(id)?;
        if let Some((fetched_id, data)) = self.prefetched.take()
            && fetched_id == id
        {
            return Ok(data.unwrap_or_default());
        }
        Ok(self.fetch(id)?.unwrap_or_default())
    }

    /// Stores `data` byte for byte under `id`, expiring after `maxlifetime`.
    ///
    /// # Errors
    /// Invalid id, or Redis unreachable / failing.
    pub fn write(&mut self, id: &[u8], data: &[u8], maxlifetime: i64) -> Result<()> {
        self.check(id)?;
        self.prefetched = None;
        let ttl = ttl_seconds(maxlifetime);
        let result = self.store.exec(id, |conn, key| {
            redis::cmd("SET")
                .arg(key)
                .arg(data)
                .arg("EX")
                .arg(ttl)
                .exec(conn)
        });
        self.note(result)
    }

    /// Deletes the session `id`. Deleting an unknown id succeeds.
    ///
    /// # Errors
    /// Invalid id, or Redis unreachable / failing.
    pub fn destroy(&mut self, id: &[u8]) -> Result<()> {
        self.check(id)?;
        self.prefetched = None;
        let result = self
            .store
            .exec(id, |conn, key| redis::cmd("DEL").arg(key).exec(conn));
        self.note(result)
    }

    /// Strict mode: does session `id` exist? The data is kept for the
    /// `read` PHP calls next, so strict mode costs no extra round trip.
    ///
    /// # Errors
    /// Redis unreachable / failing. An invalid id is simply `Ok(false)`.
    pub fn validate(&mut self, id: &[u8]) -> Result<bool> {
        if !is_valid_id(id) {
            return Ok(false);
        }
        self.check(id)?;
        let data = self.fetch(id)?;
        let exists = data.is_some();
        self.prefetched = Some((id.to_vec(), data));
        Ok(exists)
    }

    /// A new session id that no stored session uses. `generate` is PHP's own
    /// id generator (it honours `session.sid_length` and
    /// `session.sid_bits_per_character`).
    ///
    /// # Errors
    /// Redis unreachable, or the generator failing / colliding repeatedly.
    pub fn create_sid(&mut self, mut generate: impl FnMut() -> Option<Vec<u8>>) -> Result<Vec<u8>> {
        if self.failed {
            return Err(Error::AlreadyFailed);
        }
        for _ in 0..CREATE_SID_TRIES {
            let id =
                generate().ok_or_else(|| Error::CreateId("PHP's id generator failed".into()))?;
            if !is_valid_id(&id) {
                return Err(Error::InvalidId(String::from_utf8_lossy(&id).into_owned()));
            }
            let data = self.fetch(&id)?;
            if data.is_none() {
                self.prefetched = Some((id.clone(), None));
                return Ok(id);
            }
        }
        Err(Error::CreateId(format!(
            "{CREATE_SID_TRIES} generated ids were all taken by stored sessions"
        )))
    }

    /// Lazy write of unchanged data: refresh the TTL. If the key expired in
    /// the meantime, write the data again rather than lose the session.
    ///
    /// # Errors
    /// Invalid id, or Redis unreachable / failing.
    pub fn update_timestamp(&mut self, id: &[u8], data: &[u8], maxlifetime: i64) -> Result<()> {
        self.check(id)?;
        self.prefetched = None;
        let ttl = ttl_seconds(maxlifetime);
        let result = self.store.exec(id, |conn, key| {
            let refreshed: i64 = redis::cmd("EXPIRE").arg(key).arg(ttl).query(conn)?;
            if refreshed == 0 {
                redis::cmd("SET")
                    .arg(key)
                    .arg(data)
                    .arg("EX")
                    .arg(ttl)
                    .exec(conn)?;
            }
            Ok(Value::Okay)
        });
        self.note(result).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids() {
        assert!(is_valid_id(b"abcDEF019,-"));
        assert!(is_valid_id(&[b'a'; 256]));
        assert!(!is_valid_id(b""));
        assert!(!is_valid_id(&[b'a'; 257]));
        assert!(!is_valid_id(b"abc def"));
        assert!(!is_valid_id(b"abc\0"));
        assert!(!is_valid_id(b"../etc"));
        assert!(!is_valid_id("é".as_bytes()));
    }

    #[test]
    fn ttl_is_clamped() {
        assert_eq!(ttl_seconds(1440), 1440);
        assert_eq!(ttl_seconds(0), 1);
        assert_eq!(ttl_seconds(-5), 1);
        assert_eq!(ttl_seconds(i64::MAX), i64::from(i32::MAX));
    }
}
