//! The `rustredis.*` ini settings (php.ini and `ini_set`), and the lock
//! settings of one request read from them.
//!
//! PHP calls an update handler whenever a value changes (startup, php.ini,
//! `ini_set`, and the restore at request end; on ZTS also at each thread's
//! start), so the current values sit in this thread's cells and a request
//! reads them without an ini table lookup.

use std::cell::Cell;
use std::time::Duration;

use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::zend::{IniEntryDef, IniEntryDefs};

use crate::ffi::{ini_long, on_update_setting};
use crate::lock::LockSettings;
use crate::registry::PoolSettings;

/// The settings, by index in the cells.
#[derive(Debug, Clone, Copy)]
#[repr(usize)]
pub enum Setting {
    /// `rustredis.locking_enabled`
    LockingEnabled = 0,
    /// `rustredis.lock_expire`
    LockExpire = 1,
    /// `rustredis.lock_wait_time`
    LockWaitTime = 2,
    /// `rustredis.lock_retries`
    LockRetries = 3,
    /// `rustredis.lock_failure_readonly`
    LockFailureReadonly = 4,
    /// `rustredis.max_pools`
    MaxPools = 5,
    /// `rustredis.pool_idle_timeout`
    PoolIdleTimeout = 6,
}

const COUNT: usize = 7;

thread_local! {
    /// Current values; the defaults until PHP's startup calls the handlers.
    static VALUES: [Cell<i64>; COUNT] = const {
        [
            Cell::new(1),
            Cell::new(0),
            Cell::new(20_000),
            Cell::new(100),
            Cell::new(0),
            Cell::new(DEFAULT_MAX_POOLS),
            Cell::new(DEFAULT_POOL_IDLE_TIMEOUT),
        ]
    };
}

/// Records a new value of setting `index` (from the update handler).
pub fn store(index: usize, value: i64) {
    VALUES.with(|values| {
        if let Some(cell) = values.get(index) {
            cell.set(value);
        }
    });
}

fn get(setting: Setting) -> i64 {
    VALUES.with(|values| values[setting as usize].get())
}

/// Parses an integer setting as PHP users write it: optional sign and
/// digits, surrounding blanks, `on`/`off`/`true`/`false`/`yes`/`no` for the
/// flags (as php.ini reads them for booleans). `None` refuses the value.
pub fn parse_value(text: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(text).ok()?.trim();
    match text.to_ascii_lowercase().as_str() {
        "" | "off" | "false" | "no" | "none" => return Some(0),
        "on" | "true" | "yes" => return Some(1),
        _ => {}
    }
    text.parse().ok()
}

const fn entry(
    name: &'static std::ffi::CStr,
    default: &'static std::ffi::CStr,
    index: Setting,
) -> IniEntryDef {
    let mut def = IniEntryDef::new(name, default, IniEntryPermission::All);
    def.on_modify = Some(on_update_setting);
    def.mh_arg1 = std::ptr::without_provenance_mut(index as usize);
    def
}

/// `rustredis.max_pools`: pools (servers) one worker keeps.
pub const DEFAULT_MAX_POOLS: i64 = 32;
/// `rustredis.pool_idle_timeout`: seconds before an unused pool, or an idle
/// connection, is closed.
pub const DEFAULT_POOL_IDLE_TIMEOUT: i64 = 300;

/// The ini table, registered in MINIT.
pub static INI: IniEntryDefs<8> = IniEntryDefs::new([
    entry(c"rustredis.locking_enabled", c"1", Setting::LockingEnabled),
    entry(c"rustredis.lock_expire", c"0", Setting::LockExpire),
    entry(c"rustredis.lock_wait_time", c"20000", Setting::LockWaitTime),
    entry(c"rustredis.lock_retries", c"100", Setting::LockRetries),
    entry(
        c"rustredis.lock_failure_readonly",
        c"0",
        Setting::LockFailureReadonly,
    ),
    entry(c"rustredis.max_pools", c"32", Setting::MaxPools),
    entry(
        c"rustredis.pool_idle_timeout",
        c"300",
        Setting::PoolIdleTimeout,
    ),
    IniEntryDef::end(),
]);

/// The lock settings in force now (ini values, with `ini_set` changes).
pub fn lock_settings() -> LockSettings {
    let lock_expire = get(Setting::LockExpire);
    // max_execution_time matters only when lock_expire is 0.
    let max_execution_time = if lock_expire > 0 {
        0
    } else {
        ini_long(c"max_execution_time")
    };
    LockSettings::from_ini(
        get(Setting::LockingEnabled) != 0,
        lock_expire,
        max_execution_time,
        get(Setting::LockWaitTime),
        get(Setting::LockRetries),
        get(Setting::LockFailureReadonly) != 0,
    )
}

/// The pool limits, from the ini settings (the defaults for anything not
/// above 0).
pub fn pool_settings() -> PoolSettings {
    let positive = |setting, default: i64| {
        let value = get(setting);
        u64::try_from(if value > 0 { value } else { default }).unwrap_or(1)
    };
    PoolSettings {
        max_pools: usize::try_from(positive(Setting::MaxPools, DEFAULT_MAX_POOLS))
            .unwrap_or(usize::MAX),
        idle_timeout: Duration::from_secs(positive(
            Setting::PoolIdleTimeout,
            DEFAULT_POOL_IDLE_TIMEOUT,
        )),
    }
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
    fn stored_values_are_read_back() {
        store(Setting::LockWaitTime as usize, 1234);
        assert_eq!(get(Setting::LockWaitTime), 1234);
        store(99, 1);
    }
}
