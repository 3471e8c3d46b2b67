//! The `redis://[user:pass@]host[:port][/db]` and `rediss://` entry forms.

use super::entry::{Location, split_host_port};
use super::options::parse_u32_strict;
use super::query::percent_decode;
use super::{Address, Auth, Ctx, DEFAULT_PORT, ParseError};

/// Parses the part after `redis://` / `rediss://`: `[user:pass@]host[:port][/db]`.
pub(super) fn parse_redis_url(ctx: &Ctx, rest: &str, tls: bool) -> Result<Location, ParseError> {
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
