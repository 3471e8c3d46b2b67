//! Every `rustredis.*` setting in one table (name, default, meaning), and
//! the plain values the core runs with.
//!
//! The PHP layer (`php::ini`) registers the table with PHP, keeps
//! the current raw values and hands the core a [`Config`] per request: the
//! core never reads PHP's ini itself, and tests build a `Config` directly.
//! A test checks that the README's Settings table lists every setting with
//! its default.

use std::ffi::CStr;
use std::time::Duration;

use crate::compression::{Codec, Compression};

/// One `rustredis.*` setting.
#[derive(Debug)]
pub struct Setting {
    /// `rustredis.<name>`
    pub name: &'static CStr,
    /// The default, as php.ini would spell it.
    pub default: &'static CStr,
    /// What it does (phpinfo and the README say the same).
    pub doc: &'static str,
}

/// The settings, by their index in [`SETTINGS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Id {
    /// `rustredis.locking_enabled`
    LockingEnabled,
    /// `rustredis.lock_expire`
    LockExpire,
    /// `rustredis.lock_wait_time`
    LockWaitTime,
    /// `rustredis.lock_retries`
    LockRetries,
    /// `rustredis.lock_failure_readonly`
    LockFailureReadonly,
    /// `rustredis.lock_warn_time`
    LockWarnTime,
    /// `rustredis.lock_wait_timeout`
    LockWaitTimeout,
    /// `rustredis.lock_max_waiters`
    LockMaxWaiters,
    /// `rustredis.lock_max_hold`
    LockMaxHold,
    /// `rustredis.max_pools`
    MaxPools,
    /// `rustredis.pool_idle_timeout`
    PoolIdleTimeout,
    /// `rustredis.compression`
    Compression,
    /// `rustredis.compression_level`
    CompressionLevel,
    /// `rustredis.compression_min_size`
    CompressionMinSize,
    /// `rustredis.user_index_hash`
    UserIndexHash,
}

/// The table, in [`Id`] order.
pub const SETTINGS: [Setting; 15] = [
    Setting {
        name: c"rustredis.locking_enabled",
        default: c"1",
        doc: "lock each session: one request at a time per session",
    },
    Setting {
        name: c"rustredis.lock_expire",
        // Renewed while the request runs: only a dead holder's lock
        // expires, so it can be short.
        default: c"10",
        doc: "lock TTL in seconds, renewed every third of it while the request runs; 0 = max_execution_time, else 30 s",
    },
    Setting {
        name: c"rustredis.lock_wait_time",
        // phpredis 6's defaults, so the same numbers behave alike.
        default: c"20000",
        doc: "microseconds: the longest pause between two tries for a busy lock",
    },
    Setting {
        name: c"rustredis.lock_retries",
        default: c"100",
        doc: "tries before giving up; -1 = until the holder's lock expires",
    },
    Setting {
        name: c"rustredis.lock_failure_readonly",
        default: c"0",
        doc: "start read-only instead of failing when the lock cannot be had",
    },
    Setting {
        name: c"rustredis.lock_warn_time",
        default: c"0",
        doc: "milliseconds: warn when a request waited longer for its lock; 0 = never",
    },
    Setting {
        name: c"rustredis.lock_wait_timeout",
        default: c"0",
        doc: "milliseconds: the longest wait for a busy lock; 0 = lock_retries x lock_wait_time",
    },
    Setting {
        name: c"rustredis.lock_max_waiters",
        default: c"0",
        doc: "requests that may wait for one session's lock; the next fails at once; 0 = no cap",
    },
    Setting {
        name: c"rustredis.lock_max_hold",
        default: c"0",
        doc: "seconds: the longest one request holds a lock (renewal stops); 0 = as long as it runs",
    },
    Setting {
        name: c"rustredis.max_pools",
        default: c"32",
        doc: "connection pools (servers) one worker keeps",
    },
    Setting {
        name: c"rustredis.pool_idle_timeout",
        default: c"300",
        doc: "seconds before a pool no request used is closed",
    },
    Setting {
        name: c"rustredis.compression",
        default: c"none",
        doc: "none, lzf, lz4 or zstd: stored as phpredis 6 stores it with redis.session.compression",
    },
    Setting {
        name: c"rustredis.compression_level",
        // phpredis's default: zstd level 3, and LZ4 HC level 3.
        default: c"3",
        doc: "zstd 1..22 (below 1: 3); LZ4 1..12 selects HC, else fast; LZF has none",
    },
    Setting {
        name: c"rustredis.compression_min_size",
        default: c"0",
        doc: "bytes: smaller sessions are stored uncompressed (where phpredis reads them back so)",
    },
    Setting {
        name: c"rustredis.user_index_hash",
        default: c"0",
        doc: "1 = the per-user session index (bind_user) keys users by the SHA-256 of their identifier",
    },
];

/// The stored value of a `rustredis.compression` name phpredis does not
/// know: sessions fail with a warning rather than silently go uncompressed.
pub const UNKNOWN_CODEC: i64 = -1;

/// How many settings there are.
pub const COUNT: usize = SETTINGS.len();

/// The default of `id` as a number.
#[must_use]
pub fn default(id: Id) -> i64 {
    defaults()[id as usize]
}

/// Parses the value of setting number `index`: a codec name for
/// `rustredis.compression` (an unknown one is kept as [`UNKNOWN_CODEC`], to
/// be reported), a number for the others ([`parse_value`]).
#[must_use]
pub fn parse_setting(index: usize, text: &[u8]) -> Option<i64> {
    if index == Id::Compression as usize {
        let name = std::str::from_utf8(text).unwrap_or("?");
        return Some(Codec::from_name(name).map_or(UNKNOWN_CODEC, |c| c as i64));
    }
    parse_value(text)
}

/// Parses an integer setting as PHP users write it: optional sign and
/// digits, surrounding blanks, `on`/`off`/`true`/`false`/`yes`/`no` for the
/// flags (as php.ini reads them for booleans). `None` refuses the value.
#[must_use]
pub fn parse_value(text: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(text).ok()?.trim();
    match text.to_ascii_lowercase().as_str() {
        "" | "off" | "false" | "no" | "none" => return Some(0),
        "on" | "true" | "yes" => return Some(1),
        _ => {}
    }
    text.parse().ok()
}

/// The raw values of every setting, in [`Id`] order.
pub type Values = [i64; COUNT];

/// The defaults as raw values.
#[must_use]
pub fn defaults() -> Values {
    let mut values = [0; COUNT];
    for (i, v) in values.iter_mut().enumerate() {
        *v = parse_setting(i, SETTINGS[i].default.to_bytes()).unwrap_or(0);
    }
    values
}

/// What one request runs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// The lock.
    pub lock: LockSettings,
    /// The worker's pools.
    pub pools: PoolSettings,
    /// How session data is stored.
    pub compression: Compression,
    /// `rustredis.compression` names no codec: sessions fail, warned.
    pub unknown_codec: bool,
    /// `rustredis.user_index_hash`: index users by a hash of their name.
    pub user_index_hash: bool,
}

impl Config {
    /// From raw values and PHP's `max_execution_time` (the lock TTL when
    /// `lock_expire` is 0).
    #[must_use]
    pub fn from_values(values: &Values, max_execution_time: i64) -> Self {
        let get = |id: Id| values[id as usize];
        let positive = |id: Id| {
            let value = get(id);
            u64::try_from(if value > 0 { value } else { default(id) }).unwrap_or(1)
        };
        let mut lock = LockSettings::from_ini(
            get(Id::LockingEnabled) != 0,
            get(Id::LockExpire),
            max_execution_time,
            get(Id::LockWaitTime),
            get(Id::LockRetries),
            get(Id::LockFailureReadonly) != 0,
        );
        let positive_ms = |id: Id| {
            u64::try_from(get(id))
                .ok()
                .filter(|ms| *ms > 0)
                .map(Duration::from_millis)
        };
        lock.warn_after = positive_ms(Id::LockWarnTime);
        lock.wait_timeout = positive_ms(Id::LockWaitTimeout);
        lock.max_hold = u64::try_from(get(Id::LockMaxHold))
            .ok()
            .filter(|s| *s > 0)
            .map(Duration::from_secs);
        lock.max_waiters = u32::try_from(get(Id::LockMaxWaiters).max(0)).unwrap_or(u32::MAX);
        let codec = get(Id::Compression);
        let compression = Compression {
            codec: Codec::from_index(codec).unwrap_or_default(),
            level: i32::try_from(get(Id::CompressionLevel)).unwrap_or(0),
            min_size: usize::try_from(get(Id::CompressionMinSize)).unwrap_or(0),
            text_serializer: false,
        };
        Self {
            lock,
            compression,
            unknown_codec: codec == UNKNOWN_CODEC,
            user_index_hash: get(Id::UserIndexHash) != 0,
            pools: PoolSettings {
                max_pools: usize::try_from(positive(Id::MaxPools)).unwrap_or(usize::MAX),
                idle_timeout: Duration::from_secs(positive(Id::PoolIdleTimeout)),
            },
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self::from_values(&defaults(), 0)
    }
}

/// Lock settings of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockSettings {
    /// `rustredis.locking_enabled`
    pub enabled: bool,
    /// Lock TTL (`rustredis.lock_expire`, else `max_execution_time`, else 30 s).
    pub expire: Duration,
    /// `rustredis.lock_wait_time`: longest gap between two attempts.
    pub wait: Duration,
    /// `rustredis.lock_retries`: attempts; `None` = until the holder's lock expires.
    pub retries: Option<u32>,
    /// `rustredis.lock_failure_readonly`: start read-only instead of failing.
    pub readonly_on_failure: bool,
    /// `rustredis.lock_warn_time`: warn when a wait for the lock took longer.
    pub warn_after: Option<Duration>,
    /// `rustredis.lock_wait_timeout`: the wait bound in time, instead of
    /// `retries` x `wait`.
    pub wait_timeout: Option<Duration>,
    /// `rustredis.lock_max_waiters`: 0 = no cap.
    pub max_waiters: u32,
    /// `rustredis.lock_max_hold`: renewal stops after this long.
    pub max_hold: Option<Duration>,
}

/// Lock TTL when neither `rustredis.lock_expire` nor `max_execution_time`
/// gives one: a lock is never unlimited.
pub const FALLBACK_EXPIRE: Duration = Duration::from_secs(30);

impl LockSettings {
    /// Settings from raw ini values (`lock_expire` s, `max_execution_time` s,
    /// `lock_wait_time` us, `lock_retries`), applying the documented defaults.
    #[must_use]
    pub fn from_ini(
        enabled: bool,
        lock_expire: i64,
        max_execution_time: i64,
        wait_us: i64,
        retries: i64,
        readonly_on_failure: bool,
    ) -> Self {
        let expire_s = if lock_expire > 0 {
            lock_expire
        } else {
            max_execution_time
        };
        let expire = u64::try_from(expire_s)
            .ok()
            .filter(|s| *s > 0)
            .map_or(FALLBACK_EXPIRE, Duration::from_secs);
        let wait_us = if wait_us > 0 {
            wait_us
        } else {
            default(Id::LockWaitTime)
        };
        let wait = Duration::from_micros(u64::try_from(wait_us).unwrap_or(1));
        let retries = match retries {
            r if r < 0 => None,
            0 => u32::try_from(default(Id::LockRetries)).ok(),
            r => Some(u32::try_from(r).unwrap_or(u32::MAX)),
        };
        Self {
            enabled,
            expire,
            wait,
            retries,
            readonly_on_failure,
            warn_after: None,
            wait_timeout: None,
            max_waiters: 0,
            max_hold: None,
        }
    }

    /// The longest a request waits for a busy lock (with `lock_retries=-1`
    /// and no `lock_wait_timeout`: at least this, then as long as the
    /// holder's lock lives).
    #[must_use]
    pub fn max_wait(&self) -> Duration {
        if let Some(timeout) = self.wait_timeout {
            return timeout;
        }
        match self.retries {
            Some(n) => self.wait.saturating_mul(n),
            None => self.expire + self.wait,
        }
    }

    /// The TTL a lock is taken (and renewed) with: `expire`, or less when
    /// `lock_max_hold` is shorter.
    #[must_use]
    pub fn ttl(&self) -> Duration {
        self.max_hold
            .map_or(self.expire, |max| self.expire.min(max))
    }

    /// The settings that bound the wait, for the timeout's warning.
    #[must_use]
    pub fn wait_bound(&self) -> &'static str {
        if self.wait_timeout.is_some() {
            "rustredis.lock_wait_timeout"
        } else {
            "rustredis.lock_wait_time, rustredis.lock_retries"
        }
    }

    /// The three bounds in words, for phpinfo: how long a lock is held,
    /// how long a request waits, how many may wait.
    #[must_use]
    pub fn bounds(&self) -> String {
        if !self.enabled {
            return "locking off (rustredis.locking_enabled=0)".to_owned();
        }
        let ms = |d: Duration| d.as_millis();
        let hold = match self.max_hold {
            Some(max) => format!("at most {} s (lock_max_hold)", max.as_secs()),
            None => "as long as the request runs".to_owned(),
        };
        let wait = match (self.wait_timeout, self.retries) {
            (Some(t), _) => format!("waits at most {} ms (lock_wait_timeout)", ms(t)),
            (None, Some(n)) => format!(
                "waits at most {} ms ({n} x {} ms, lock_retries x lock_wait_time)",
                ms(self.max_wait()),
                ms(self.wait)
            ),
            (None, None) => {
                "waits until the holder releases or its lock expires (lock_retries=-1)".to_owned()
            }
        };
        let waiters = match self.max_waiters {
            0 => "no cap on waiters".to_owned(),
            n => format!("at most {n} waiters per session (lock_max_waiters)"),
        };
        format!(
            "held {hold}, renewed every {} ms (a dead holder's lock frees within {} s, lock_expire); {wait}; {waiters}",
            ms(self.renew_every()),
            self.ttl().as_secs_f64()
        )
    }

    /// How often a held lock is renewed: a third of its TTL.
    #[must_use]
    pub fn renew_every(&self) -> Duration {
        (self.ttl() / 3).max(Duration::from_millis(100))
    }
}

/// How many pools a worker keeps, and how long an unused one lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSettings {
    /// `rustredis.max_pools`
    pub max_pools: usize,
    /// `rustredis.pool_idle_timeout`
    pub idle_timeout: Duration,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_as_php_ini_writes_them() {
        assert_eq!(parse_value(b" 20000 "), Some(20_000));
        assert_eq!(parse_value(b"-1"), Some(-1));
        assert_eq!(parse_value(b"On"), Some(1));
        assert_eq!(parse_value(b"off"), Some(0));
        assert_eq!(parse_value(b""), Some(0));
        assert_eq!(parse_value(b"12abc"), None);
        assert_eq!(parse_value(b"\xff"), None);
    }

    #[test]
    fn defaults_parse_and_ids_match_the_table() {
        for (i, s) in SETTINGS.iter().enumerate() {
            let text = s.default.to_bytes();
            assert!(parse_setting(i, text).is_some(), "{:?}", s.name);
            assert_eq!(defaults()[i], parse_setting(i, text).unwrap_or(-99));
        }
        assert_eq!(
            SETTINGS[Id::PoolIdleTimeout as usize].name,
            c"rustredis.pool_idle_timeout"
        );
        assert_eq!(default(Id::LockWaitTime), 20_000);
        let config = Config::default();
        assert_eq!(config.lock.wait, Duration::from_millis(20));
        assert_eq!(config.lock.retries, Some(100));
        assert_eq!(config.pools.max_pools, 32);
        assert_eq!(config.compression.codec, Codec::None);
        assert_eq!(config.compression.level, 3);
        assert!(!config.unknown_codec);
    }

    #[test]
    fn codec_names() {
        let i = Id::Compression as usize;
        assert_eq!(parse_setting(i, b"ZSTD"), Some(Codec::Zstd as i64));
        assert_eq!(parse_setting(i, b""), Some(0));
        assert_eq!(parse_setting(i, b"gzip"), Some(UNKNOWN_CODEC));
        let mut values = defaults();
        values[i] = UNKNOWN_CODEC;
        let config = Config::from_values(&values, 0);
        assert!(config.unknown_codec);
        assert_eq!(config.compression.codec, Codec::None);
    }

    #[test]
    fn readme_lists_every_setting_with_its_default() {
        let readme = include_str!("../README.md");
        for s in &SETTINGS {
            let row = format!(
                "| `{}` | `{}` |",
                s.name.to_str().unwrap_or_default(),
                s.default.to_str().unwrap_or_default()
            );
            assert!(readme.contains(&row), "README Settings table lacks {row}");
        }
    }

    #[test]
    fn settings_defaults_and_fallbacks() {
        let s = LockSettings::from_ini(true, 0, 0, 0, 0, false);
        assert_eq!(s.expire, FALLBACK_EXPIRE);
        assert_eq!(s.wait, Duration::from_millis(20));
        assert_eq!(s.retries, Some(100));
        assert_eq!(s.max_wait(), Duration::from_secs(2));
        let s = LockSettings::from_ini(true, 0, 45, 1000, 5, true);
        assert_eq!(s.expire, Duration::from_secs(45));
        assert_eq!(s.max_wait(), Duration::from_millis(5));
        let s = LockSettings::from_ini(true, 7, 45, 1000, -1, false);
        assert_eq!(s.expire, Duration::from_secs(7));
        assert_eq!(s.retries, None);
        assert_eq!(s.max_wait(), Duration::from_millis(7001));
    }
}
