//! Parser for PHP's `session.save_path` in phpredis syntax.
//!
//! This is a pure function of the INI string: it opens no sockets, so it can be
//! unit-tested exhaustively and its error messages can be pinned by PHP tests.
//!
//! Compatibility notes (phpredis `PS_OPEN_FUNC(redis)` behaviour we follow):
//! * entries are separated by commas *and/or* whitespace; empty entries are skipped;
//! * `unix:` entries are parsed as paths, a bare `/path` is a unix socket and a bare
//!   `host[:port]` is TCP (phpredis defaults the scheme to `tcp`);
//! * query strings are decoded like PHP's `parse_str` (`+` is a space, `name[]`
//!   and `name[key]` build arrays, the last assignment of a name wins);
//! * `auth` accepts a string or a one/two element array, exactly like phpredis;
//! * a host is a DNS name or IPv4 address (letters, digits, `.`, `-`, `_`) or a
//!   bracketed IPv6 address, where phpredis hands anything to the resolver.
//!
//! Besides phpredis' list of servers, three whole-save-path forms are understood
//! (the start of the save path picks the form):
//! * `sentinel://host[:port][,[sentinel://]host[:port]...]?master=NAME[&...]`:
//!   Redis Sentinels (default port 26379) and the master they monitor;
//! * `cluster://host[:port][,[cluster://]host[:port]...][?...]`: Redis Cluster seeds;
//! * `seed[]=host[:port]&seed[]=...[&...]`: phpredis' `rediscluster` save path, so
//!   a phpredis user only changes `session.save_handler`.
//!
//! In the first two the query string follows the last host and applies to all.
//!
//! Where phpredis silently ignores junk (unknown parameters, `weight=abc`),
//! we fail loudly instead: a typo in the save path should not silently send
//! sessions to the wrong place or without a password.
//!
//! Layout: this file holds the public types and [`parse`], which picks the
//! form; `entry` parses one server of a server list (`url` its `redis://`
//! spelling), `topology` the sentinel and cluster forms, `query` decodes query
//! strings like PHP and `options` applies the decoded parameters; `redact`
//! hides secrets in the entries that errors show.

use std::fmt;
use std::time::Duration;

mod entry;
mod options;
mod query;
mod redact;
#[cfg(test)]
mod tests;
mod topology;
mod url;

use entry::parse_entry;
use redact::redact;
use topology::{is_seed_query, parse_cluster_url, parse_seed_query, parse_sentinel, strip_scheme};

/// Key prefix used when the entry has no `prefix` parameter, for standalone
/// servers and for `sentinel://` (same as phpredis' `redis` save handler;
/// phpredis has no sentinel save handler, so sessions moved behind a sentinel
/// keep their keys).
pub const DEFAULT_PREFIX: &str = "PHPREDIS_SESSION:";

/// Key prefix used for `cluster://` and `seed[]=` save paths without a `prefix`
/// parameter. phpredis' `rediscluster` save handler uses this one (not
/// [`DEFAULT_PREFIX`]), so sessions written by it stay readable after switching.
pub const CLUSTER_DEFAULT_PREFIX: &str = "PHPREDIS_CLUSTER_SESSION:";

/// Port used when an entry does not name one (Redis' standard port).
const DEFAULT_PORT: u16 = 6379;

/// What separates entries: phpredis splits on commas and C `isspace()`.
const SEPARATORS: [char; 7] = [',', ' ', '\t', '\n', '\r', '\x0b', '\x0c'];

/// Where a Redis server listens.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Address {
    /// Plain TCP. `host` is a name or an IP address; IPv6 is stored without brackets.
    Tcp {
        /// Host name or IP address (IPv6 without the surrounding brackets).
        host: String,
        /// TCP port (1..=65535).
        port: u16,
    },
    /// TCP wrapped in TLS (`tls://`, `ssl://`, `rediss://`).
    Tls {
        /// Host name or IP address (IPv6 without the surrounding brackets).
        host: String,
        /// TCP port (1..=65535).
        port: u16,
    },
    /// Unix domain socket.
    Unix {
        /// Absolute filesystem path of the socket.
        path: String,
    },
}

/// Credentials sent with `AUTH` after connecting.
///
/// `Debug` is implemented by hand so that the password never ends up in logs.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Auth {
    /// ACL user name (Redis 6+); `None` means the legacy single-argument `AUTH`.
    pub user: Option<String>,
    /// The password. Never printed by any `Display`/`Debug` implementation here.
    pub password: String,
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("user", &self.user)
            .field("password", &"***")
            .finish()
    }
}

/// TLS settings taken from `stream[...]` parameters (PHP `ssl` context options).
///
/// `Default` is implemented by hand: verification is on unless explicitly
/// disabled, as in PHP's `ssl` stream context.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TlsOptions {
    /// Verify the server certificate chain (default `true`).
    pub verify_peer: bool,
    /// Verify that the certificate matches the host name (default `true`).
    pub verify_peer_name: bool,
    /// CA bundle file used to verify the server.
    pub cafile: Option<String>,
    /// Client certificate (PEM) for mutual TLS.
    pub local_cert: Option<String>,
    /// Private key (PEM) of the client certificate.
    pub local_pk: Option<String>,
    /// Name expected in the server certificate, overriding the connect host.
    pub peer_name: Option<String>,
}

impl Default for TlsOptions {
    fn default() -> Self {
        Self {
            verify_peer: true,
            verify_peer_name: true,
            cafile: None,
            local_cert: None,
            local_pk: None,
            peer_name: None,
        }
    }
}

/// One server of the save path with all its connection options.
#[derive(Debug, Clone, PartialEq)]
pub struct HostSpec {
    /// Where to connect.
    pub address: Address,
    /// Relative share of sessions for this server (>= 1, default 1).
    pub weight: u32,
    /// Connect timeout; `None` means "use the default".
    pub timeout: Option<Duration>,
    /// Read timeout; `None` means "use the default" (`read_timeout=0` also maps here,
    /// as in phpredis where 0 means "not set").
    pub read_timeout: Option<Duration>,
    /// Prefix prepended to the session id to build the Redis key (raw bytes).
    pub prefix: Vec<u8>,
    /// Credentials, if any.
    pub auth: Option<Auth>,
    /// Database to `SELECT`; `None` means do not send `SELECT`.
    pub database: Option<u32>,
    /// TLS options (only meaningful for [`Address::Tls`]).
    pub tls: TlsOptions,
    /// `wait_replicas`: a write counts as done only once this many replicas
    /// confirmed it (Redis `WAIT`); 0 = do not wait.
    pub wait_replicas: u32,
    /// `wait_timeout`: how long to wait for those replicas, in milliseconds
    /// like Redis `WAIT` (default 100 ms).
    pub wait_timeout: Option<Duration>,
    /// `wait_degraded=accept`: a write fewer replicas confirmed still counts
    /// (warned once per worker); the default `refuse` reports it failed.
    pub wait_accept_degraded: bool,
}

impl HostSpec {
    /// Canonical server string, e.g. `"tcp://127.0.0.1:6379"`, `"unix:///tmp/r.sock"`,
    /// `"tls://h:6380"`, `"tcp://[::1]:6379"` — never includes credentials.
    ///
    /// `redis://` entries are shown as `tcp://` and `rediss://`/`ssl://` as `tls://`,
    /// so equivalent spellings give the same identity (useful as a hashing key).
    #[must_use]
    pub fn server(&self) -> String {
        match &self.address {
            Address::Tcp { host, port } => format!("tcp://{}:{port}", bracket(host)),
            Address::Tls { host, port } => format!("tls://{}:{port}", bracket(host)),
            Address::Unix { path } => format!("unix://{path}"),
        }
    }
}

/// Puts IPv6 literals back in brackets so `host:port` stays unambiguous.
fn bracket(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
}

/// How the servers of a save path are used.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Topology {
    /// Standalone servers; with several, each session id maps to one of them
    /// by consistent hashing.
    #[default]
    Servers,
    /// `hosts` are Redis Sentinels; sessions live on the master they name.
    /// The hosts' other options (auth, database, prefix, timeouts, TLS) apply
    /// to the master's connections.
    Sentinel {
        /// The monitored master's name (`master=`).
        master: String,
        /// Credentials for the sentinels themselves (`sentinel_auth=`).
        sentinel_auth: Option<Auth>,
    },
    /// `hosts` are seed nodes of a Redis Cluster.
    Cluster,
}

/// The parsed `session.save_path`: one or more servers, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct SavePath {
    /// Servers, never empty when returned by [`parse`].
    pub hosts: Vec<HostSpec>,
    /// What the hosts are: standalone servers, sentinels or cluster seeds.
    pub topology: Topology,
}

/// Why a `session.save_path` was rejected.
///
/// Every `entry` field holds the offending entry with secrets replaced by `***`,
/// so errors can be shown to users and logged safely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The save path contains no entry at all.
    Empty,
    /// A TCP/TLS entry without a host name.
    MissingHost {
        /// The entry, redacted.
        entry: String,
    },
    /// A port that is not a number in 1..=65535.
    InvalidPort {
        /// The entry, redacted.
        entry: String,
    },
    /// A `scheme://` we do not support.
    UnknownScheme {
        /// The entry, redacted.
        entry: String,
        /// The scheme as written.
        scheme: String,
    },
    /// A query parameter we do not know (typos must not be silently ignored).
    UnknownParameter {
        /// The entry, redacted.
        entry: String,
        /// The parameter name, e.g. `foo` or `stream[bar]`.
        name: String,
    },
    /// A known parameter with an unusable value.
    InvalidValue {
        /// The entry, redacted.
        entry: String,
        /// The parameter name, e.g. `weight` or `stream[verify_peer]`.
        name: String,
    },
    /// Any other malformed entry; `reason` never contains secrets.
    Invalid {
        /// The entry, redacted.
        entry: String,
        /// Human-readable explanation.
        reason: String,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEAD: &str = "invalid session.save_path";
        match self {
            Self::Empty => write!(f, "{HEAD}: empty save_path"),
            Self::MissingHost { entry } => write!(f, "{HEAD} entry \"{entry}\": missing host"),
            Self::InvalidPort { entry } => write!(f, "{HEAD} entry \"{entry}\": invalid port"),
            Self::UnknownScheme { entry, scheme } => {
                write!(f, "{HEAD} entry \"{entry}\": unknown scheme \"{scheme}\"")
            }
            Self::UnknownParameter { entry, name } => {
                write!(f, "{HEAD} entry \"{entry}\": unknown parameter \"{name}\"")
            }
            Self::InvalidValue { entry, name } => {
                write!(f, "{HEAD} entry \"{entry}\": invalid value for \"{name}\"")
            }
            Self::Invalid { entry, reason } => write!(f, "{HEAD} entry \"{entry}\": {reason}"),
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses a phpredis-style `session.save_path`: a list of servers
/// ([`Topology::Servers`]), or, when the save path starts with `sentinel://`,
/// `cluster://` or is phpredis' `seed[]=...` query, a sentinel or cluster
/// description (see the module documentation).
///
/// # Errors
///
/// Returns a [`ParseError`] for an empty save path, an unknown scheme, a missing
/// host, a bad port, an unknown query parameter or an invalid parameter value,
/// and for sentinel/cluster save paths without hosts or (sentinel) without
/// `master`. The first bad entry wins; its text in the error is redacted (for
/// sentinel and cluster save paths the entry is the whole save path).
pub fn parse(save_path: &str) -> Result<SavePath, ParseError> {
    let whole = save_path.trim_matches(SEPARATORS);
    if let Some(rest) = strip_scheme(whole, "sentinel") {
        return parse_sentinel(whole, rest);
    }
    if let Some(rest) = strip_scheme(whole, "cluster") {
        return parse_cluster_url(whole, rest);
    }
    if is_seed_query(whole) {
        return parse_seed_query(whole);
    }
    let hosts = save_path
        .split(SEPARATORS)
        .filter(|entry| !entry.is_empty())
        .map(parse_entry)
        .collect::<Result<Vec<_>, _>>()?;
    if hosts.is_empty() {
        return Err(ParseError::Empty);
    }
    Ok(SavePath {
        hosts,
        topology: Topology::Servers,
    })
}

/// Error constructors bound to one (already redacted) entry.
struct Ctx {
    shown: String,
}

impl Ctx {
    fn missing_host(&self) -> ParseError {
        ParseError::MissingHost {
            entry: self.shown.clone(),
        }
    }
    fn invalid_port(&self) -> ParseError {
        ParseError::InvalidPort {
            entry: self.shown.clone(),
        }
    }
    /// `scheme` is all that comes before `://`, not always a scheme
    /// (`auth=pw&seeds[]=tcp://h`): redacted like the entry.
    fn unknown_scheme(&self, scheme: &str) -> ParseError {
        ParseError::UnknownScheme {
            entry: self.shown.clone(),
            scheme: redact(scheme),
        }
    }
    fn unknown_param(&self, name: &str) -> ParseError {
        // A mistyped entry can make a "name" out of credentials
        // (`re?dis://u:PW@h`): redacted like the entry.
        ParseError::UnknownParameter {
            entry: self.shown.clone(),
            name: redact(name),
        }
    }
    fn invalid_value(&self, name: &str) -> ParseError {
        ParseError::InvalidValue {
            entry: self.shown.clone(),
            name: name.to_owned(),
        }
    }
    fn invalid(&self, reason: &str) -> ParseError {
        ParseError::Invalid {
            entry: self.shown.clone(),
            reason: reason.to_owned(),
        }
    }
}
