//! The module entry: what rustredis registers with PHP (the class, the ini
//! table, the save handler), its dependency on the session extension, and
//! the module-wide hooks (phpinfo, request end, shutdown).

use std::ffi::c_int;
use std::ptr;

use ext_php_rs::builders::ModuleBuilder;
use ext_php_rs::ffi::{_zend_module_dep, ZEND_RESULT_CODE_SUCCESS};
use ext_php_rs::internal::{MODULE_STARTUP_INIT, ModuleStartupMutex, startup_guard};
use ext_php_rs::zend::{ModuleEntry, StaticModuleEntry};

use super::{guard, sys};

/// Everything the module registers with PHP through ext-php-rs, apart from
/// the save handler itself (registered in MINIT below).
fn registrations(builder: ModuleBuilder<'static>) -> ModuleBuilder<'static> {
    builder
        .class::<super::class::SessionHandler>()
        .info_function(module_info)
        .post_deactivate_function(post_deactivate)
        .shutdown_function(module_shutdown)
}

/// `ZEND_MOD_REQUIRED("session")`: PHP refuses to load rustredis without
/// the session extension and starts session first, so the handler can be
/// registered in our MINIT.
struct Deps([_zend_module_dep; 2]);

// SAFETY: read-only; holds only 'static C strings and nulls.
unsafe impl Sync for Deps {}

/// `MODULE_DEP_REQUIRED` from `zend_modules.h`.
const MODULE_DEP_REQUIRED: u8 = 1;

static DEPS: Deps = Deps([
    _zend_module_dep {
        name: c"session".as_ptr(),
        rel: ptr::null(),
        version: ptr::null(),
        type_: MODULE_DEP_REQUIRED,
    },
    _zend_module_dep {
        name: ptr::null(),
        rel: ptr::null(),
        version: ptr::null(),
        type_: 0,
    },
]);

static STARTUP: ModuleStartupMutex = MODULE_STARTUP_INIT;
static BUILD_ERROR: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// MINIT: ext-php-rs's registrations (class, ini), then the save handler.
/// Nothing here opens sockets or starts threads: php-fpm forks after it.
extern "C" fn module_startup(ty: c_int, module_number: c_int) -> c_int {
    startup_guard(|| {
        ext_php_rs::internal::ext_php_rs_startup();
        if let Some(startup) = STARTUP.lock().as_ref() {
            startup.startup(ty, module_number)?;
        }
        ext_php_rs::zend::IniEntryDef::register(super::ini::INI.as_slice(), module_number);
        // SAFETY: PS_MODULE is 'static; the session module keeps the pointer.
        if unsafe { sys::php_session_register_module(&raw const super::callbacks::PS_MODULE.0) }
            != ZEND_RESULT_CODE_SUCCESS
        {
            return Err(ext_php_rs::error::Error::InvalidScope);
        }
        Ok(())
    })
}

/// The extension's entry point, written by hand instead of by
/// `#[php_module]` because the module entry must declare its dependency on
/// `session`, which `ModuleBuilder` cannot express.
#[unsafe(no_mangle)]
pub extern "C" fn get_module() -> *mut ModuleEntry {
    static MODULE: StaticModuleEntry = StaticModuleEntry::new();
    MODULE.get_or_init(|| {
        let builder: ModuleBuilder = registrations(
            ModuleBuilder::new(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
                .startup_function(module_startup),
        );
        match builder.try_into() {
            Ok((mut entry, startup, owned)) => {
                entry.deps = DEPS.0.as_ptr();
                STARTUP.lock().replace(startup);
                (entry, owned)
            }
            Err(e) => {
                // get_module cannot fail; hand PHP a module whose MINIT says why.
                let _ = BUILD_ERROR.set(e.to_string());
                let fallback =
                    ModuleBuilder::new(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
                        .startup_function(failed_startup);
                match fallback.try_into() {
                    Ok((entry, _, owned)) => (entry, owned),
                    Err(_) => std::process::abort(),
                }
            }
        }
    })
}

extern "C" fn failed_startup(_ty: c_int, _module_number: c_int) -> c_int {
    ext_php_rs::internal::failed_module_startup(BUILD_ERROR.get().map_or("unknown", String::as_str))
}

/// MSHUTDOWN: stop the pools' background connects before PHP (and then
/// OpenSSL's exit handlers) tear the process down.
pub extern "C" fn module_shutdown(_ty: c_int, _module_number: c_int) -> c_int {
    guard(0, || {
        crate::connect::shutdown(std::time::Duration::from_secs(2));
        0
    })
}

/// Request-end safety net, after the session module's own shutdown wrote
/// and closed: releases any session lock still held.
pub extern "C" fn post_deactivate() -> c_int {
    guard(0, || {
        crate::session::held_locks::release_all();
        crate::store::end_request();
        0
    })
}

/// phpinfo(): one table of rows produced by [`super::info::rows`], then the
/// ini settings.
///
/// # Safety
/// Called by PHP with this module's own entry.
pub unsafe extern "C" fn module_info(module: *mut ModuleEntry) {
    guard((), || {
        ext_php_rs::info_table_start!();
        for (name, value) in super::info::rows() {
            let (Ok(name), Ok(value)) =
                (std::ffi::CString::new(name), std::ffi::CString::new(value))
            else {
                continue;
            };
            // SAFETY: two valid C strings for a two-column row.
            unsafe {
                ext_php_rs::ffi::php_info_print_table_row(2, name.as_ptr(), value.as_ptr());
            }
        }
        ext_php_rs::info_table_end!();
        // SAFETY: PHP passes its own entry for this module; the function
        // prints the module's registered ini entries.
        unsafe { sys::display_ini_entries(module) };
    });
}
