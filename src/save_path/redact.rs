//! Entries shown without their secrets, for error messages.

use super::query::percent_decode;

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

/// Returns `raw` with every secret replaced by `***`, for error messages.
///
/// Deliberately conservative (it works on the raw text, before any parsing, so
/// it cannot be fooled by a malformed entry): everything before the last `@`
/// after a leading `scheme://` is treated as user info, and every `name=value`
/// pair whose decoded name mentions `auth` or `pass` has its value hidden.
pub(super) fn redact(raw: &str) -> String {
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
