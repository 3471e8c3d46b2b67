//! Session compression, byte for byte as phpredis 6 stores it
//! (`redis.session.compression = lzf | lz4 | zstd`), so a mixed fleet shares
//! compressed sessions both ways.
//!
//! Writing uses the configured codec. Reading does not trust the setting:
//! it recognises what it can, so changing the setting loses no session.
//!
//! | stored value | read as |
//! |---|---|
//! | starts with zstd's magic `28 B5 2F FD` | zstd, whatever the setting; damaged: corrupt |
//! | LZ4 header checks out (CRC-8 of the length, a length the rest can hold) | LZ4, whatever the setting; damaged: corrupt |
//! | first byte `00`..`1F` and the session serializer is `php`/`php_serialize` | LZF, whatever the setting (those serializers never start so); damaged: corrupt |
//! | first byte `00`..`1F`, another serializer, setting `lzf` | LZF if it decompresses, else as stored (as phpredis: LZF has no header) |
//! | anything else | as stored |
//!
//! Not detectable: an LZF value under a binary serializer (igbinary,
//! msgpack, php_binary) once the setting is no longer `lzf`.

use std::borrow::Cow;

mod lz4;
mod lzf;
mod zstd;

/// The largest session a value may decompress to: Redis's own limit on a
/// string, so a damaged or hostile header cannot make us allocate more.
pub const MAX_DECOMPRESSED: usize = 512 << 20;

/// A compression codec, as `rustredis.compression` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Codec {
    /// Stored as PHP serialized it.
    #[default]
    None,
    /// liblzf, no header.
    Lzf,
    /// liblz4 block with phpredis's 5-byte header.
    Lz4,
    /// A zstd frame.
    Zstd,
}

impl Codec {
    /// The names `rustredis.compression` accepts, in [`Codec::index`] order.
    pub const NAMES: [&'static str; 4] = ["none", "lzf", "lz4", "zstd"];

    /// The codec named `name` (any case, surrounding blanks ignored; empty
    /// is `none`, as phpredis).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim();
        if name.is_empty() {
            return Some(Self::None);
        }
        Self::NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))
            .and_then(|i| Self::from_index(i64::try_from(i).ok()?))
    }

    /// The codec of a setting's stored index.
    #[must_use]
    pub fn from_index(index: i64) -> Option<Self> {
        Some(match index {
            0 => Self::None,
            1 => Self::Lzf,
            2 => Self::Lz4,
            3 => Self::Zstd,
            _ => return None,
        })
    }

    /// Its name, as the setting spells it.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// What a request compresses with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compression {
    /// `rustredis.compression`
    pub codec: Codec,
    /// `rustredis.compression_level` (phpredis's meaning per codec).
    pub level: i32,
    /// `rustredis.compression_min_size`: smaller data is stored as it is,
    /// where phpredis reads that back as it is.
    pub min_size: usize,
    /// The session serializer writes text (`php`, `php_serialize`): its
    /// output never starts with a byte below 0x20, which makes LZF values
    /// recognisable.
    pub text_serializer: bool,
}

impl Default for Compression {
    fn default() -> Self {
        Self {
            codec: Codec::None,
            level: 3,
            min_size: 0,
            text_serializer: true,
        }
    }
}

/// A stored value that claims a codec's format and does not decompress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt {
    /// The format it claims.
    pub codec: Codec,
    /// What is wrong, in words.
    pub reason: String,
}

/// A read value: the session data, and the codec it was stored with.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    /// What PHP gets.
    pub data: Vec<u8>,
    /// None: it was stored as it is.
    pub codec: Option<Codec>,
}

impl Compression {
    /// The bytes to store for `data`: what phpredis stores with the same
    /// setting, or `data` itself (no codec, below `min_size` where that is
    /// safe, or where phpredis too stores it as it is).
    #[must_use]
    pub fn encode<'a>(&self, data: &'a [u8]) -> Cow<'a, [u8]> {
        if self.codec == Codec::None || (data.len() < self.min_size && !self.raw_is_ambiguous(data))
        {
            return Cow::Borrowed(data);
        }
        let compressed = match self.codec {
            Codec::None => None,
            Codec::Lzf => lzf::compress(data),
            Codec::Lz4 => lz4::compress(data, self.level),
            Codec::Zstd => zstd::compress(data, self.level),
        };
        compressed.map_or(Cow::Borrowed(data), Cow::Owned)
    }

    /// True when phpredis (or our own reader) would not take `data`, stored
    /// as it is, back as it is: it must be compressed even below `min_size`.
    fn raw_is_ambiguous(&self, data: &[u8]) -> bool {
        let phpredis = match self.codec {
            Codec::None => false,
            Codec::Lzf => data.first().is_some_and(|b| *b < 0x20),
            Codec::Lz4 => lz4::looks_compressed_to_phpredis(data),
            Codec::Zstd => zstd::looks_compressed_to_phpredis(data),
        };
        phpredis || self.claims(data)
    }

    /// True when [`Compression::decode`] would take `data` for a codec's
    /// output rather than for session data as it is.
    #[must_use]
    pub fn claims(&self, data: &[u8]) -> bool {
        zstd::is_frame(data)
            || lz4::header(data).is_some()
            || (self.lzf_eligible(data) && self.text_serializer)
    }

    /// LZF is tried on `data`: it starts as every LZF value does (a literal
    /// run, 0x00..0x1F), and either the setting is `lzf` or the serializer
    /// never starts so.
    fn lzf_eligible(&self, data: &[u8]) -> bool {
        data.first().is_some_and(|b| *b < 0x20)
            && (self.text_serializer || self.codec == Codec::Lzf)
    }

    /// The session data of a stored value, whatever codec wrote it (see the
    /// module's table).
    ///
    /// # Errors
    /// The value claims a codec's format but does not decompress.
    pub fn decode(&self, stored: Vec<u8>) -> Result<Decoded, Corrupt> {
        if stored.is_empty() {
            return Ok(raw(stored));
        }
        let mut tried: Option<Corrupt> = None;
        let mut fail = |codec, reason: String| {
            tried.get_or_insert(Corrupt { codec, reason });
        };
        // The configured codec first: phpredis tries only it.
        let mut order = [Codec::Zstd, Codec::Lz4, Codec::Lzf];
        if let Some(i) = order.iter().position(|c| *c == self.codec) {
            order[..=i].rotate_right(1);
        }
        for codec in order {
            match codec {
                Codec::Zstd if zstd::is_frame(&stored) => {
                    match zstd::decompress(&stored, MAX_DECOMPRESSED) {
                        Ok(data) => return Ok(decoded(data, codec)),
                        Err(zstd::Failure::Invalid(why)) => fail(codec, why),
                        Err(zstd::Failure::TooLarge(n)) => fail(codec, too_large(n)),
                    }
                }
                Codec::Lz4 => {
                    if let Some(claimed) = lz4::header(&stored) {
                        if claimed > MAX_DECOMPRESSED {
                            fail(codec, too_large(claimed as u64));
                        } else if let Some(data) = lz4::decompress(&stored, claimed) {
                            return Ok(decoded(data, codec));
                        } else {
                            fail(
                                codec,
                                format!(
                                    "its block does not decompress to the {claimed} bytes its header gives"
                                ),
                            );
                        }
                    }
                }
                Codec::Lzf if self.lzf_eligible(&stored) => {
                    match lzf::decompress(&stored, MAX_DECOMPRESSED) {
                        Ok(data) => return Ok(decoded(data, codec)),
                        // Could be a binary serializer's own bytes.
                        Err(_) if !self.text_serializer => {}
                        Err(lzf::Failure::Invalid) => {
                            fail(codec, "it is not valid LZF data".to_owned());
                        }
                        Err(lzf::Failure::TooLarge) => {
                            fail(codec, too_large(MAX_DECOMPRESSED as u64 + 1));
                        }
                    }
                }
                _ => {}
            }
        }
        match tried {
            Some(corrupt) => Err(corrupt),
            None => Ok(raw(stored)),
        }
    }
}

fn raw(data: Vec<u8>) -> Decoded {
    Decoded { data, codec: None }
}

fn decoded(data: Vec<u8>, codec: Codec) -> Decoded {
    Decoded {
        data,
        codec: Some(codec),
    }
}

fn too_large(claimed: u64) -> String {
    format!(
        "it claims {claimed} bytes, more than the {} MiB a session may hold",
        MAX_DECOMPRESSED >> 20
    )
}

/// The zstd level phpredis (and so rustredis) uses for `level`.
#[must_use]
pub fn zstd_level(level: i32) -> i32 {
    zstd::effective_level(level)
}

/// The codecs this build has, for phpinfo (phpredis prints the same line).
pub const AVAILABLE: &str = "lzf, lz4, zstd";

#[cfg(test)]
mod tests;
