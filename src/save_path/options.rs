//! What each decoded query parameter means: checks its value and stores it
//! in a [`HostSpec`].

use std::time::Duration;

use super::query::{ArrayKey, Param, ParamValue};
use super::{Auth, Ctx, HostSpec, ParseError, TlsOptions};

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

/// Applies one decoded parameter to `spec`.
/// `from_url` tells whether auth / database already came from a `redis://` URL.
pub(super) fn apply_param(
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
            // Accepted for phpredis compatibility, any value: connections
            // are always kept in the worker's pool.
            scalar()?;
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
pub(super) fn parse_auth(ctx: &Ctx, name: &str, value: &ParamValue) -> Result<Auth, ParseError> {
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
        // Accepted (and checked) for phpredis compatibility; it changes
        // nothing: a self-signed server needs stream[cafile], or
        // verification off.
        "stream[allow_self_signed]" => {
            flag()?;
        }
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
pub(super) fn parse_u32_strict(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Finite, non-negative number of seconds (decimal notation, e.g. `2.5`).
pub(super) fn parse_seconds(text: &str) -> Option<f64> {
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
