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

use std::fmt;
use std::net::Ipv6Addr;
use std::time::Duration;

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

/// Port used when a sentinel does not name one (Redis Sentinel's standard port).
const SENTINEL_DEFAULT_PORT: u16 = 26379;

/// What separates entries: phpredis splits on commas and C `isspace()`.
const SEPARATORS: [char; 7] = [',', ' ', '\t', '\n', '\r', '\x0b', '\x0c'];

/// `stream[...]` keys we understand; anything else is rejected rather than
/// silently ignored, because a misspelt TLS option usually weakens security.
const STREAM_KEYS: &[&str] = &[
    "verify_peer",
    "verify_peer_name",
    "allow_self_signed",
    "cafile",
    "local_cert",
    "local_pk",
    "peer_name",
];

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
    /// Accept self-signed certificates (default `false`).
    pub allow_self_signed: bool,
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
            allow_self_signed: false,
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
    /// Reuse the connection across requests.
    pub persistent: bool,
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

/// What the part before `?` of an entry told us.
struct Location {
    address: Address,
    /// Credentials from `redis://user:pass@` URLs.
    auth: Option<Auth>,
    /// Database from the `/db` path of `redis://` URLs.
    database: Option<u32>,
}

fn parse_entry(raw: &str) -> Result<HostSpec, ParseError> {
    let ctx = Ctx { shown: redact(raw) };
    // phpredis glues a `#fragment` back onto the query, so everything after the
    // first `?` is query text, `#` included.
    let (main, query) = match raw.split_once('?') {
        Some((main, query)) => (main, Some(query)),
        None => (raw, None),
    };
    let location = parse_location(&ctx, main)?;

    let mut spec = HostSpec {
        address: location.address,
        weight: 1,
        timeout: None,
        read_timeout: None,
        persistent: false,
        prefix: DEFAULT_PREFIX.as_bytes().to_vec(),
        auth: location.auth,
        database: location.database,
        tls: TlsOptions::default(),
        wait_replicas: 0,
        wait_timeout: None,
        wait_accept_degraded: false,
    };
    if let Some(query) = query {
        let from_url = (spec.auth.is_some(), spec.database.is_some());
        for param in parse_query(&ctx, query)? {
            apply_param(&ctx, &mut spec, &param, from_url)?;
        }
    }
    Ok(spec)
}

/// Parses scheme, host/port or path, plus `redis://` credentials and database.
fn parse_location(ctx: &Ctx, main: &str) -> Result<Location, ParseError> {
    let plain = |address| Location {
        address,
        auth: None,
        database: None,
    };
    if let Some((scheme, rest)) = main.split_once("://") {
        match scheme.to_ascii_lowercase().as_str() {
            "tcp" => {
                let (host, port) = parse_host_port(ctx, rest, DEFAULT_PORT)?;
                Ok(plain(Address::Tcp { host, port }))
            }
            // `ssl://` is PHP's other name for the TLS stream transport.
            "tls" | "ssl" => {
                let (host, port) = parse_host_port(ctx, rest, DEFAULT_PORT)?;
                Ok(plain(Address::Tls { host, port }))
            }
            "unix" => Ok(plain(parse_unix_path(ctx, rest)?)),
            "redis" => parse_redis_url(ctx, rest, false),
            "rediss" => parse_redis_url(ctx, rest, true),
            "sentinel" | "cluster" => Err(ctx.invalid(&format!(
                "{scheme}:// must start the save_path and cannot follow other servers"
            ))),
            _ => Err(ctx.unknown_scheme(scheme)),
        }
    } else if let Some(path) = main.strip_prefix("unix:") {
        // phpredis also accepts `unix:/path` (it rewrites `unix:` to `file:`).
        Ok(plain(parse_unix_path(ctx, path)?))
    } else if main.starts_with('/') {
        // A bare absolute path is a unix socket in phpredis.
        Ok(plain(parse_unix_path(ctx, main)?))
    } else {
        // A bare `host[:port]`: phpredis defaults the scheme to tcp.
        let (host, port) = parse_host_port(ctx, main, DEFAULT_PORT)?;
        Ok(plain(Address::Tcp { host, port }))
    }
}

fn parse_unix_path(ctx: &Ctx, path: &str) -> Result<Address, ParseError> {
    if path.is_empty() {
        return Err(ctx.invalid("missing socket path"));
    }
    if !path.starts_with('/') {
        // `unix://relative` would make phpredis connect to TCP host "relative":
        // surely not what was meant.
        return Err(ctx.invalid("unix socket path must be absolute"));
    }
    Ok(Address::Unix {
        path: path.to_owned(),
    })
}

/// Parses `host[:port][/]` for tcp/tls and bare entries (no credentials, no path).
fn parse_host_port(ctx: &Ctx, rest: &str, default_port: u16) -> Result<(String, u16), ParseError> {
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if !path.is_empty() && path != "/" {
        return Err(ctx.invalid("unexpected path after host"));
    }
    if authority.contains('@') {
        // phpredis silently ignores such credentials; refuse rather than connect
        // without the password the user thought they configured.
        return Err(
            ctx.invalid("credentials in the URL are only supported with redis:// and rediss://")
        );
    }
    split_host_port(ctx, authority, default_port)
}

/// Splits `host`, `host:port`, `[v6]` or `[v6]:port`.
fn split_host_port(
    ctx: &Ctx,
    authority: &str,
    default_port: u16,
) -> Result<(String, u16), ParseError> {
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let Some((host, after)) = bracketed.split_once(']') else {
            return Err(ctx.invalid("invalid IPv6 address"));
        };
        if host.is_empty() {
            return Err(ctx.missing_host());
        }
        if host.parse::<Ipv6Addr>().is_err() {
            return Err(ctx.invalid("invalid IPv6 address"));
        }
        let port = match after {
            "" => None,
            _ => match after.strip_prefix(':') {
                Some(port) => Some(port),
                None => return Err(ctx.invalid_port()),
            },
        };
        (host, port)
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(ctx.missing_host());
    }
    // (A bracketed host is an IPv6 address, parsed above.)
    if !is_host_name(host) && !authority.starts_with('[') {
        return Err(ctx.invalid("invalid host name"));
    }
    let port = match port {
        None => default_port,
        Some(port) => parse_port(port).ok_or_else(|| ctx.invalid_port())?,
    };
    Ok((host.to_owned(), port))
}

/// A DNS name or an IPv4 address: letters, digits, `.`, `-` and `_`
/// (container names). Anything else is a typo that must not become a host
/// name shown in phpinfo and in errors: a forgotten `?` (`h&auth=pw`), a
/// mistyped `seed[]` save path, a decoded seed holding a separator
/// (`seed[]=a+b` would be shown as `tcp://a b:6379`, two servers).
fn is_host_name(host: &str) -> bool {
    host.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

fn parse_port(text: &str) -> Option<u16> {
    // Digits only: `u16::from_str` would also accept a leading `+`.
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u16>().ok().filter(|&port| port != 0)
}

/// Parses the part after `redis://` / `rediss://`: `[user:pass@]host[:port][/db]`.
fn parse_redis_url(ctx: &Ctx, rest: &str, tls: bool) -> Result<Location, ParseError> {
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    // The last `@` ends the user info, so an unencoded `@` in a password still works.
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((userinfo, hostport)) => (Some(userinfo), hostport),
        None => (None, authority),
    };
    let (host, port) = split_host_port(ctx, hostport, DEFAULT_PORT)?;
    let auth = match userinfo {
        None | Some("") => None,
        Some(userinfo) => Some(parse_userinfo(ctx, userinfo)?),
    };
    let database = match path {
        "" | "/" => None,
        _ => {
            let db = path.strip_prefix('/').unwrap_or(path);
            Some(parse_u32_strict(db).ok_or_else(|| ctx.invalid_value("database"))?)
        }
    };
    let address = if tls {
        Address::Tls { host, port }
    } else {
        Address::Tcp { host, port }
    };
    Ok(Location {
        address,
        auth,
        database,
    })
}

/// `user:pass` or a lone `pass` (the pre-ACL convention, as in most Redis clients).
fn parse_userinfo(ctx: &Ctx, userinfo: &str) -> Result<Auth, ParseError> {
    let decode = |text: &str| String::from_utf8(percent_decode(text, false)).ok();
    let (user, password) = match userinfo.split_once(':') {
        Some((user, password)) => (decode(user), decode(password)),
        None => (Some(String::new()), decode(userinfo)),
    };
    match (user, password) {
        (Some(user), Some(password)) if !password.is_empty() => Ok(Auth {
            user: Some(user).filter(|user| !user.is_empty()),
            password,
        }),
        _ => Err(ctx.invalid_value("auth")),
    }
}

/// Returns what follows `scheme://` when `text` starts with it (scheme in any case).
fn strip_scheme<'a>(text: &'a str, scheme: &str) -> Option<&'a str> {
    let (head, rest) = text.split_once("://")?;
    head.eq_ignore_ascii_case(scheme).then_some(rest)
}

/// Whether `text` is phpredis' `rediscluster` save path: a bare query string
/// (no `?`) with a `seed` parameter, e.g. `seed[]=h:7000&seed[]=h:7001&timeout=2`.
/// The `=` is required, so a server named `seed` is still a server.
fn is_seed_query(text: &str) -> bool {
    !text.contains('?')
        && text.split('&').any(|pair| {
            pair.split_once('=').is_some_and(|(name, _)| {
                let name = percent_decode(name, true);
                name == b"seed" || name.starts_with(b"seed[")
            })
        })
}

/// Which whole-save-path form is being parsed; decides the allowed parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `sentinel://...`
    Sentinel,
    /// `cluster://...`
    ClusterUrl,
    /// phpredis' `seed[]=...`
    Seeds,
}

/// Query options of a sentinel or cluster save path, shared by all its hosts.
struct Shared {
    /// Every per-host option; its address is a placeholder replaced per host.
    template: HostSpec,
    /// `master=` (sentinel only).
    master: Option<String>,
    /// `sentinel_auth=` (sentinel only).
    sentinel_auth: Option<Auth>,
    /// `seed[...]=` values in order (seed form only).
    seeds: Vec<Vec<u8>>,
    /// A `stream[...]` option was given: phpredis then connects to seeds
    /// written without a scheme over TLS.
    stream: bool,
}

/// Decodes and applies the query of a sentinel or cluster save path.
fn parse_shared(ctx: &Ctx, form: Form, query: &str) -> Result<Shared, ParseError> {
    let prefix = match form {
        Form::Sentinel => DEFAULT_PREFIX,
        Form::ClusterUrl | Form::Seeds => CLUSTER_DEFAULT_PREFIX,
    };
    let mut shared = Shared {
        template: HostSpec {
            address: Address::Tcp {
                host: String::new(),
                port: DEFAULT_PORT,
            },
            weight: 1,
            timeout: None,
            read_timeout: None,
            persistent: false,
            prefix: prefix.as_bytes().to_vec(),
            auth: None,
            database: None,
            tls: TlsOptions::default(),
            wait_replicas: 0,
            wait_timeout: None,
            wait_accept_degraded: false,
        },
        master: None,
        sentinel_auth: None,
        seeds: Vec::new(),
        stream: false,
    };
    for param in parse_query(ctx, query)? {
        apply_shared_param(ctx, form, &mut shared, &param)?;
    }
    Ok(shared)
}

/// Applies one parameter of a sentinel or cluster save path: the form's own
/// parameters here, the per-server ones through [`apply_param`].
fn apply_shared_param(
    ctx: &Ctx,
    form: Form,
    shared: &mut Shared,
    param: &Param,
) -> Result<(), ParseError> {
    let name = param.name.as_str();
    let sentinel = form == Form::Sentinel;
    let cluster = !sentinel;
    let text = || match &param.value {
        ParamValue::Scalar(bytes) => std::str::from_utf8(bytes).ok(),
        ParamValue::Array(_) => None,
    };
    match name {
        "master" if sentinel => {
            let master = text().filter(|master| !master.is_empty());
            shared.master = Some(master.ok_or_else(|| ctx.invalid_value(name))?.to_owned());
        }
        "sentinel_auth" if sentinel => {
            shared.sentinel_auth = Some(parse_auth(ctx, name, &param.value)?);
        }
        "seed" if form == Form::Seeds => match &param.value {
            ParamValue::Array(items) => {
                shared.seeds = items.iter().map(|(_, seed)| seed.clone()).collect();
            }
            ParamValue::Scalar(_) => return Err(ctx.invalid_value(name)),
        },
        // A cluster only has database 0: accept it (nothing to SELECT), refuse the rest.
        "database" if cluster => {
            if text().and_then(parse_u32_strict) != Some(0) {
                return Err(ctx.invalid_value(name));
            }
        }
        // phpredis: whether reads may go to replicas (`none`, `error`, `distribute`).
        // Sessions are always read from the masters here, so it is checked and ignored.
        "failover" if cluster => {
            let known = text().is_some_and(|mode| {
                ["none", "error", "distribute"]
                    .iter()
                    .any(|word| mode.eq_ignore_ascii_case(word))
            });
            if !known {
                return Err(ctx.invalid_value(name));
            }
        }
        // phpredis' rediscluster handler takes `timeout=0` as "not set".
        "timeout" if cluster && text().and_then(parse_seconds).is_some_and(|s| s <= 0.0) => {
            shared.template.timeout = None;
        }
        // Per-server knobs of the standalone form, meaningless here.
        "weight" | "persistent_id" | "retry_interval" => return Err(ctx.unknown_param(name)),
        _ => {
            shared.stream |= name == "stream";
            apply_param(ctx, &mut shared.template, param, (false, false))?;
        }
    }
    Ok(())
}

/// Splits the text after the leading `scheme://` into the host list and the
/// query, which must come after the last host.
fn split_hosts_query<'a>(ctx: &Ctx, rest: &'a str) -> Result<(&'a str, &'a str), ParseError> {
    let (hosts, query) = rest.split_once('?').unwrap_or((rest, ""));
    if query.contains(SEPARATORS) {
        return Err(ctx.invalid("the query string must follow the last host"));
    }
    Ok((hosts, query))
}

/// Parses `host[:port]` entries separated by commas/whitespace, each optionally
/// written `scheme://host[:port]`. Duplicates are dropped (as phpredis does for seeds).
fn parse_host_list(
    ctx: &Ctx,
    hosts: &str,
    scheme: &str,
    default_port: u16,
) -> Result<Vec<Address>, ParseError> {
    let mut out = Vec::new();
    for entry in hosts.split(SEPARATORS).filter(|entry| !entry.is_empty()) {
        let hostport = match entry.split_once("://") {
            None => entry,
            Some((head, rest)) if head.eq_ignore_ascii_case(scheme) => rest,
            Some((head, _)) => {
                return Err(ctx.unknown_scheme(head));
            }
        };
        let (host, port) = parse_host_port(ctx, hostport, default_port)?;
        let address = Address::Tcp { host, port };
        if !out.contains(&address) {
            out.push(address);
        }
    }
    Ok(out)
}

/// One [`HostSpec`] per address, each with the shared options.
fn with_options(addresses: Vec<Address>, template: &HostSpec) -> Vec<HostSpec> {
    addresses
        .into_iter()
        .map(|address| HostSpec {
            address,
            ..template.clone()
        })
        .collect()
}

/// `sentinel://host[:port][,[sentinel://]host[:port]...]?master=NAME[&...]`;
/// `whole` is the trimmed save path, `rest` what follows its `sentinel://`.
fn parse_sentinel(whole: &str, rest: &str) -> Result<SavePath, ParseError> {
    let ctx = Ctx {
        shown: redact(whole),
    };
    let (hosts, query) = split_hosts_query(&ctx, rest)?;
    let addresses = parse_host_list(&ctx, hosts, "sentinel", SENTINEL_DEFAULT_PORT)?;
    let shared = parse_shared(&ctx, Form::Sentinel, query)?;
    if addresses.is_empty() {
        return Err(ctx.invalid("empty sentinel list"));
    }
    let master = shared
        .master
        .ok_or_else(|| ctx.invalid("missing parameter \"master\""))?;
    Ok(SavePath {
        hosts: with_options(addresses, &shared.template),
        topology: Topology::Sentinel {
            master,
            sentinel_auth: shared.sentinel_auth,
        },
    })
}

/// `cluster://host[:port][,[cluster://]host[:port]...][?...]`;
/// `whole` is the trimmed save path, `rest` what follows its `cluster://`.
fn parse_cluster_url(whole: &str, rest: &str) -> Result<SavePath, ParseError> {
    let ctx = Ctx {
        shown: redact(whole),
    };
    let (hosts, query) = split_hosts_query(&ctx, rest)?;
    let addresses = parse_host_list(&ctx, hosts, "cluster", DEFAULT_PORT)?;
    let shared = parse_shared(&ctx, Form::ClusterUrl, query)?;
    if addresses.is_empty() {
        return Err(ctx.invalid("empty seed list"));
    }
    Ok(SavePath {
        hosts: with_options(addresses, &shared.template),
        topology: Topology::Cluster,
    })
}

/// phpredis' `rediscluster` save path: `seed[]=host:port&seed[]=...&timeout=...`.
fn parse_seed_query(whole: &str) -> Result<SavePath, ParseError> {
    let ctx = Ctx {
        shown: redact(whole),
    };
    let shared = parse_shared(&ctx, Form::Seeds, whole)?;
    let mut addresses = Vec::new();
    for seed in &shared.seeds {
        let seed = std::str::from_utf8(seed).map_err(|_| ctx.invalid_value("seed"))?;
        let address = parse_seed(&ctx, seed, shared.stream)?;
        if !addresses.contains(&address) {
            addresses.push(address);
        }
    }
    if addresses.is_empty() {
        return Err(ctx.invalid("empty seed list"));
    }
    Ok(SavePath {
        hosts: with_options(addresses, &shared.template),
        topology: Topology::Cluster,
    })
}

/// One `seed[]` value: `[tcp://|tls://|ssl://]host[:port]`. As in phpredis, a
/// seed without a scheme uses TLS when `stream[...]` options were given.
fn parse_seed(ctx: &Ctx, seed: &str, stream: bool) -> Result<Address, ParseError> {
    let (tls, hostport) = match seed.split_once("://") {
        None => (stream, seed),
        Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
            "tcp" => (false, rest),
            "tls" | "ssl" => (true, rest),
            _ => {
                return Err(ctx.unknown_scheme(scheme));
            }
        },
    };
    let (host, port) = parse_host_port(ctx, hostport, DEFAULT_PORT)?;
    Ok(if tls {
        Address::Tls { host, port }
    } else {
        Address::Tcp { host, port }
    })
}

/// Key of a PHP array element built by `name[key]=...`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ArrayKey {
    Index(i64),
    Name(String),
}

/// Value of a query parameter after PHP-style decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ParamValue {
    Scalar(Vec<u8>),
    Array(Vec<(ArrayKey, Vec<u8>)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Param {
    name: String,
    value: ParamValue,
}

/// Decodes a query string the way PHP's `parse_str` does (for the subset we use):
/// `&`-separated pairs, `+` and `%XX` decoding, `name[]`/`name[key]` arrays,
/// later assignments overwriting earlier ones.
fn parse_query(ctx: &Ctx, query: &str) -> Result<Vec<Param>, ParseError> {
    let mut params: Vec<Param> = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = String::from_utf8_lossy(&percent_decode(raw_name, true)).into_owned();
        let value = percent_decode(raw_value, true);
        let (base, key) = match name.split_once('[') {
            None => (name.as_str(), None),
            Some((base, tail)) => match tail.split_once(']') {
                // Nested (`a[b][c]`) or unterminated brackets: nothing we know uses them.
                Some((key, "")) => (base, Some(key)),
                _ => return Err(ctx.unknown_param(&name)),
            },
        };
        if base.is_empty() {
            return Err(ctx.unknown_param(&name));
        }
        let index = if let Some(index) = params.iter().position(|param| param.name == base) {
            index
        } else {
            params.push(Param {
                name: base.to_owned(),
                value: ParamValue::Scalar(Vec::new()),
            });
            params.len() - 1
        };
        let param = &mut params[index];
        match key {
            None => param.value = ParamValue::Scalar(value),
            Some(key) => {
                // As in PHP, `name[...]` after a scalar `name=` replaces it.
                if let ParamValue::Scalar(_) = param.value {
                    param.value = ParamValue::Array(Vec::new());
                }
                if let ParamValue::Array(items) = &mut param.value {
                    array_set(items, key, value);
                }
            }
        }
    }
    Ok(params)
}

/// Stores `value` under `key` like PHP: `[]` appends, numeric strings are integer keys.
fn array_set(items: &mut Vec<(ArrayKey, Vec<u8>)>, key: &str, value: Vec<u8>) {
    let key = if key.is_empty() {
        let next = items
            .iter()
            .filter_map(|(key, _)| match key {
                ArrayKey::Index(i) => Some(i.saturating_add(1)),
                ArrayKey::Name(_) => None,
            })
            .max()
            .unwrap_or(0)
            .max(0);
        ArrayKey::Index(next)
    } else {
        match key.parse::<i64>() {
            Ok(i) if i.to_string() == key => ArrayKey::Index(i),
            _ => ArrayKey::Name(key.to_owned()),
        }
    };
    match items.iter_mut().find(|(existing, _)| *existing == key) {
        Some(item) => item.1 = value,
        None => items.push((key, value)),
    }
}

/// Applies one decoded parameter to `spec`.
/// `from_url` tells whether auth / database already came from a `redis://` URL.
fn apply_param(
    ctx: &Ctx,
    spec: &mut HostSpec,
    param: &Param,
    from_url: (bool, bool),
) -> Result<(), ParseError> {
    let name = param.name.as_str();
    let scalar = || match &param.value {
        ParamValue::Scalar(bytes) => Ok(bytes.as_slice()),
        ParamValue::Array(_) => Err(ctx.invalid_value(name)),
    };
    let text = || {
        scalar().and_then(|bytes| std::str::from_utf8(bytes).map_err(|_| ctx.invalid_value(name)))
    };
    match name {
        "weight" => {
            spec.weight = parse_u32_strict(text()?)
                .filter(|&weight| weight >= 1)
                .ok_or_else(|| ctx.invalid_value(name))?;
        }
        "timeout" => {
            // phpredis rejects timeout <= 0 as well.
            let secs = parse_seconds(text()?).filter(|&secs| secs > 0.0);
            let duration = secs.and_then(|secs| Duration::try_from_secs_f64(secs).ok());
            spec.timeout = Some(duration.ok_or_else(|| ctx.invalid_value(name))?);
        }
        "read_timeout" => {
            let secs = parse_seconds(text()?).ok_or_else(|| ctx.invalid_value(name))?;
            let duration =
                Duration::try_from_secs_f64(secs).map_err(|_| ctx.invalid_value(name))?;
            // 0 is phpredis' "not set".
            spec.read_timeout = Some(duration).filter(|d| !d.is_zero());
        }
        "persistent" => {
            // Exactly phpredis' rule: true/yes/1 (any case) enable it, anything else disables it.
            let value = scalar()?;
            spec.persistent = ["true", "yes", "1"]
                .iter()
                .any(|word| value.eq_ignore_ascii_case(word.as_bytes()));
        }
        "prefix" => spec.prefix = scalar()?.to_vec(),
        "wait_replicas" => {
            spec.wait_replicas =
                parse_u32_strict(text()?).ok_or_else(|| ctx.invalid_value(name))?;
        }
        "wait_timeout" => {
            let duration = parse_wait_timeout(text()?).ok_or_else(|| {
                ctx.invalid(
                    "wait_timeout is in milliseconds, a whole number above 0 \
                     (e.g. wait_timeout=500; units also work: 500ms, 0.5s)",
                )
            })?;
            spec.wait_timeout = Some(duration);
        }
        "wait_degraded" => {
            spec.wait_accept_degraded = match text()? {
                "refuse" => false,
                "accept" => true,
                _ => {
                    return Err(ctx.invalid(
                        "wait_degraded must be \"refuse\" (a write fewer replicas confirmed \
                         fails) or \"accept\" (it counts, with a warning)",
                    ));
                }
            };
        }
        "database" => {
            if from_url.1 {
                return Err(ctx.invalid("database given both in the URL path and as a parameter"));
            }
            spec.database = Some(parse_u32_strict(text()?).ok_or_else(|| ctx.invalid_value(name))?);
        }
        "auth" => {
            if from_url.0 {
                return Err(ctx.invalid("credentials given both in the URL and as a parameter"));
            }
            spec.auth = Some(parse_auth(ctx, name, &param.value)?);
        }
        // Accepted for phpredis compatibility; they do not change how we connect.
        "persistent_id" => {
            scalar()?;
        }
        "retry_interval" => {
            text()?
                .parse::<u64>()
                .map_err(|_| ctx.invalid_value(name))?;
        }
        "stream" => match &param.value {
            ParamValue::Array(items) => {
                for (key, value) in items {
                    apply_stream_option(ctx, &mut spec.tls, key, value)?;
                }
            }
            ParamValue::Scalar(_) => return Err(ctx.invalid_value(name)),
        },
        _ => return Err(ctx.unknown_param(name)),
    }
    Ok(())
}

/// `auth` as phpredis reads it: a string is the password; an array must have
/// one element (the password: `pass` key or index 0) or two (user: `user` key or
/// index 0, password: `pass` key or index 1).
/// `name` is the parameter being read (`auth` or `sentinel_auth`), for errors.
fn parse_auth(ctx: &Ctx, name: &str, value: &ParamValue) -> Result<Auth, ParseError> {
    let invalid = || ctx.invalid_value(name);
    let utf8 = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).map_err(|_| invalid());
    let (user, password) = match value {
        ParamValue::Scalar(bytes) => (None, utf8(bytes)?),
        ParamValue::Array(items) => {
            let lookup = |name: &str, index: i64| {
                items
                    .iter()
                    .find(|(key, _)| *key == ArrayKey::Name(name.to_owned()))
                    .or_else(|| items.iter().find(|(key, _)| *key == ArrayKey::Index(index)))
                    .map(|(_, value)| value.as_slice())
            };
            let (user, password) = match items.len() {
                1 => (None, lookup("pass", 0)),
                2 => (lookup("user", 0), lookup("pass", 1)),
                _ => return Err(invalid()),
            };
            let password = utf8(password.ok_or_else(invalid)?)?;
            let user = user.map(utf8).transpose()?.filter(|user| !user.is_empty());
            (user, password)
        }
    };
    if password.is_empty() {
        return Err(invalid());
    }
    Ok(Auth { user, password })
}

fn apply_stream_option(
    ctx: &Ctx,
    tls: &mut TlsOptions,
    key: &ArrayKey,
    value: &[u8],
) -> Result<(), ParseError> {
    let name = match key {
        ArrayKey::Name(name) if STREAM_KEYS.contains(&name.as_str()) => format!("stream[{name}]"),
        ArrayKey::Name(name) => return Err(ctx.unknown_param(&format!("stream[{name}]"))),
        ArrayKey::Index(index) => return Err(ctx.unknown_param(&format!("stream[{index}]"))),
    };
    let text = std::str::from_utf8(value).map_err(|_| ctx.invalid_value(&name))?;
    let flag = || parse_flag(text).ok_or_else(|| ctx.invalid_value(&name));
    let path = || {
        Some(text.to_owned())
            .filter(|text| !text.is_empty())
            .ok_or_else(|| ctx.invalid_value(&name))
    };
    match name.as_str() {
        "stream[verify_peer]" => tls.verify_peer = flag()?,
        "stream[verify_peer_name]" => tls.verify_peer_name = flag()?,
        "stream[allow_self_signed]" => tls.allow_self_signed = flag()?,
        "stream[cafile]" => tls.cafile = Some(path()?),
        "stream[local_cert]" => tls.local_cert = Some(path()?),
        "stream[local_pk]" => tls.local_pk = Some(path()?),
        "stream[peer_name]" => tls.peer_name = Some(path()?),
        _ => return Err(ctx.unknown_param(&name)),
    }
    Ok(())
}

/// Boolean for TLS flags. Unlike PHP (where the string "false" is truthy!) we
/// read the usual words and reject anything else, since these flags guard security.
fn parse_flag(text: &str) -> Option<bool> {
    const TRUE: &[&str] = &["1", "true", "yes", "on"];
    const FALSE: &[&str] = &["", "0", "false", "no", "off"];
    if TRUE.iter().any(|word| text.eq_ignore_ascii_case(word)) {
        Some(true)
    } else if FALSE.iter().any(|word| text.eq_ignore_ascii_case(word)) {
        Some(false)
    } else {
        None
    }
}

/// Non-negative decimal integer, digits only.
fn parse_u32_strict(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Finite, non-negative number of seconds (decimal notation, e.g. `2.5`).
fn parse_seconds(text: &str) -> Option<f64> {
    // Restrict the alphabet so `inf`, `NaN` and friends are refused up front.
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    text.parse::<f64>()
        .ok()
        .filter(|secs| secs.is_finite() && *secs >= 0.0)
}

/// `wait_timeout`: whole milliseconds (Redis `WAIT`'s unit), or a number
/// with `ms` or `s`. A bare fraction ("0.5") is refused rather than guessed.
fn parse_wait_timeout(text: &str) -> Option<Duration> {
    let (number, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1.0)
    } else if text.bytes().all(|b| b.is_ascii_digit()) {
        (text, 0.001)
    } else {
        return None;
    };
    let secs = parse_seconds(number)? * scale;
    // WAIT counts in whole milliseconds: at least one.
    let duration = Duration::try_from_secs_f64(secs).ok()?;
    (duration >= Duration::from_millis(1)).then_some(duration)
}

/// URL percent-decoding; `plus_as_space` gives PHP `urldecode` semantics.
/// Malformed `%` sequences are kept literally, as PHP does.
fn percent_decode(text: &str, plus_as_space: bool) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' if plus_as_space => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        out.push(high << 4 | low);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    out
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Returns `raw` with every secret replaced by `***`, for error messages.
///
/// Deliberately conservative (it works on the raw text, before any parsing, so
/// it cannot be fooled by a malformed entry): everything before the last `@`
/// after a leading `scheme://` is treated as user info, and every `name=value`
/// pair whose decoded name mentions `auth` or `pass` has its value hidden.
/// `host:port` of a URL body whose "port" is not a number (a password?).
fn suspicious_port(body: &str) -> bool {
    let authority = &body[..body.find(['/', '?']).unwrap_or(body.len())];
    if authority.starts_with('[') {
        return false; // an IPv6 address: its colons are no port
    }
    authority
        .split_once(':')
        .is_some_and(|(_, port)| !port.bytes().all(|b| b.is_ascii_digit()))
}

fn redact(raw: &str) -> String {
    // Only a real scheme is copied as is: the first `://` may as well be in a
    // value after a password (`auth=pw&seed[]=tcp://h`, `h?auth=pw&prefix=a://`).
    let (head, body) = match raw.find("://") {
        Some(i) if is_scheme(&raw[..i]) => raw.split_at(i + 3),
        _ => ("", raw),
    };
    let mut out = String::from(head);
    let rest = match body.rsplit_once('@') {
        Some((userinfo, rest)) => {
            match userinfo.split_once(':') {
                // `@` too: `pw@h?prefix=@` is a lone password, then the host.
                Some((user, _))
                    if !user.is_empty() && !user.contains(['/', '?', '#', '&', '=', '[', '@']) =>
                {
                    out.push_str(user);
                    out.push_str(":***@");
                }
                _ => out.push_str("***@"),
            }
            rest
        }
        // `redis://:pw` or `redis://user:pw` with the `@host` forgotten: what
        // follows the `:` is no port but may well be the password.
        None if matches!(head.to_ascii_lowercase().as_str(), "redis://" | "rediss://")
            && suspicious_port(body) =>
        {
            let (authority, tail) = body.split_at(body.find(['/', '?']).unwrap_or(body.len()));
            let (host, _) = authority.split_once(':').unwrap_or((authority, ""));
            out.push_str(host);
            out.push_str(":***");
            tail
        }
        None => body,
    };
    // Split on both separators: after an over-eager user info cut, the `?` may be gone.
    let mut start = 0;
    for (i, c) in rest.char_indices() {
        if c == '?' || c == '&' {
            out.push_str(&redact_pair(&rest[start..i]));
            out.push(c);
            start = i + 1;
        }
    }
    out.push_str(&redact_pair(&rest[start..]));
    out
}

/// RFC 3986 `scheme`: a letter, then letters, digits, `+`, `-` or `.`.
fn is_scheme(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn redact_pair(pair: &str) -> String {
    match pair.split_once('=') {
        Some((name, _)) => {
            let decoded = String::from_utf8_lossy(&percent_decode(name, true)).to_ascii_lowercase();
            if decoded.contains("auth") || decoded.contains("pass") {
                format!("{name}=***")
            } else {
                pair.to_owned()
            }
        }
        None => pair.to_owned(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_redis_url_without_its_host_does_not_show_the_password() {
        for path in [
            "redis://:Pw9secret",
            "redis://alice:Pw9secret",
            "rediss://:Pw9secret/2?prefix=a",
        ] {
            let message = parse(path).expect_err("no host").to_string();
            assert!(!message.contains("Pw9secret"), "{message}");
        }
    }
    use super::*;

    fn one(save_path: &str) -> HostSpec {
        let parsed = parse(save_path).unwrap_or_else(|e| panic!("{save_path}: {e}"));
        assert_eq!(parsed.hosts.len(), 1, "{save_path}");
        parsed.hosts[0].clone()
    }

    fn err(save_path: &str) -> String {
        match parse(save_path) {
            Ok(parsed) => panic!("{save_path} parsed as {parsed:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn tcp(host: &str, port: u16) -> Address {
        Address::Tcp {
            host: host.to_owned(),
            port,
        }
    }

    fn tls(host: &str, port: u16) -> Address {
        Address::Tls {
            host: host.to_owned(),
            port,
        }
    }

    fn unix(path: &str) -> Address {
        Address::Unix {
            path: path.to_owned(),
        }
    }

    // Returns `Option` so it compares directly with `HostSpec::auth`.
    #[allow(clippy::unnecessary_wraps)]
    fn auth(user: Option<&str>, password: &str) -> Option<Auth> {
        Some(Auth {
            user: user.map(str::to_owned),
            password: password.to_owned(),
        })
    }

    fn full(save_path: &str) -> SavePath {
        parse(save_path).unwrap_or_else(|e| panic!("{save_path}: {e}"))
    }

    fn servers(parsed: &SavePath) -> Vec<String> {
        parsed.hosts.iter().map(HostSpec::server).collect()
    }

    fn sentinel(master: &str, sentinel_auth: Option<Auth>) -> Topology {
        Topology::Sentinel {
            master: master.to_owned(),
            sentinel_auth,
        }
    }

    #[test]
    fn server_lists_keep_servers_topology() {
        assert_eq!(full("tcp://a, tcp://b").topology, Topology::Servers);
        // A host called `seed` is still a host.
        assert_eq!(full("seed").hosts[0].address, tcp("seed", 6379));
        assert_eq!(full("seed:7000?weight=2").topology, Topology::Servers);
    }

    #[test]
    fn sentinel_forms() {
        let parsed = full("sentinel://a:26380,b?master=mymaster");
        assert_eq!(parsed.topology, sentinel("mymaster", None));
        assert_eq!(servers(&parsed), ["tcp://a:26380", "tcp://b:26379"]);
        assert_eq!(parsed.hosts[1], one("tcp://b:26379"));
        for same in [
            "sentinel://a:26380,sentinel://b?master=mymaster",
            "SENTINEL://a:26380 , Sentinel://b:26379?master=mymaster",
            " sentinel://a:26380\tb\n?master=mymaster",
            "sentinel://a:26380,b,a:26380?master=mymaster",
            ",sentinel://a:26380,,b,?master=mymaster",
        ] {
            assert_eq!(full(same), parsed, "{same}");
        }
        assert_eq!(
            servers(&full("sentinel://[::1],10.0.0.1:1?master=m")),
            ["tcp://[::1]:26379", "tcp://10.0.0.1:1"]
        );
        assert_eq!(
            full("sentinel://a?master=m+1%2F").topology,
            sentinel("m 1/", None)
        );
    }

    #[test]
    fn sentinel_shared_options() {
        let parsed = full(
            "sentinel://a,b:1?master=m&auth[]=alice&auth[]=pw&sentinel_auth=spw&database=3\
             &prefix=app:&timeout=1.5&read_timeout=2&persistent=1&stream[verify_peer]=0",
        );
        assert_eq!(parsed.topology, sentinel("m", auth(None, "spw")));
        assert_eq!(parsed.hosts.len(), 2);
        for host in &parsed.hosts {
            assert_eq!(host.auth, auth(Some("alice"), "pw"));
            assert_eq!(host.database, Some(3));
            assert_eq!(host.prefix, b"app:".to_vec());
            assert_eq!(host.timeout, Some(Duration::from_millis(1500)));
            assert_eq!(host.read_timeout, Some(Duration::from_secs(2)));
            assert!(host.persistent);
            assert!(!host.tls.verify_peer);
            assert_eq!(host.weight, 1);
        }
        let defaults = &full("sentinel://a?master=m").hosts[0];
        assert_eq!(defaults.prefix, DEFAULT_PREFIX.as_bytes().to_vec());
        assert_eq!((defaults.auth.as_ref(), defaults.database), (None, None));
        for (query, expected) in [
            (
                "sentinel_auth[]=bob&sentinel_auth[]=s",
                auth(Some("bob"), "s"),
            ),
            (
                "sentinel_auth[user]=bob&sentinel_auth[pass]=s",
                auth(Some("bob"), "s"),
            ),
            ("sentinel_auth[pass]=s", auth(None, "s")),
        ] {
            assert_eq!(
                full(&format!("sentinel://a?master=m&{query}")).topology,
                sentinel("m", expected),
                "{query}"
            );
        }
    }

    #[test]
    fn sentinel_errors() {
        assert_eq!(
            err("sentinel://h:26379"),
            "invalid session.save_path entry \"sentinel://h:26379\": missing parameter \"master\""
        );
        assert_eq!(
            err("sentinel://h?master=m&foo=1"),
            "invalid session.save_path entry \"sentinel://h?master=m&foo=1\": unknown parameter \"foo\""
        );
        assert_eq!(
            err("sentinel://?master=m"),
            "invalid session.save_path entry \"sentinel://?master=m\": empty sentinel list"
        );
        assert_eq!(
            err("sentinel://a,tcp://b?master=m"),
            "invalid session.save_path entry \"sentinel://a,tcp://b?master=m\": unknown scheme \"tcp\""
        );
        assert_eq!(
            err("sentinel://a?master=m,b"),
            "invalid session.save_path entry \"sentinel://a?master=m,b\": the query string must follow the last host"
        );
        assert_eq!(
            err("tcp://a,sentinel://b?master=m"),
            "invalid session.save_path entry \"sentinel://b?master=m\": sentinel:// must start the save_path and cannot follow other servers"
        );
        assert_eq!(
            err("sentinel://h?master=m&sentinel_auth=pw&sentinel_auth[a][b]=x"),
            "invalid session.save_path entry \"sentinel://h?master=m&sentinel_auth=***&sentinel_auth[a][b]=***\": unknown parameter \"sentinel_auth[a][b]\""
        );
        for (query, name) in [
            ("master=", "master"),
            ("master[]=m", "master"),
            ("master=m&sentinel_auth=", "sentinel_auth"),
            ("master=m&sentinel_auth[user]=bob", "sentinel_auth"),
            ("master=m&auth[]=a&auth[]=b&auth[]=c", "auth"),
            ("master=m&database=x", "database"),
            ("master=m&timeout=0", "timeout"),
        ] {
            assert!(
                err(&format!("sentinel://h?{query}"))
                    .ends_with(&format!(": invalid value for \"{name}\"")),
                "{query}"
            );
        }
        for name in [
            "weight",
            "seed",
            "failover",
            "persistent_id",
            "retry_interval",
        ] {
            assert!(
                err(&format!("sentinel://h?master=m&{name}=1"))
                    .ends_with(&format!(": unknown parameter \"{name}\"")),
                "{name}"
            );
        }
        assert!(err("sentinel://h:0?master=m").ends_with(": invalid port"));
        assert!(err("sentinel://a,:1?master=m").ends_with(": missing host"));
        assert!(err("sentinel://a,sentinel://?master=m").ends_with(": missing host"));
        assert!(err("sentinel://u:pw@h?master=m").contains("credentials in the URL"));
        assert!(err("sentinel://h/0?master=m").ends_with(": unexpected path after host"));
    }

    #[test]
    fn cluster_url_forms() {
        let parsed = full("cluster://a:7000,b?auth=pw&prefix=p:&timeout=2&read_timeout=3");
        assert_eq!(parsed.topology, Topology::Cluster);
        assert_eq!(servers(&parsed), ["tcp://a:7000", "tcp://b:6379"]);
        for host in &parsed.hosts {
            assert_eq!(host.auth, auth(None, "pw"));
            assert_eq!(host.prefix, b"p:".to_vec());
            assert_eq!(host.timeout, Some(Duration::from_secs(2)));
            assert_eq!(host.read_timeout, Some(Duration::from_secs(3)));
            assert_eq!(host.database, None);
        }
        assert_eq!(
            full(
                "cluster://a:7000 cluster://b:6379,a:7000?auth=pw&prefix=p:&timeout=2&read_timeout=3"
            ),
            parsed
        );
        let bare = full("cluster://h");
        assert_eq!(bare.topology, Topology::Cluster);
        assert_eq!(
            bare.hosts[0].prefix,
            CLUSTER_DEFAULT_PREFIX.as_bytes().to_vec()
        );
        assert_eq!(bare.hosts[0].address, tcp("h", 6379));
        // Database 0 is the only one a cluster has; timeout=0 means "not set".
        assert_eq!(full("cluster://h?database=0&timeout=0"), bare);
        assert_eq!(full("cluster://h?failover=Distribute"), bare);
    }

    #[test]
    fn cluster_url_errors() {
        assert_eq!(
            err("cluster://h?database=1"),
            "invalid session.save_path entry \"cluster://h?database=1\": invalid value for \"database\""
        );
        assert_eq!(
            err("cluster://?auth=pw"),
            "invalid session.save_path entry \"cluster://?auth=***\": empty seed list"
        );
        assert_eq!(
            err("cluster://h?master=m"),
            "invalid session.save_path entry \"cluster://h?master=m\": unknown parameter \"master\""
        );
        assert_eq!(
            err("cluster://a,sentinel://b"),
            "invalid session.save_path entry \"cluster://a,sentinel://b\": unknown scheme \"sentinel\""
        );
        assert_eq!(
            err("unix:///s.sock cluster://b"),
            "invalid session.save_path entry \"cluster://b\": cluster:// must start the save_path and cannot follow other servers"
        );
        for query in ["database=x", "database=", "database[]=0"] {
            assert!(
                err(&format!("cluster://h?{query}")).ends_with(": invalid value for \"database\""),
                "{query}"
            );
        }
        for name in ["weight", "sentinel_auth", "seed", "foo"] {
            assert!(
                err(&format!("cluster://h?{name}=1"))
                    .ends_with(&format!(": unknown parameter \"{name}\"")),
                "{name}"
            );
        }
        assert!(
            err("cluster://h?failover=sometimes").ends_with(": invalid value for \"failover\"")
        );
        assert!(err("cluster://h?timeout=-1").ends_with(": invalid value for \"timeout\""));
        assert!(err("cluster://h:99999").ends_with(": invalid port"));
    }

    #[test]
    fn phpredis_seed_form() {
        let parsed = full(
            "seed[]=127.0.0.1:7000&seed[]=127.0.0.1:7001&timeout=2&read_timeout=2\
             &failover=error&persistent=1&auth=pass&prefix=x",
        );
        assert_eq!(parsed.topology, Topology::Cluster);
        assert_eq!(
            servers(&parsed),
            ["tcp://127.0.0.1:7000", "tcp://127.0.0.1:7001"]
        );
        for host in &parsed.hosts {
            assert_eq!(host.timeout, Some(Duration::from_secs(2)));
            assert_eq!(host.read_timeout, Some(Duration::from_secs(2)));
            assert!(host.persistent);
            assert_eq!(host.auth, auth(None, "pass"));
            assert_eq!(host.prefix, b"x".to_vec());
            assert_eq!(host.weight, 1);
        }
        // Same thing as cluster://, phpredis' default prefix included.
        assert_eq!(
            full("seed[]=a:7000&seed[]=b"),
            full("cluster://a:7000,b:6379")
        );
        assert_eq!(
            full("seed[]=a:7000").hosts[0].prefix,
            b"PHPREDIS_CLUSTER_SESSION:".to_vec()
        );
        // Parameters in any order, explicit keys, encoded brackets, duplicates dropped.
        assert_eq!(
            servers(&full(
                " timeout=0&seed[0]=a:1&seed%5B%5D=b:2&seed[x]=a:1&failover=none\n"
            )),
            ["tcp://a:1", "tcp://b:2"]
        );
        assert_eq!(
            full("seed[]=a:1&auth[user]=u&auth[pass]=p").hosts[0].auth,
            auth(Some("u"), "p")
        );
        assert_eq!(full("seed[]=a:1&database=0"), full("cluster://a:1"));
    }

    #[test]
    fn phpredis_seed_tls() {
        assert_eq!(full("seed[]=tls://a:1").hosts[0].address, tls("a", 1));
        assert_eq!(full("seed[]=ssl://a:1").hosts[0].address, tls("a", 1));
        assert_eq!(full("seed[]=tcp://a:1").hosts[0].address, tcp("a", 1));
        // phpredis connects over TLS to scheme-less seeds when a stream context is given.
        let parsed = full("seed[]=a:1&seed[]=tcp://b:2&stream[verify_peer]=0");
        assert_eq!(parsed.hosts[0].address, tls("a", 1));
        assert_eq!(parsed.hosts[1].address, tcp("b", 2));
        assert!(!parsed.hosts[0].tls.verify_peer);
        // cluster:// has no such rule.
        assert_eq!(
            full("cluster://a:1?stream[verify_peer]=0").hosts[0].address,
            tcp("a", 1)
        );
    }

    #[test]
    fn phpredis_seed_errors() {
        assert_eq!(
            err("seed[]=a:1&database=2"),
            "invalid session.save_path entry \"seed[]=a:1&database=2\": invalid value for \"database\""
        );
        assert_eq!(
            err("seed[]=a:1&foo=1"),
            "invalid session.save_path entry \"seed[]=a:1&foo=1\": unknown parameter \"foo\""
        );
        assert_eq!(
            err("seed=a:1"),
            "invalid session.save_path entry \"seed=a:1\": invalid value for \"seed\""
        );
        assert_eq!(
            err("seed[]=&auth=pw"),
            "invalid session.save_path entry \"seed[]=&auth=***\": missing host"
        );
        assert_eq!(
            err("seed[]=unix:///s.sock"),
            "invalid session.save_path entry \"seed[]=unix:///s.sock\": unknown scheme \"unix\""
        );
        assert_eq!(
            err("seed[]=a:1&failover=maybe"),
            "invalid session.save_path entry \"seed[]=a:1&failover=maybe\": invalid value for \"failover\""
        );
        assert_eq!(
            err("seed[]=a:1&seed=b"),
            "invalid session.save_path entry \"seed[]=a:1&seed=b\": invalid value for \"seed\""
        );
        // Found by tests/save_path_props.rs: a decoded seed holding a
        // separator was a host name shown as two servers ("tcp://a b:6379").
        for seed in ["\tjjd.npn", "a+b:1", "a%2Cb", "a%3Fb:1", "a%0A"] {
            assert_eq!(
                err(&format!("seed[]={seed}")),
                format!("invalid session.save_path entry \"seed[]={seed}\": invalid host name")
            );
        }
        assert!(err("seed[]=a:99999").ends_with(": invalid port"));
        assert!(err("seed[]=a:1&seed[]=%FF").ends_with(": invalid value for \"seed\""));
        for name in [
            "weight",
            "master",
            "sentinel_auth",
            "persistent_id",
            "retry_interval",
        ] {
            assert!(
                err(&format!("seed[]=a:1&{name}=1"))
                    .ends_with(&format!(": unknown parameter \"{name}\"")),
                "{name}"
            );
        }
        assert!(err("seed[]=a:1&timeout=-1").ends_with(": invalid value for \"timeout\""));
        assert!(
            err("seed[]=a:1&stream[ciphers]=x")
                .ends_with(": unknown parameter \"stream[ciphers]\"")
        );
    }

    #[test]
    fn topology_secrets_never_leak() {
        const PW: &str = "Sup3rS3cret";
        for save_path in [
            format!("sentinel://h?auth={PW}"),
            format!("sentinel://h?master=m&sentinel_auth={PW}&foo=1"),
            format!("sentinel://h?master=m&sentinel_auth[]=u&sentinel_auth[]={PW}&x=1"),
            format!("sentinel://h:0?master=m&auth[pass]={PW}"),
            format!("sentinel://u:{PW}@h?master=m"),
            format!("cluster://h?auth={PW}&database=1"),
            format!("cluster://?auth={PW}"),
            format!("seed[]=a:1&auth={PW}&foo=1"),
            format!("seed[]=a:0&auth[]=u&auth[]={PW}"),
            format!("seed[]=&auth={PW}"),
        ] {
            let e = parse(&save_path)
                .err()
                .unwrap_or_else(|| panic!("{save_path} parsed"));
            assert!(!e.to_string().contains(PW), "{e}");
            assert!(!format!("{e:?}").contains(PW), "{e:?}");
            assert!(e.to_string().contains("***"), "{e}");
        }
        let parsed = full(&format!(
            "sentinel://h?master=m&auth={PW}&sentinel_auth={PW}"
        ));
        assert!(!format!("{parsed:?}").contains(PW), "Debug leaks");
    }

    #[test]
    fn defaults() {
        let spec = one("tcp://127.0.0.1:6379");
        assert_eq!(
            spec,
            HostSpec {
                address: tcp("127.0.0.1", 6379),
                weight: 1,
                timeout: None,
                read_timeout: None,
                persistent: false,
                prefix: b"PHPREDIS_SESSION:".to_vec(),
                auth: None,
                database: None,
                tls: TlsOptions::default(),
                wait_replicas: 0,
                wait_timeout: None,
                wait_accept_degraded: false,
            }
        );
        assert!(spec.tls.verify_peer && spec.tls.verify_peer_name && !spec.tls.allow_self_signed);
    }

    #[test]
    fn wait_for_replicas() {
        let spec = one("tcp://h?wait_replicas=1&wait_timeout=250");
        assert_eq!(spec.wait_replicas, 1);
        assert_eq!(spec.wait_timeout, Some(Duration::from_millis(250)));
        assert!(!spec.wait_accept_degraded);
        for (text, ms) in [("250ms", 250), ("0.25s", 250), ("2s", 2000), ("1", 1)] {
            let spec = one(&format!("tcp://h?wait_timeout={text}"));
            assert_eq!(spec.wait_timeout, Some(Duration::from_millis(ms)), "{text}");
        }
        for bad in ["0.5", "0", "0ms", "0.0001s", "-1", "1e3", "ms", "5m"] {
            assert!(
                parse(&format!("tcp://h?wait_timeout={bad}")).is_err(),
                "{bad}"
            );
        }
        assert!(one("tcp://h?wait_degraded=accept").wait_accept_degraded);
        assert!(!one("tcp://h?wait_degraded=refuse").wait_accept_degraded);
        assert!(parse("tcp://h?wait_degraded=maybe").is_err());
        let spec = one("sentinel://h?master=m&wait_replicas=2");
        assert_eq!(spec.wait_replicas, 2);
        assert_eq!(
            parse("tcp://h?wait_replicas=-1").map(|_| ()),
            Err(ParseError::InvalidValue {
                entry: "tcp://h?wait_replicas=-1".into(),
                name: "wait_replicas".into()
            })
        );
        assert!(parse("tcp://h?wait_timeout=0").is_err());
    }

    #[test]
    fn schemes() {
        assert_eq!(one("tcp://h:7000").address, tcp("h", 7000));
        assert_eq!(one("TCP://h").address, tcp("h", 6379));
        assert_eq!(one("tls://h:6380").address, tls("h", 6380));
        assert_eq!(one("ssl://h").address, tls("h", 6379));
        assert_eq!(one("unix:///tmp/r.sock").address, unix("/tmp/r.sock"));
        assert_eq!(one("unix:/tmp/r.sock").address, unix("/tmp/r.sock"));
        assert_eq!(one("/tmp/r.sock").address, unix("/tmp/r.sock"));
        assert_eq!(one("redis://h").address, tcp("h", 6379));
        assert_eq!(one("rediss://h:6390").address, tls("h", 6390));
    }

    #[test]
    fn bare_host_and_port() {
        assert_eq!(one("127.0.0.1:6380").address, tcp("127.0.0.1", 6380));
        assert_eq!(one("localhost").address, tcp("localhost", 6379));
        assert_eq!(one("[::1]:6380").address, tcp("::1", 6380));
        assert_eq!(one("localhost:6380?weight=2").weight, 2);
        assert_eq!(one("tcp://h:6379/").address, tcp("h", 6379));
    }

    #[test]
    fn default_port() {
        assert_eq!(one("tcp://h").address, tcp("h", 6379));
        assert_eq!(one("tls://h").address, tls("h", 6379));
        assert_eq!(one("tcp://h?weight=1").address, tcp("h", 6379));
    }

    #[test]
    fn ipv6() {
        assert_eq!(one("tcp://[::1]:6379").address, tcp("::1", 6379));
        assert_eq!(one("tcp://[2001:db8::2]").address, tcp("2001:db8::2", 6379));
        assert_eq!(one("tls://[::1]:6380").server(), "tls://[::1]:6380");
        assert_eq!(one("redis://:pw@[::1]:7/2").address, tcp("::1", 7));
        assert!(err("tcp://[::1").ends_with(": invalid IPv6 address"));
        assert!(err("tcp://[zz]:1").ends_with(": invalid IPv6 address"));
        assert_eq!(
            err("tcp://[::1]x"),
            "invalid session.save_path entry \"tcp://[::1]x\": invalid port"
        );
        assert_eq!(
            err("tcp://[]:1"),
            "invalid session.save_path entry \"tcp://[]:1\": missing host"
        );
    }

    #[test]
    fn several_hosts_with_weights_and_separators() {
        let parsed =
            parse(" tcp://a:1?weight=1, tcp://b:2?weight=3 ,,unix:///s.sock?weight=2\ttcp://c \n")
                .unwrap_or_else(|e| panic!("{e}"));
        let got: Vec<(String, u32)> = parsed
            .hosts
            .iter()
            .map(|h| (h.server(), h.weight))
            .collect();
        assert_eq!(
            got,
            [
                ("tcp://a:1".to_owned(), 1),
                ("tcp://b:2".to_owned(), 3),
                ("unix:///s.sock".to_owned(), 2),
                ("tcp://c:6379".to_owned(), 1),
            ]
        );
    }

    #[test]
    fn server_strings() {
        assert_eq!(one("tcp://127.0.0.1:6379").server(), "tcp://127.0.0.1:6379");
        assert_eq!(one("unix:///tmp/r.sock").server(), "unix:///tmp/r.sock");
        assert_eq!(one("tls://h:6380").server(), "tls://h:6380");
        assert_eq!(one("redis://u:p@h:1/3").server(), "tcp://h:1");
        assert_eq!(one("rediss://h").server(), "tls://h:6379");
    }

    #[test]
    fn auth_forms() {
        assert_eq!(one("tcp://h?auth=secret").auth, auth(None, "secret"));
        assert_eq!(one("tcp://h?auth=p%40ss+w").auth, auth(None, "p@ss w"));
        assert_eq!(
            one("tcp://h?auth[]=alice&auth[]=secret").auth,
            auth(Some("alice"), "secret")
        );
        assert_eq!(one("tcp://h?auth[]=secret").auth, auth(None, "secret"));
        assert_eq!(
            one("tcp://h?auth[user]=alice&auth[pass]=secret").auth,
            auth(Some("alice"), "secret")
        );
        assert_eq!(
            one("tcp://h?auth[pass]=secret&auth[user]=alice").auth,
            auth(Some("alice"), "secret")
        );
        assert_eq!(one("tcp://h?auth[pass]=secret").auth, auth(None, "secret"));
        assert_eq!(
            one("tcp://h?auth%5B%5D=alice&auth%5B%5D=secret").auth,
            auth(Some("alice"), "secret")
        );
        // PHP semantics: the last assignment wins.
        assert_eq!(
            one("tcp://h?auth[]=x&auth=secret").auth,
            auth(None, "secret")
        );
        assert_eq!(
            one("tcp://h?auth=x&auth[]=secret").auth,
            auth(None, "secret")
        );
    }

    #[test]
    fn auth_errors() {
        for bad in [
            "tcp://h?auth=",
            "tcp://h?auth[user]=alice",
            "tcp://h?auth[]=a&auth[]=b&auth[]=c",
            "tcp://h?auth[]=alice&auth[]=",
            "tcp://h?auth=%FF",
        ] {
            assert!(err(bad).ends_with(": invalid value for \"auth\""), "{bad}");
        }
        assert_eq!(
            err("tcp://h?auth[a][b]=x"),
            "invalid session.save_path entry \"tcp://h?auth[a][b]=***\": unknown parameter \"auth[a][b]\""
        );
    }

    #[test]
    fn redis_urls() {
        let spec = one("redis://alice:s%3Acret%40x@h:6380/2?prefix=p:");
        assert_eq!(spec.address, tcp("h", 6380));
        assert_eq!(spec.auth, auth(Some("alice"), "s:cret@x"));
        assert_eq!(spec.database, Some(2));
        assert_eq!(spec.prefix, b"p:".to_vec());
        assert_eq!(one("redis://:secret@h").auth, auth(None, "secret"));
        assert_eq!(one("redis://secret@h").auth, auth(None, "secret"));
        assert_eq!(one("redis://a+b:c+d@h").auth, auth(Some("a+b"), "c+d"));
        assert_eq!(one("redis://@h").auth, None);
        assert_eq!(one("redis://h/").database, None);
        assert_eq!(one("redis://h/0").database, Some(0));
        let spec = one("rediss://u:p@h/1?stream[verify_peer]=0");
        assert_eq!(spec.address, tls("h", 6379));
        assert_eq!(spec.auth, auth(Some("u"), "p"));
        assert_eq!(spec.database, Some(1));
        assert!(!spec.tls.verify_peer);
    }

    #[test]
    fn redis_url_errors() {
        assert_eq!(
            err("redis://h/x"),
            "invalid session.save_path entry \"redis://h/x\": invalid value for \"database\""
        );
        assert_eq!(
            err("redis://u:@h"),
            "invalid session.save_path entry \"redis://u:***@h\": invalid value for \"auth\""
        );
        assert_eq!(
            err("redis://u:pw@h?auth=other"),
            "invalid session.save_path entry \"redis://u:***@h?auth=***\": credentials given both in the URL and as a parameter"
        );
        assert_eq!(
            err("redis://h/1?database=2"),
            "invalid session.save_path entry \"redis://h/1?database=2\": database given both in the URL path and as a parameter"
        );
        assert_eq!(
            err("redis://u:pw@:1"),
            "invalid session.save_path entry \"redis://u:***@:1\": missing host"
        );
    }

    #[test]
    fn database() {
        assert_eq!(one("tcp://h?database=0").database, Some(0));
        assert_eq!(one("tcp://h?database=15").database, Some(15));
        for bad in ["-1", "1.5", "", "x", "99999999999"] {
            assert_eq!(
                err(&format!("tcp://h?database={bad}")),
                format!(
                    "invalid session.save_path entry \"tcp://h?database={bad}\": invalid value for \"database\""
                )
            );
        }
    }

    #[test]
    fn prefix() {
        assert_eq!(one("tcp://h?prefix=my+app%3A").prefix, b"my app:".to_vec());
        assert_eq!(one("tcp://h?prefix=%FF%00").prefix, vec![0xff, 0]);
        assert_eq!(one("tcp://h?prefix=").prefix, Vec::<u8>::new());
        assert_eq!(one("tcp://h?prefix=100%").prefix, b"100%".to_vec());
        assert_eq!(one("tcp://h?prefix=a#b").prefix, b"a#b".to_vec());
    }

    #[test]
    fn timeouts() {
        let spec = one("tcp://h?timeout=2.5&read_timeout=10");
        assert_eq!(spec.timeout, Some(Duration::from_millis(2500)));
        assert_eq!(spec.read_timeout, Some(Duration::from_secs(10)));
        assert_eq!(one("tcp://h?read_timeout=0").read_timeout, None);
        assert_eq!(
            one("tcp://h?timeout=.5").timeout,
            Some(Duration::from_millis(500))
        );
        for bad in ["0", "-1", "NaN", "inf", "", "1e3", "abc", "1.2.3"] {
            assert!(
                err(&format!("tcp://h?timeout={bad}")).ends_with(": invalid value for \"timeout\""),
                "{bad}"
            );
        }
        for bad in ["-1", "NaN", "x"] {
            assert!(
                err(&format!("tcp://h?read_timeout={bad}"))
                    .ends_with(": invalid value for \"read_timeout\""),
                "{bad}"
            );
        }
    }

    #[test]
    fn persistent() {
        for yes in ["1", "true", "TRUE", "yes", "Yes"] {
            assert!(
                one(&format!("tcp://h?persistent={yes}")).persistent,
                "{yes}"
            );
        }
        for no in ["0", "false", "no", "", "2", "on"] {
            assert!(!one(&format!("tcp://h?persistent={no}")).persistent, "{no}");
        }
        assert!(!one("tcp://h?persistent").persistent);
    }

    #[test]
    fn weights() {
        assert_eq!(one("tcp://h?weight=7").weight, 7);
        for bad in ["0", "-1", "", "x", "1.5", "4294967296"] {
            assert_eq!(
                err(&format!("tcp://h?weight={bad}")),
                format!(
                    "invalid session.save_path entry \"tcp://h?weight={bad}\": invalid value for \"weight\""
                )
            );
        }
        assert!(err("tcp://h?weight[]=2").ends_with(": invalid value for \"weight\""));
    }

    #[test]
    fn ignored_parameters() {
        let spec = one("tcp://h?persistent_id=abc&retry_interval=100");
        assert_eq!(spec, one("tcp://h"));
        assert!(
            err("tcp://h?retry_interval=-5").ends_with(": invalid value for \"retry_interval\"")
        );
    }

    #[test]
    fn stream_options() {
        let spec = one(
            "tls://h?stream[verify_peer]=0&stream[verify_peer_name]=false&stream[allow_self_signed]=1\
             &stream[cafile]=/etc/ca.pem&stream[local_cert]=/c.pem&stream[local_pk]=/k.pem\
             &stream[peer_name]=redis.example",
        );
        assert_eq!(
            spec.tls,
            TlsOptions {
                verify_peer: false,
                verify_peer_name: false,
                allow_self_signed: true,
                cafile: Some("/etc/ca.pem".to_owned()),
                local_cert: Some("/c.pem".to_owned()),
                local_pk: Some("/k.pem".to_owned()),
                peer_name: Some("redis.example".to_owned()),
            }
        );
        assert_eq!(
            err("tls://h?stream[ciphers]=x"),
            "invalid session.save_path entry \"tls://h?stream[ciphers]=x\": unknown parameter \"stream[ciphers]\""
        );
        assert!(err("tls://h?stream[]=x").ends_with(": unknown parameter \"stream[0]\""));
        assert!(err("tls://h?stream=x").ends_with(": invalid value for \"stream\""));
        assert!(
            err("tls://h?stream[verify_peer]=maybe")
                .ends_with(": invalid value for \"stream[verify_peer]\"")
        );
        assert!(err("tls://h?stream[cafile]=").ends_with(": invalid value for \"stream[cafile]\""));
    }

    #[test]
    fn pinned_error_messages() {
        assert_eq!(err(""), "invalid session.save_path: empty save_path");
        assert_eq!(err(" , \t,"), "invalid session.save_path: empty save_path");
        assert_eq!(
            err("tcp://:6379"),
            "invalid session.save_path entry \"tcp://:6379\": missing host"
        );
        assert_eq!(
            err("tcp://h:99999"),
            "invalid session.save_path entry \"tcp://h:99999\": invalid port"
        );
        assert_eq!(
            err("ftp://h"),
            "invalid session.save_path entry \"ftp://h\": unknown scheme \"ftp\""
        );
        assert_eq!(
            err("tcp://h:6379?foo=1"),
            "invalid session.save_path entry \"tcp://h:6379?foo=1\": unknown parameter \"foo\""
        );
        assert_eq!(
            err("tcp://h:6379?weight=0"),
            "invalid session.save_path entry \"tcp://h:6379?weight=0\": invalid value for \"weight\""
        );
    }

    #[test]
    fn other_errors() {
        for bad_port in [
            "tcp://h:0",
            "tcp://h:",
            "tcp://h:+1",
            "tcp://h:65536",
            "h:x",
        ] {
            assert!(err(bad_port).ends_with(": invalid port"), "{bad_port}");
        }
        assert!(err("tcp://").ends_with(": missing host"));
        assert!(err("tls://?weight=1").ends_with(": missing host"));
        assert!(err("unix://").ends_with(": missing socket path"));
        assert!(err("unix://relative.sock").ends_with(": unix socket path must be absolute"));
        assert!(err("tcp://h:1/x").ends_with(": unexpected path after host"));
        assert_eq!(
            err("tcp://u:pw@h"),
            "invalid session.save_path entry \"tcp://u:***@h\": credentials in the URL are only supported with redis:// and rediss://"
        );
        assert!(err("tcp://h?=1").ends_with(": unknown parameter \"\""));
        assert!(err("tcp://h?x[=1").ends_with(": unknown parameter \"x[\""));
        // The first bad entry is reported even after good ones.
        assert_eq!(
            err("tcp://a, tcp://b?bogus=1"),
            "invalid session.save_path entry \"tcp://b?bogus=1\": unknown parameter \"bogus\""
        );
    }

    #[test]
    fn secrets_never_leak() {
        const PW: &str = "Sup3rS3cret";
        let entries = [
            format!("tcp://h:99999?auth={PW}"),
            format!("tcp://h?auth={PW}&foo=1"),
            format!("tcp://h?auth[]=alice&auth[]={PW}&weight=0"),
            format!("tcp://h?auth[user]=alice&auth[pass]={PW}&timeout=x"),
            format!("tcp://h?%61uth={PW}&x=1"),
            format!("redis://alice:{PW}@h:99999"),
            format!("redis://{PW}@h/x"),
            format!("redis://alice:{PW}@:1"),
            format!("redis://alice:pa?{PW}@h"),
            format!("redis://alice:{PW}@h?auth=x"),
            format!("rediss://alice:{PW}@h?prefix=a@b&bad=1"),
            format!("tcp://h?prefix=a@b&auth={PW}&bad=1"),
            format!("tls://h?stream[passphrase]={PW}"),
            format!("ftp://alice:{PW}@h"),
            format!("tcp://alice:{PW}@h"),
        ];
        for entry in &entries {
            let e = parse(entry)
                .err()
                .unwrap_or_else(|| panic!("{entry} parsed"));
            assert!(!e.to_string().contains(PW), "{e}");
            assert!(!format!("{e:?}").contains(PW), "{e:?}");
            assert!(e.to_string().contains("***"), "{e}");
        }
        for entry in [
            format!("redis://alice:{PW}@h"),
            format!("tcp://h?auth={PW}"),
            format!("rediss://{PW}@h/1"),
        ] {
            let spec = one(&entry);
            assert_eq!(spec.auth.as_ref().map(|a| a.password.as_str()), Some(PW));
            assert!(!spec.server().contains(PW));
            assert!(!format!("{spec:?}").contains(PW), "Debug leaks");
        }
    }

    #[test]
    fn host_names() {
        for good in [
            "h",
            "redis-1.example.com",
            "project_redis_1",
            "10.0.0.1",
            "H0",
        ] {
            assert_eq!(
                one(&format!("tcp://{good}:1")).server(),
                format!("tcp://{good}:1")
            );
        }
        // Found by tests/save_path_props.rs: query text taken for a host name
        // (shown in phpinfo, password and all; this one even read back as a
        // `seed[]` save path).
        for bad in [
            "tcp://h&auth=Pw0AA0A0",
            "auth[pass]=Pw0AA0A0",
            "seeds[]=h&auth=Pw0AA0A0",
            "t? eout0&databas%65=00&seed[]=a",
            "tcp://h%41",
            "tcp://h#x:1",
            "tcp://h\u{e9}",
            "sentinel://a,b=c?master=m",
            "cluster://a&b",
            "redis://u:pw@h+x/1",
        ] {
            let e = err(bad);
            assert!(e.ends_with(": invalid host name"), "{bad}: {e}");
            assert!(!e.contains("Pw0AA0A0"), "{e}");
        }
    }

    #[test]
    fn redaction_copies_only_a_real_scheme() {
        // Found by tests/save_path_props.rs: the first `://` was taken for the
        // end of the scheme even in a value after the password.
        assert_eq!(
            err("auth=Pw0AA0A0&seed[]=tcp://a&foo=1"),
            "invalid session.save_path entry \"auth=***&seed[]=tcp://a&foo=1\": unknown parameter \"foo\""
        );
        assert_eq!(
            err("h?auth=Pw0AA0A0&prefix=a://b&foo=1"),
            "invalid session.save_path entry \"h?auth=***&prefix=a://b&foo=1\": unknown parameter \"foo\""
        );
        assert_eq!(
            err("/s.sock?auth=Pw0AA0A0&prefix=x://&timeout=0"),
            "invalid session.save_path entry \"/s.sock?auth=***&prefix=x://&timeout=0\": invalid value for \"timeout\""
        );
        assert_eq!(
            err("seed[]=h&auth=ab://Pw0AA0A0&foo=1"),
            "invalid session.save_path entry \"seed[]=h&auth=***&foo=1\": unknown parameter \"foo\""
        );
        assert_eq!(redact("rediss+x-1.0://u:pw@h"), "rediss+x-1.0://u:***@h");
    }

    #[test]
    fn unknown_scheme_is_redacted() {
        // Found by tests/save_path_props.rs: a mistyped `seed[]` save path is
        // a server list whose "scheme" is all that comes before `://`.
        assert_eq!(
            err("auth=Pw0AA0A0&seeds[]=tcp://h:7000"),
            "invalid session.save_path entry \"auth=***&seeds[]=tcp://h:7000\": unknown scheme \"auth=***&seeds[]=tcp\""
        );
        assert_eq!(
            err("cluster://a,u:Pw0AA0A0@b://c"),
            "invalid session.save_path entry \"cluster://a,u:***@b://c\": unknown scheme \"u:***@b\""
        );
        assert_eq!(
            err("seed[]=u:Pw0AA0A0@b://c"),
            "invalid session.save_path entry \"***@b://c\": unknown scheme \"u:***@b\""
        );
    }

    #[test]
    fn redaction_of_a_lone_password_before_another_at() {
        // Found by tests/save_path_props.rs: the user info runs to the last
        // `@`, and what came before its first `:` was shown as the user.
        assert_eq!(
            err("rediss://Pw0AA0A0@h:1/6?prefix=@&foo=1"),
            "invalid session.save_path entry \"rediss://***@&foo=1\": unknown parameter \"foo\""
        );
        assert_eq!(redact("redis://u:pw@h?prefix=@"), "redis://u:***@");
    }

    #[test]
    fn error_redaction_examples() {
        assert_eq!(
            err("tcp://h:6379?auth=pw&foo=1"),
            "invalid session.save_path entry \"tcp://h:6379?auth=***&foo=1\": unknown parameter \"foo\""
        );
        assert_eq!(
            err("redis://user:pw@h:0"),
            "invalid session.save_path entry \"redis://user:***@h:0\": invalid port"
        );
    }

    #[test]
    fn error_trait() {
        let e: Box<dyn std::error::Error> = Box::new(ParseError::Empty);
        assert_eq!(e.to_string(), "invalid session.save_path: empty save_path");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a+b%20c%zz%4", true), b"a b c%zz%4".to_vec());
        assert_eq!(percent_decode("a+b", false), b"a+b".to_vec());
    }
}
