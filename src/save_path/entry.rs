//! One server of a server list: scheme, host and port or socket path, then
//! the entry's own query parameters.

use std::net::Ipv6Addr;

use super::options::apply_param;
use super::query::parse_query;
use super::url::parse_redis_url;
use super::{
    Address, Auth, Ctx, DEFAULT_PORT, DEFAULT_PREFIX, HostSpec, ParseError, TlsOptions, redact,
};

/// What the part before `?` of an entry told us.
pub(super) struct Location {
    pub(super) address: Address,
    /// Credentials from `redis://user:pass@` URLs.
    pub(super) auth: Option<Auth>,
    /// Database from the `/db` path of `redis://` URLs.
    pub(super) database: Option<u32>,
}

pub(super) fn parse_entry(raw: &str) -> Result<HostSpec, ParseError> {
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
pub(super) fn parse_host_port(
    ctx: &Ctx,
    rest: &str,
    default_port: u16,
) -> Result<(String, u16), ParseError> {
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
pub(super) fn split_host_port(
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
