//! `RustRedis\SessionHandler`: the same core as the native module, as a PHP
//! object for `session_set_save_handler()` and for frameworks that call
//! `read()`/`write()`/`destroy()` directly (Laravel never calls `open()`).
//!
//! The constructor only parses; the first command connects, lazily, through
//! the same per-process pools as the native handler.

use ext_php_rs::binary::Binary;
use ext_php_rs::binary_slice::BinarySlice;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::{PhpException, PhpResult};
use ext_php_rs::flags::DataType;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::ClassEntry;

use super::users::{OrFalse, Target};
use super::{SessionInterface, guard, session_interface};
use crate::compression::Codec;
use crate::config::Config;
use crate::error::Error;
use crate::save_path::{self, SavePath};
use crate::session::Session;

fn session_handler_interface() -> &'static ClassEntry {
    session_interface(SessionInterface::Handler)
}

fn session_id_interface() -> &'static ClassEntry {
    session_interface(SessionInterface::Id)
}

fn session_update_timestamp_interface() -> &'static ClassEntry {
    session_interface(SessionInterface::UpdateTimestamp)
}

pub(crate) fn invalid_argument(message: String) -> PhpException {
    match ClassEntry::try_find("InvalidArgumentException") {
        Some(ce) => PhpException::new(message, 0, ce),
        None => PhpException::from_message(message),
    }
}

/// A PHP `string|false` return value. ext-php-rs declares one type per
/// return; it is declared `string` (a subtype of the interface's
/// `string|false`, so PHP accepts the method) and `false` reports failure.
pub struct BytesOrFalse(Option<Vec<u8>>);

impl IntoZval for BytesOrFalse {
    const TYPE: DataType = DataType::String;
    const NULLABLE: bool = false;

    fn set_zval(self, zv: &mut Zval, _persistent: bool) -> ext_php_rs::error::Result<()> {
        match self.0 {
            Some(bytes) => zv.set_binary(bytes),
            None => zv.set_bool(false),
        }
        Ok(())
    }
}

/// Options of the constructor's second argument.
#[derive(Debug, Default, PartialEq)]
struct Options {
    /// Session lifetime in seconds, instead of `session.gc_maxlifetime`.
    ttl: Option<i64>,
    /// Key prefix, instead of the save path's `prefix` (or the default).
    prefix: Option<Vec<u8>>,
    /// Instead of `rustredis.compression`.
    compression: Option<Codec>,
    /// Instead of `rustredis.compression_level`.
    compression_level: Option<i32>,
    /// Instead of `rustredis.compression_min_size`.
    compression_min_size: Option<usize>,
}

impl Options {
    /// The ini settings with these options over them.
    fn config(&self) -> Config {
        let mut config = super::ini::current();
        let c = &mut config.compression;
        if let Some(codec) = self.compression {
            c.codec = codec;
            config.unknown_codec = false;
        }
        if let Some(level) = self.compression_level {
            c.level = level;
        }
        if let Some(min) = self.compression_min_size {
            c.min_size = min;
        }
        config
    }
}

fn bad_option(name: &str, what: &str) -> PhpException {
    invalid_argument(format!(
        "RustRedis\\SessionHandler: option \"{name}\" must be {what}"
    ))
}

fn parse_options(options: Option<&ZendHashTable>) -> PhpResult<Options> {
    let mut parsed = Options::default();
    let Some(options) = options else {
        return Ok(parsed);
    };
    for (key, value) in options {
        let key = key.to_string();
        match key.as_str() {
            "ttl" => match value.long() {
                Some(ttl) if ttl > 0 => parsed.ttl = Some(ttl),
                _ => {
                    return Err(invalid_argument(
                        "RustRedis\\SessionHandler: option \"ttl\" must be a positive integer"
                            .into(),
                    ));
                }
            },
            "prefix" => match value.zend_str() {
                Some(prefix) => parsed.prefix = Some(prefix.as_bytes().to_vec()),
                None => {
                    return Err(invalid_argument(
                        "RustRedis\\SessionHandler: option \"prefix\" must be a string".into(),
                    ));
                }
            },
            "compression" => {
                parsed.compression =
                    Some(value.str().and_then(Codec::from_name).ok_or_else(|| {
                        bad_option(&key, "one of \"none\", \"lzf\", \"lz4\", \"zstd\"")
                    })?);
            }
            "compression_level" => {
                parsed.compression_level = Some(
                    value
                        .long()
                        .and_then(|l| i32::try_from(l).ok())
                        .ok_or_else(|| bad_option(&key, "an integer"))?,
                );
            }
            "compression_min_size" => {
                parsed.compression_min_size = Some(
                    value
                        .long()
                        .and_then(|l| usize::try_from(l).ok())
                        .ok_or_else(|| bad_option(&key, "an integer of 0 or more"))?,
                );
            }
            other => {
                return Err(invalid_argument(format!(
                    "RustRedis\\SessionHandler: unknown option \"{other}\""
                )));
            }
        }
    }
    Ok(parsed)
}

/// A Redis session handler object, implementing `SessionHandlerInterface`,
/// `SessionIdInterface` and `SessionUpdateTimestampHandlerInterface`.
#[php_class]
#[php(name = "RustRedis\\SessionHandler")]
#[php(implements(ce = session_handler_interface, stub = "\\SessionHandlerInterface"))]
#[php(implements(ce = session_id_interface, stub = "\\SessionIdInterface"))]
#[php(implements(
    ce = session_update_timestamp_interface,
    stub = "\\SessionUpdateTimestampHandlerInterface"
))]
pub struct SessionHandler {
    session: Session,
    ttl: Option<i64>,
    /// The constructor's options, applied over the ini settings at each open.
    options: Options,
    /// Between `open()` and `close()`: PHP's session module drives us, and a
    /// failure is reported once for the whole sequence. Frameworks that call
    /// `read()`/`write()` directly get each call tried on its own.
    opened: bool,
}

impl SessionHandler {
    /// The core session, with any earlier failure forgotten unless we are
    /// inside one open..close sequence.
    fn core(&mut self) -> &mut Session {
        if !self.opened {
            self.session.forget_failure();
            crate::store::end_request();
        }
        &mut self.session
    }

    fn maxlifetime(&self) -> i64 {
        self.ttl
            .unwrap_or_else(|| super::ini_long(c"session.gc_maxlifetime"))
    }

    /// Shows the warnings the last call left although it succeeded.
    fn notice(&mut self) {
        for text in self.session.take_notices() {
            super::warn(&text);
        }
    }

    /// Turns a core result into PHP's `true`/`false`, warning on failure.
    fn done(result: crate::error::Result<()>) -> bool {
        match result {
            Ok(()) => true,
            Err(e) => {
                warn(&e);
                false
            }
        }
    }
}

fn warn(e: &Error) {
    if !e.is_already_reported() {
        if let Some(counter) = e.counter() {
            crate::stats::one(counter);
        }
        super::warn(&e.to_string());
    }
}

// ext-php-rs hands arguments over by value. Every method runs under
// `guard`: ext-php-rs would turn a panic into a PHP exception, but a
// session handler must answer PHP's session module with a value (false,
// and one warning, like every other failure), not throw.
#[allow(clippy::needless_pass_by_value)]
#[php_impl]
impl SessionHandler {
    /// `new RustRedis\SessionHandler($savePath, ['ttl' => 3600, 'prefix' => 'app:'])`
    ///
    /// Parses the save path (same syntax as `session.save_path`).
    ///
    /// # Errors
    /// Throws `InvalidArgumentException` when it or an option is malformed.
    pub fn __construct(
        save_path: BinarySlice<u8>,
        options: Option<&ZendHashTable>,
    ) -> PhpResult<Self> {
        let options = parse_options(options)?;
        let text = std::str::from_utf8(&save_path)
            .map_err(|_| invalid_argument("invalid session save path: not valid UTF-8".into()))?;
        // The registry key carries the prefix override: same path with
        // another prefix is another store.
        let mut key = text.to_owned();
        if let Some(prefix) = &options.prefix {
            key.push('\0');
            key.push_str(&String::from_utf8_lossy(prefix));
        }
        let prefix = options.prefix.clone();
        let config = options.config();
        let store = crate::store::registry::store_for(&key, config.pools, || {
            let mut parsed: SavePath = save_path::parse(text)?;
            if let Some(prefix) = prefix {
                for host in &mut parsed.hosts {
                    host.prefix.clone_from(&prefix);
                }
            }
            Ok(parsed)
        })
        .map_err(|e| invalid_argument(e.to_string()))?;
        let mut session = Session::new(store, &config);
        // Called directly (not by PHP's session module), the data is the
        // caller's own: never guess at LZF.
        session.set_text_serializer(false);
        Ok(Self {
            session,
            ttl: options.ttl,
            options,
            opened: false,
        })
    }

    /// Nothing to open: connections are pooled and made on first use.
    pub fn open(&mut self, path: BinarySlice<u8>, name: BinarySlice<u8>) -> bool {
        // The save path came with the constructor; the interface's names are
        // kept for PHP's named arguments.
        let _ = (path, name);
        guard(false, || {
            self.session.reset(&self.options.config());
            // Driven by PHP's session module: the data is its serializer's.
            self.session
                .set_serializer_probe(Some(super::ini::serializer_is_text));
            self.opened = true;
            true
        })
    }

    /// Ends the session of this request, releasing its lock.
    pub fn close(&mut self) -> bool {
        guard(false, || {
            self.session.close();
            self.session.set_serializer_probe(None);
            self.session.set_text_serializer(false);
            self.opened = false;
            true
        })
    }

    /// The session's data, `""` for an unknown id, `false` on failure.
    pub fn read(&mut self, id: BinarySlice<u8>) -> BytesOrFalse {
        guard(BytesOrFalse(None), || {
            let read = self.core().read(&id);
            self.notice();
            match read {
                Ok(data) => BytesOrFalse(Some(data)),
                Err(e) => {
                    warn(&e);
                    BytesOrFalse(None)
                }
            }
        })
    }

    /// Stores the data with the handler's TTL.
    pub fn write(&mut self, id: BinarySlice<u8>, data: BinarySlice<u8>) -> bool {
        guard(false, || {
            let ttl = self.maxlifetime();
            let written = self.core().write(&id, &data, ttl);
            self.notice();
            Self::done(written)
        })
    }

    /// Deletes the session.
    pub fn destroy(&mut self, id: BinarySlice<u8>) -> bool {
        guard(false, || {
            let destroyed = self.core().destroy(&id);
            self.notice();
            Self::done(destroyed)
        })
    }

    /// Redis expires sessions itself: nothing to collect, 0 deleted.
    pub fn gc(&mut self, max_lifetime: i64) -> i64 {
        let _ = max_lifetime;
        0
    }

    /// A new session id not used by any stored session. If Redis cannot be
    /// asked, PHP's plain new id (the session will fail at read, warned once).
    #[php(name = "create_sid")]
    pub fn create_sid(&mut self) -> Binary<u8> {
        let id = guard(None, || {
            match self.core().create_sid(super::php_create_id) {
                Ok(id) => Some(id),
                Err(e) => {
                    warn(&e);
                    None
                }
            }
        });
        Binary::new(id.or_else(super::php_create_id).unwrap_or_default())
    }

    /// Strict mode: true when the session exists.
    pub fn validate_id(&mut self, id: BinarySlice<u8>) -> bool {
        guard(false, || match self.core().validate(&id) {
            Ok(exists) => exists,
            Err(e) => {
                // Unreachable is not unknown: keep the id (the read fails
                // closed) rather than hand the user a new session cookie.
                warn(&e);
                true
            }
        })
    }

    /// Lazy write: refresh the TTL (writing the data if the key expired).
    pub fn update_timestamp(&mut self, id: BinarySlice<u8>, data: BinarySlice<u8>) -> bool {
        guard(false, || {
            let ttl = self.maxlifetime();
            let updated = self.core().update_timestamp(&id, &data, ttl);
            self.notice();
            Self::done(updated)
        })
    }

    /// Binds the session this handler writes next to `$user` (after a
    /// login); the binding is written with that write.
    ///
    /// # Errors
    /// `InvalidArgumentException` for an empty or over-long identifier.
    pub fn bind_user(&mut self, user: BinarySlice<u8>) -> PhpResult<()> {
        guard(Ok(()), || {
            let user = self.target().user(&user)?;
            self.session.bind_user(user);
            Ok(())
        })
    }

    /// The sessions of `$user` on this handler's save path.
    ///
    /// # Errors
    /// `InvalidArgumentException` for a bad identifier.
    pub fn user_sessions(
        &mut self,
        user: BinarySlice<u8>,
    ) -> PhpResult<OrFalse<ext_php_rs::boxed::ZBox<ZendHashTable>>> {
        guard(Ok(OrFalse(None)), || self.target().sessions(&user))
    }

    /// How many sessions `$user` has on this handler's save path.
    ///
    /// # Errors
    /// `InvalidArgumentException` for a bad identifier.
    pub fn user_session_count(&mut self, user: BinarySlice<u8>) -> PhpResult<OrFalse<i64>> {
        guard(Ok(OrFalse(None)), || self.target().count(&user))
    }

    /// How many users have a live session on this handler's save path.
    pub fn active_users(&mut self) -> OrFalse<i64> {
        guard(OrFalse(None), || self.target().active_users())
    }

    /// Revokes the sessions of `$user` (but the current one, unless
    /// `$keepCurrent` is false); how many there were.
    ///
    /// # Errors
    /// `InvalidArgumentException` for a bad identifier.
    #[php(defaults(keep_current = true))]
    pub fn destroy_user_sessions(
        &mut self,
        user: BinarySlice<u8>,
        keep_current: bool,
    ) -> PhpResult<OrFalse<i64>> {
        guard(Ok(OrFalse(None)), || {
            self.target().destroy_all(&user, keep_current)
        })
    }

    /// Revokes the session of `$user` with fingerprint `$id`.
    ///
    /// # Errors
    /// `InvalidArgumentException` for a bad identifier.
    pub fn destroy_user_session(
        &mut self,
        user: BinarySlice<u8>,
        id: BinarySlice<u8>,
    ) -> PhpResult<bool> {
        guard(Ok(false), || self.target().destroy_one(&user, &id))
    }
}

impl SessionHandler {
    /// The user index of this handler's save path and lifetime.
    fn target(&self) -> Target {
        Target {
            store: self.session.shared_store(),
            ttl: crate::session::ttl_seconds(self.maxlifetime()),
            hash: self.options.config().user_index_hash,
        }
    }
}
