//! Query strings decoded like PHP's `parse_str`: `&`-separated pairs,
//! `urldecode`d, `name[]` / `name[key]` building arrays.

use percent_encoding::percent_decode_str;

use super::{Ctx, ParseError};

/// Key of a PHP array element built by `name[key]=...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ArrayKey {
    Index(i64),
    Name(String),
}

/// Value of a query parameter after PHP-style decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ParamValue {
    Scalar(Vec<u8>),
    Array(Vec<(ArrayKey, Vec<u8>)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Param {
    pub(super) name: String,
    pub(super) value: ParamValue,
}

/// Decodes a query string the way PHP's `parse_str` does (for the subset we use):
/// `&`-separated pairs, `+` and `%XX` decoding, `name[]`/`name[key]` arrays,
/// later assignments overwriting earlier ones.
pub(super) fn parse_query(ctx: &Ctx, query: &str) -> Result<Vec<Param>, ParseError> {
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

/// URL percent-decoding: PHP `urldecode` with `plus_as_space`, else
/// `rawurldecode`. Malformed `%` sequences are kept literally, as PHP (and
/// `percent_encoding`) does.
pub(super) fn percent_decode(text: &str, plus_as_space: bool) -> Vec<u8> {
    // `+` becomes a space before decoding, so an encoded `%2B` stays a `+`;
    // neither is a hex digit, so no `%` sequence changes meaning.
    if plus_as_space && text.contains('+') {
        percent_decode_str(&text.replace('+', " ")).collect()
    } else {
        percent_decode_str(text).collect()
    }
}
