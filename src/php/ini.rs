//! The `rustredis.*` ini table as PHP sees it: registered from
//! [`crate::config::SETTINGS`], with one update handler that keeps the
//! current values, and [`current`], the [`Config`] a request runs with.
//!
//! PHP calls the update handler whenever a value changes (startup,
//! php.ini, `ini_set`, and the restore at request end; on ZTS also at each
//! thread's start), so the current values sit in this thread's cells and a
//! request reads them without an ini table lookup.

use std::cell::Cell;
use std::ffi::{c_int, c_void};

use ext_php_rs::ffi::{ZEND_RESULT_CODE_FAILURE, ZEND_RESULT_CODE_SUCCESS, zend_string};
use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::zend::{IniEntryDef, IniEntryDefs};

use super::{bytes, guard, ini_long};
use crate::config::{self, COUNT, Config, SETTINGS};

thread_local! {
    /// Current values; the defaults until PHP's startup calls the handler.
    static VALUES: [Cell<i64>; COUNT] = config::defaults().map(Cell::new);
}

/// Records a new value of setting `index` (from the update handler).
fn store(index: usize, value: i64) {
    VALUES.with(|values| {
        if let Some(cell) = values.get(index) {
            cell.set(value);
        }
    });
}

/// The settings this request runs with.
#[must_use]
pub fn current() -> Config {
    let values = VALUES.with(|values| values.each_ref().map(Cell::get));
    // max_execution_time matters only when lock_expire is 0.
    let max_execution_time = if values[config::Id::LockExpire as usize] > 0 {
        0
    } else {
        ini_long(c"max_execution_time")
    };
    Config::from_values(&values, max_execution_time)
}

/// Whether `session.serialize_handler` writes text (`php`,
/// `php_serialize`). Asked only for data whose first byte could start an
/// LZF value ([`crate::session::Session::set_serializer_probe`]), not on
/// every request.
pub fn serializer_is_text() -> bool {
    super::ini_is(c"session.serialize_handler", &[b"php", b"php_serialize"])
}

/// The ini table, registered in MINIT: one entry per setting, then the end
/// marker.
pub static INI: IniEntryDefs<{ COUNT + 1 }> = IniEntryDefs::new(entries());

const fn entries() -> [IniEntryDef; COUNT + 1] {
    let mut defs = [const { IniEntryDef::end() }; COUNT + 1];
    let mut i = 0;
    while i < COUNT {
        let mut def = IniEntryDef::new(
            SETTINGS[i].name,
            SETTINGS[i].default,
            IniEntryPermission::All,
        );
        def.on_modify = Some(on_update_setting);
        // The handler learns which setting changed from mh_arg1.
        def.mh_arg1 = std::ptr::without_provenance_mut(i);
        defs[i] = def;
        i += 1;
    }
    defs
}

/// The update handler of every `rustredis.*` setting: PHP calls it with
/// each new value; `mh_arg1` carries the setting's index. A value that is
/// not a number is refused (`ini_set()` returns false); an unknown codec
/// name is kept, and sessions then fail with a warning naming it.
///
/// # Safety
/// Called by PHP's ini machinery with a valid (or null) `zend_string`.
pub unsafe extern "C" fn on_update_setting(
    _entry: *mut ext_php_rs::ffi::zend_ini_entry,
    new_value: *mut zend_string,
    mh_arg1: *mut c_void,
    _mh_arg2: *mut c_void,
    _mh_arg3: *mut c_void,
    _stage: c_int,
) -> c_int {
    guard(ZEND_RESULT_CODE_FAILURE, || {
        // SAFETY: PHP passes the new value as a live zend_string.
        let text = unsafe { bytes(new_value) };
        match config::parse_setting(mh_arg1 as usize, text) {
            Some(value) => {
                store(mh_arg1 as usize, value);
                ZEND_RESULT_CODE_SUCCESS
            }
            None => ZEND_RESULT_CODE_FAILURE,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_values_are_read_back() {
        store(config::Id::LockWaitTime as usize, 1234);
        assert_eq!(
            VALUES.with(|v| v[config::Id::LockWaitTime as usize].get()),
            1234
        );
        store(99, 1);
    }
}
