//! Zstandard as phpredis stores it: one plain frame (magic, content size,
//! no dictionary), made by the system's libzstd, the library Debian's
//! phpredis links, at the level phpredis would use.

/// Every zstd frame starts with these bytes (0xFD2FB528, little-endian).
const MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];
/// What phpredis uses below level 1 (ZSTD_CLEVEL_DEFAULT).
const DEFAULT_LEVEL: i32 = 3;

/// A zstd frame: the first four bytes are its magic number.
pub fn is_frame(stored: &[u8]) -> bool {
    stored.starts_with(&MAGIC)
}

/// True when phpredis, set to zstd, would not read `data` stored as it is
/// back as it is: a frame or a skippable frame (0x184D2A5?), whose
/// content size libzstd reads. Such data must be compressed even below
/// `compression_min_size`.
pub fn looks_compressed_to_phpredis(data: &[u8]) -> bool {
    is_frame(data)
        || data
            .get(..4)
            .is_some_and(|m| m[0] & 0xF0 == 0x50 && m[1..] == [0x2A, 0x4D, 0x18])
}

/// The level phpredis compresses with for `level`: below 1 the default,
/// above libzstd's maximum that maximum.
pub fn effective_level(level: i32) -> i32 {
    if level < 1 {
        DEFAULT_LEVEL
    } else {
        level.min(zstd::zstd_safe::max_c_level())
    }
}

/// One frame of `data` (also for empty data, as phpredis).
pub fn compress(data: &[u8], level: i32) -> Option<Vec<u8>> {
    zstd::bulk::compress(data, effective_level(level)).ok()
}

/// Why a frame did not decompress.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// The frame header or the data is damaged, or it has no content size.
    Invalid(String),
    /// It claims more than the limit.
    TooLarge(u64),
}

/// The data of one frame, which must decompress to exactly the content
/// size its header gives, at most `limit` bytes.
pub fn decompress(stored: &[u8], limit: usize) -> Result<Vec<u8>, Failure> {
    let size = match zstd::zstd_safe::get_frame_content_size(stored) {
        Ok(Some(size)) => size,
        Ok(None) => return Err(Failure::Invalid("the frame gives no content size".into())),
        Err(_) => return Err(Failure::Invalid("the frame header is damaged".into())),
    };
    let capacity = usize::try_from(size)
        .ok()
        .filter(|s| *s <= limit)
        .ok_or(Failure::TooLarge(size))?;
    let data =
        zstd::bulk::decompress(stored, capacity).map_err(|e| Failure::Invalid(e.to_string()))?;
    if data.len() != capacity {
        return Err(Failure::Invalid(format!(
            "it gave {} bytes, its header says {size}",
            data.len()
        )));
    }
    Ok(data)
}
