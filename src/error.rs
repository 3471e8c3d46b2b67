//! The one error type of the handler core. Each variant's text is what the
//! operator reads in the E_WARNING, so it names the cause and the server, and
//! never a password.

use crate::save_path::ParseError;

/// Everything that can make a session operation fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `session.save_path` (or the class's save path) could not be parsed.
    #[error("{0}")]
    SavePath(#[from] ParseError),
    /// The server refused the TCP connection or the unix socket is missing.
    #[error("cannot connect to Redis at {server}: connection refused")]
    Refused {
        /// `tcp://host:port` of the server, without credentials.
        server: String,
    },
    /// The server turns new connections away: `maxclients` reached.
    #[error(
        "Redis at {server} refuses new connections: it has reached its maxclients limit (\"max number of clients reached\"); raise maxclients, or see the README on connections per PHP worker"
    )]
    Full {
        /// The server, without credentials.
        server: String,
    },
    /// Connecting or waiting for a reply took longer than the timeout.
    #[error("Redis at {server} timed out ({what})")]
    Timeout {
        /// The server, without credentials.
        server: String,
        /// Which step timed out: "connect" or "read".
        what: &'static str,
    },
    /// AUTH was rejected (wrong password, unknown ACL user) or required.
    #[error("authentication to Redis at {server} failed: {detail}")]
    Auth {
        /// The server, without credentials.
        server: String,
        /// Redis's own reason, e.g. "WRONGPASS ...".
        detail: String,
    },
    /// SELECT of the configured database failed.
    #[error("Redis at {server} rejected database {database}: {detail}")]
    Database {
        /// The server, without credentials.
        server: String,
        /// The database index from the save path.
        database: u32,
        /// Redis's reason.
        detail: String,
    },
    /// The server answered with an error reply (OOM, WRONGTYPE, NOPERM, ...),
    /// in plain words ([`crate::reply::explain`]).
    #[error("Redis at {server}: {words}")]
    Reply {
        /// The server, without credentials.
        server: String,
        /// The reply's error code (`OOM`, `NOPERM`, ...), for the counters.
        code: String,
        /// What happened and what to do.
        words: String,
    },
    /// The write reached the master (and the lock was released), but fewer
    /// replicas than `wait_replicas` confirmed it within `wait_timeout`, and
    /// `wait_degraded` is `refuse`.
    #[error("{0} (rustredis wait_replicas)")]
    Unconfirmed(crate::replicas::Shortfall),
    /// Any other failure talking to the server (I/O, protocol).
    #[error("Redis error at {server}: {detail}")]
    Redis {
        /// The server, without credentials.
        server: String,
        /// What went wrong.
        detail: String,
    },
    /// The server failed at connection level earlier in this request
    /// (refused, timed out, reset): not tried again for a second,
    /// so one outage costs one timeout.
    #[error(
        "Redis at {server} is unreachable (it failed earlier in this request, under a second ago; not tried again yet)"
    )]
    StillDown {
        /// The server, without credentials.
        server: String,
    },
    /// The session id contains characters PHP does not allow or has a bad length.
    #[error(
        "invalid session id {0}: only A-Z, a-z, 0-9, \",\" and \"-\" are allowed, 1 to 256 characters"
    )]
    InvalidId(String),
    /// The session lock stayed busy for the whole allowed wait.
    #[error("cannot lock session {id}: still locked by another request after waiting {:.3} s ({bound})", waited.as_secs_f64())]
    LockTimeout {
        /// The session id.
        id: String,
        /// How long we waited.
        waited: std::time::Duration,
        /// The settings that bound the wait.
        bound: &'static str,
    },
    /// Too many requests already waited for the session's lock
    /// (`rustredis.lock_max_waiters`): refused at once.
    #[error(
        "cannot lock session {id}: {waiting} requests already wait for it (rustredis.lock_max_waiters={limit})"
    )]
    LockCrowded {
        /// The session id.
        id: String,
        /// Requests waiting.
        waiting: u64,
        /// The cap.
        limit: u32,
    },
    /// At write time another request held the lock: ours expired
    /// (`rustredis.lock_expire`) and it was taken.
    #[error(
        "session lock of {0} was lost (it expired and another request holds it now): data not written"
    )]
    LockLost(String),
    /// The session was revoked (`RustRedis\\destroy_user_sessions`) while
    /// this request ran.
    #[error(
        "session {0} was revoked (log out everywhere: RustRedis\\destroy_user_sessions) while this request ran: data not written"
    )]
    Revoked(String),
    /// At write time nobody held the lock: ours expired
    /// (`rustredis.lock_expire`) before the request was done.
    #[error(
        "session lock of {0} expired before the write (held for rustredis.lock_max_hold, not renewable while Redis was unreachable, or taken over by another client): data not written"
    )]
    LockExpired(String),
    /// The session started read-only (`rustredis.lock_failure_readonly`).
    #[error("session {0} is read-only (its lock could not be acquired): data not written")]
    ReadOnly(String),
    /// A session id could not be generated.
    #[error("cannot create a session id: {0}")]
    CreateId(String),
    /// An earlier callback of this request already failed to reach Redis and
    /// warned; the rest fail at once, without a second warning.
    #[error("Redis unavailable (already reported in this request)")]
    AlreadyFailed,
    /// The stored value claims a codec's format and does not decompress.
    #[error(
        "Redis at {server}: key \"{key}\" holds {codec} data that does not decompress ({reason}); the value is left as it is (rustredis.compression={setting})"
    )]
    Corrupt {
        /// The server, without credentials.
        server: String,
        /// The key, its id as a fingerprint.
        key: String,
        /// The format the value claims.
        codec: &'static str,
        /// What is wrong with it.
        reason: String,
        /// The configured codec.
        setting: &'static str,
    },
    /// `rustredis.compression` names no codec.
    #[error(
        "rustredis.compression names no codec rustredis knows (none, lzf, lz4 or zstd): sessions are not started until it is set right"
    )]
    UnknownCodec,
    /// Rust code panicked; caught at the FFI boundary so PHP keeps running.
    #[error("internal error: {0}")]
    Panic(String),
}

impl Error {
    /// The error the operator reads for a redis-rs error from `server` at
    /// `step` ("connect" or "read"); `database` is the save path's, to name
    /// a refused SELECT.
    #[must_use]
    pub fn from_redis(
        e: &redis::RedisError,
        server: &str,
        step: &'static str,
        database: Option<u32>,
    ) -> Self {
        let server = server.to_owned();
        if e.is_connection_refusal() {
            return Self::Refused { server };
        }
        if e.is_timeout() {
            return Self::Timeout { server, what: step };
        }
        let (code, detail) = crate::reply::first_error(e).unwrap_or_default();
        if code == "ERR"
            && detail
                .as_deref()
                .is_some_and(|d| d.starts_with("max number of clients reached"))
        {
            return Self::Full { server };
        }
        if e.kind() == redis::ErrorKind::AuthenticationFailed {
            // redis-rs replaces Redis's AUTH reply with its own words.
            let detail = "wrong password, or unknown or disabled user".to_owned();
            return Self::Auth { server, detail };
        }
        if code == "NOAUTH" || code == "WRONGPASS" {
            let detail = detail.unwrap_or(code);
            return Self::Auth { server, detail };
        }
        if e.kind() == redis::ErrorKind::Client
            && let Some(detail) = e.detail()
        {
            // Our own checks (Sentinel ROLE, a vanished staged copy) say it all in
            // the detail.
            return Self::Redis {
                server,
                detail: detail.to_owned(),
            };
        }
        let text = e.to_string();
        // redis-rs reports a refused SELECT in its own words, not as the
        // server's reply.
        if let (Some(database), true) = (database, text.contains("switch database")) {
            let detail = e.detail().unwrap_or("invalid database").to_owned();
            return Self::Database {
                server,
                database,
                detail,
            };
        }
        if !code.is_empty() {
            // The failing step names the key: the pool rewords it.
            let words = crate::reply::explain(&code, detail.as_deref().unwrap_or_default(), "");
            return Self::Reply {
                server,
                code,
                words,
            };
        }
        if e.is_io_error() {
            let detail = format!("connection lost ({})", e.detail().unwrap_or(&text));
            return Self::Redis { server, detail };
        }
        Self::Redis {
            server,
            detail: text,
        }
    }

    /// The error counter this error moves when reported ([`crate::stats`]);
    /// None for the lock's and replicas' outcomes, which have counters of
    /// their own.
    #[must_use]
    pub fn counter(&self) -> Option<crate::stats::Counter> {
        use crate::stats::Counter;
        Some(match self {
            Error::Refused { .. } | Error::Full { .. } => Counter::ErrorsRefused,
            Error::Timeout { .. } | Error::StillDown { .. } => Counter::ErrorsTimeout,
            Error::Auth { .. } | Error::Database { .. } => Counter::ErrorsAuth,
            Error::Reply { code, .. } => match code.as_str() {
                "OOM" => Counter::ErrorsOom,
                "READONLY" => Counter::ErrorsReadonly,
                "NOPERM" => Counter::ErrorsNoperm,
                _ => Counter::ErrorsOther,
            },
            Error::Corrupt { .. } => Counter::ErrorsCorrupt,
            Error::LockTimeout { .. }
            | Error::LockCrowded { .. }
            | Error::LockLost(_)
            | Error::Revoked(_)
            | Error::LockExpired(_)
            | Error::ReadOnly(_)
            | Error::Unconfirmed(_)
            | Error::AlreadyFailed => return None,
            _ => Counter::ErrorsOther,
        })
    }

    /// An earlier call of this request already warned about the failure:
    /// nothing new to say.
    #[must_use]
    pub fn is_already_reported(&self) -> bool {
        matches!(self, Error::AlreadyFailed)
    }

    /// The rest of the request cannot do better: the server is unreachable
    /// or refuses our credentials or database, so later callbacks fail at
    /// once (and silently) instead of trying again.
    #[must_use]
    pub fn stops_request(&self) -> bool {
        self.is_unreachable() || matches!(self, Error::Auth { .. } | Error::Database { .. })
    }

    /// The server could not be reached at all (refused, timed out, failed
    /// earlier in the request), as opposed to a reply it gave.
    #[must_use]
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            Error::Refused { .. }
                | Error::Full { .. }
                | Error::Timeout { .. }
                | Error::StillDown { .. }
        )
    }
}

/// Result alias of the handler core.
pub type Result<T> = std::result::Result<T, Error>;
