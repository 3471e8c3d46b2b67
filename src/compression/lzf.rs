//! LZF as phpredis stores it: liblzf's raw output, no header.
//!
//! liblzf 3.6 (the copy `lzf-sys` builds, the same release phpredis
//! bundles) through its two C calls. This file and [`crate::php`] are the
//! only code that talks to C directly; each call's contract is written at it.

#![allow(unsafe_code)]

use std::ffi::{c_uint, c_void};

/// liblzf's smallest spare room, as phpredis (and PECL lzf) give it.
const MARGIN: usize = 128;

/// `data` compressed into a buffer of `len + max(128, len / 25)`, the room
/// phpredis gives; None when liblzf reports it does not fit (phpredis then
/// stores the data as it is) or `data` is empty.
pub fn compress(data: &[u8]) -> Option<Vec<u8>> {
    if data.is_empty() {
        return None;
    }
    let room = data.len().saturating_add(MARGIN.max(data.len() / 25));
    let in_len = c_uint::try_from(data.len()).ok()?;
    let out_len = c_uint::try_from(room).unwrap_or(c_uint::MAX);
    let mut out = vec![0_u8; out_len as usize];
    // SAFETY: `data` is valid for `in_len` bytes and `out` is writable for
    // `out_len` bytes; liblzf writes at most `out_len` bytes and returns how
    // many it wrote (0 = did not fit). Neither buffer is kept.
    let written = unsafe {
        lzf_sys::lzf_compress(
            data.as_ptr().cast::<c_void>(),
            in_len,
            out.as_mut_ptr().cast::<c_void>(),
            out_len,
        )
    };
    if written == 0 {
        return None;
    }
    out.truncate(written as usize);
    Some(out)
}

/// Why an LZF value did not decompress.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// Not LZF (a back reference before the start, a cut-off run).
    Invalid,
    /// It would expand past `limit` bytes.
    TooLarge,
}

/// Decompresses `data`, growing the buffer as phpredis does (twice the
/// input, then doubling) while liblzf says it is too small, up to `limit`.
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, Failure> {
    let in_len = c_uint::try_from(data.len()).map_err(|_| Failure::TooLarge)?;
    let mut room = data.len().saturating_mul(2).max(64);
    loop {
        let out_len = c_uint::try_from(room.min(limit)).unwrap_or(c_uint::MAX);
        let mut out = vec![0_u8; out_len as usize];
        // SAFETY: `data` is valid for `in_len` bytes, `out` writable for
        // `out_len` bytes; liblzf (built with CHECK_INPUT) never reads or
        // writes past either and returns the bytes written, 0 on error
        // with errno E2BIG (out too small) or EINVAL (corrupt input).
        let written = unsafe {
            lzf_sys::lzf_decompress(
                data.as_ptr().cast::<c_void>(),
                in_len,
                out.as_mut_ptr().cast::<c_void>(),
                out_len,
            )
        };
        if written > 0 {
            out.truncate(written as usize);
            return Ok(out);
        }
        let too_small = std::io::Error::last_os_error().raw_os_error() == Some(libc::E2BIG);
        if !too_small {
            return Err(Failure::Invalid);
        }
        if out_len as usize >= limit {
            return Err(Failure::TooLarge);
        }
        room = room.saturating_mul(2);
    }
}
