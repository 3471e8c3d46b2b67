//! The `rustredis.*` ini settings (php.ini and `ini_set`), and the lock
//! settings of one request read from them.

use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::zend::{IniEntryDef, IniEntryDefs};

use crate::ffi::ini_long;
use crate::lock::LockSettings;

/// The ini table, registered in MINIT. Values are read when a session opens.
pub static INI: IniEntryDefs<6> = IniEntryDefs::new([
    IniEntryDef::new(c"rustredis.locking_enabled", c"1", IniEntryPermission::All),
    IniEntryDef::new(c"rustredis.lock_expire", c"0", IniEntryPermission::All),
    IniEntryDef::new(
        c"rustredis.lock_wait_time",
        c"20000",
        IniEntryPermission::All,
    ),
    IniEntryDef::new(c"rustredis.lock_retries", c"100", IniEntryPermission::All),
    IniEntryDef::new(
        c"rustredis.lock_failure_readonly",
        c"0",
        IniEntryPermission::All,
    ),
    IniEntryDef::end(),
]);

/// The lock settings in force now (ini values, with `ini_set` changes).
pub fn lock_settings() -> LockSettings {
    LockSettings::from_ini(
        ini_long(c"rustredis.locking_enabled") != 0,
        ini_long(c"rustredis.lock_expire"),
        ini_long(c"max_execution_time"),
        ini_long(c"rustredis.lock_wait_time"),
        ini_long(c"rustredis.lock_retries"),
        ini_long(c"rustredis.lock_failure_readonly") != 0,
    )
}
