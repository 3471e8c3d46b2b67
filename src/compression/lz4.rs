//! LZ4 as phpredis stores it: a 5-byte header, then one LZ4 block.
//!
//! The header is a CRC-8 (polynomial 0x31, start 0xFF) of the next four
//! bytes, then the uncompressed length as a 32-bit int in the machine's
//! order (phpredis copies a C `int`; little-endian on every Debian
//! architecture rustredis is built for). The block is liblz4's, fast mode
//! or HC at levels 1..=12, as phpredis chooses by `compression_level`.

use lz4::block::{self, CompressionMode};

/// CRC byte + length.
pub const HEADER_LEN: usize = 5;
/// liblz4's highest HC level; outside 1..=this phpredis uses fast mode.
const MAX_HC_LEVEL: i32 = 12;
/// The most one byte of LZ4 block can expand to (a match length is coded
/// in runs of 255), plus room for a short final literal run.
const MAX_RATIO: usize = 255;

/// phpredis's CRC-8 of the length bytes.
pub fn crc8(bytes: &[u8]) -> u8 {
    let mut crc: u8 = 0xFF;
    for &b in bytes {
        crc ^= b;
        for _ in 0..8 {
            crc = if crc & 0x80 != 0 {
                (crc << 1) ^ 0x31
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// The length a stored value's header claims, when it has a header that
/// checks out: its CRC matches, and the claimed length is one the rest
/// could hold (at most 255 times it). That is what tells an LZ4 value from
/// an uncompressed one; phpredis checks only the CRC.
pub fn header(stored: &[u8]) -> Option<usize> {
    let (&crc, rest) = stored.split_first()?;
    let length: [u8; 4] = rest.get(..4)?.try_into().ok()?;
    if crc8(&length) != crc {
        return None;
    }
    let claimed = usize::try_from(i32::from_le_bytes(length)).ok()?;
    let payload = stored.len() - HEADER_LEN;
    (claimed > 0 && payload > 0 && claimed <= payload.saturating_mul(MAX_RATIO) + 16)
        .then_some(claimed)
}

/// True when phpredis, set to LZ4, would take `data` stored as it is for
/// LZ4 (its first byte is the CRC of the next four): such data must be
/// compressed even below `compression_min_size`.
pub fn looks_compressed_to_phpredis(data: &[u8]) -> bool {
    data.len() >= HEADER_LEN && crc8(&data[1..HEADER_LEN]) == data[0]
}

/// `data` with phpredis's header, or None for empty data or more than
/// `i32::MAX` bytes (phpredis stores both as they are).
pub fn compress(data: &[u8], level: i32) -> Option<Vec<u8>> {
    if data.is_empty() {
        return None;
    }
    let length = i32::try_from(data.len()).ok()?.to_le_bytes();
    let mode = if (1..=MAX_HC_LEVEL).contains(&level) {
        CompressionMode::HIGHCOMPRESSION(level)
    } else {
        CompressionMode::DEFAULT
    };
    let bound = block::compress_bound(data.len()).ok()?;
    let mut out = vec![0_u8; HEADER_LEN + bound];
    out[0] = crc8(&length);
    out[1..HEADER_LEN].copy_from_slice(&length);
    let written =
        block::compress_to_buffer(data, Some(mode), false, &mut out[HEADER_LEN..]).ok()?;
    out.truncate(HEADER_LEN + written);
    Some(out)
}

/// The data of a value whose [`header`] claimed `claimed` bytes; None when
/// the block does not decompress to exactly that many.
pub fn decompress(stored: &[u8], claimed: usize) -> Option<Vec<u8>> {
    let size = i32::try_from(claimed).ok()?;
    let mut out = vec![0_u8; claimed];
    let written = block::decompress_to_buffer(&stored[HEADER_LEN..], Some(size), &mut out).ok()?;
    (written == claimed).then_some(out)
}
