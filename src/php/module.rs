//! The module entry: what rustredis registers with PHP (the class, the ini
//! table, the save handler), its dependency on the session extension, and
//! the module-wide hooks (phpinfo, request end, shutdown).

use std::ffi::c_int;
use std::ptr;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::builders::ModuleBuilder;
use ext_php_rs::ffi::{_zend_module_dep, ZEND_RESULT_CODE_SUCCESS};
use ext_php_rs::internal::{MODULE_STARTUP_INIT, ModuleStartupMutex, startup_guard};
use ext_php_rs::types::ZendHashTable;
use ext_php_rs::zend::{ModuleEntry, StaticModuleEntry};

use super::{guard, sys};

/// `RustRedis\stats()`: the pool's counters (see [`crate::stats`]) as an
/// array of `name => int`, plus `lock_wait_ms` (`bucket upper bound =>
/// waits`, the last key `"+Inf"`), `lock_wait_sum_ms`, `scope` (`"pool"`
/// or `"process"`), and `servers`: per server label, the same counters
/// with `maxmemory_policy` and `evicts_sessions`.
#[ext_php_rs::php_function]
#[php(name = "RustRedis\\stats")]
pub fn stats() -> ZBox<ZendHashTable> {
    super::guard_with(ZendHashTable::new, || {
        let s = crate::stats::snapshot();
        let mut out = numbers_array(&s.total);
        let scope = match crate::stats::scope() {
            crate::stats::Scope::Pool => "pool",
            crate::stats::Scope::Process => "process",
        };
        let _ = out.insert("scope", scope);
        let mut servers = ZendHashTable::new();
        for server in &s.servers {
            let mut row = numbers_array(&server.numbers);
            let _ = row.insert("maxmemory_policy", server.policy.name());
            let _ = row.insert("evicts_sessions", server.policy.evicts_sessions());
            let _ = servers.insert(server.label.as_str(), row);
        }
        let _ = out.insert("servers", servers);
        out
    })
}

/// One row's counters as `name => int`, with the wait histogram.
fn numbers_array(n: &crate::stats::Numbers) -> ZBox<ZendHashTable> {
    let int = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    let mut out = ZendHashTable::new();
    for (counter, key, _) in crate::stats::COUNTERS {
        let _ = out.insert(key, int(n.get(counter)));
    }
    let mut buckets = ZendHashTable::new();
    for (i, count) in n.wait_buckets.iter().enumerate() {
        let key = crate::stats::WAIT_BUCKETS_MS
            .get(i)
            .map_or_else(|| "+Inf".to_owned(), u64::to_string);
        let _ = buckets.insert(key.as_str(), int(*count));
    }
    let _ = out.insert("lock_wait_ms", buckets);
    let _ = out.insert("lock_wait_sum_ms", int(n.wait_sum_us / 1000));
    out
}

/// `RustRedis\metrics()`: the pool's counters in Prometheus's text format
/// (see [`crate::metrics`]), for an application's `/metrics` page.
#[ext_php_rs::php_function]
#[php(name = "RustRedis\\metrics")]
pub fn metrics() -> String {
    super::guard_with(String::new, || {
        crate::metrics::render(
            &crate::stats::snapshot(),
            crate::stats::scope(),
            env!("CARGO_PKG_VERSION"),
        )
    })
}

/// `RustRedis\fingerprint(string $id)`: how rustredis's warnings, stats
/// and metrics name session `$id` (`#` and 12 hex digits), so an
/// application can log the same instead of the id.
#[ext_php_rs::php_function]
#[php(name = "RustRedis\\fingerprint")]
pub fn fingerprint(id: &ext_php_rs::types::Zval) -> String {
    super::guard_with(String::new, || {
        let bytes = id
            .zend_str()
            .map(|s| s.as_bytes().to_vec())
            .unwrap_or_default();
        crate::reply::short_id(&bytes)
    })
}

/// Everything the module registers with PHP through ext-php-rs, apart from
/// the save handler itself (registered in MINIT below).
fn registrations(builder: ModuleBuilder<'static>) -> ModuleBuilder<'static> {
    super::users::register(builder)
        .class::<super::class::SessionHandler>()
        .function(ext_php_rs::wrap_function!(stats))
        .function(ext_php_rs::wrap_function!(metrics))
        .function(ext_php_rs::wrap_function!(fingerprint))
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
        share_counters();
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
        super::regenerate::hook();
        Ok(())
    })
}

/// Maps the counters' table shared by every process forked from this one
/// (php-fpm's master runs MINIT before it forks its workers): anonymous
/// shared memory, no file, no thread, no socket. If the kernel refuses,
/// this process counts on its own.
fn share_counters() {
    let len = std::mem::size_of::<crate::stats::Table>();
    // SAFETY: an anonymous mapping (no fd, offset 0) of `len` bytes; the
    // result is checked against MAP_FAILED before use.
    let p = unsafe {
        libc::mmap(
            ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED || p.is_null() {
        return;
    }
    // SAFETY: the mapping is zero-filled, page-aligned (enough for u64) and
    // `len` bytes long, and a Table of zero atomics is a valid, empty one.
    // It is never unmapped: it lives as long as the process (and the
    // children that inherit it), so the reference is 'static.
    let table: &'static crate::stats::Table = unsafe { &*p.cast::<crate::stats::Table>() };
    crate::stats::install(table);
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
        super::regenerate::unhook();
        0
    })
}

/// Request-end safety net, after the session module's own shutdown wrote
/// and closed: releases any session lock still held.
pub extern "C" fn post_deactivate() -> c_int {
    guard(0, || {
        crate::session::held_locks::release_all();
        crate::store::end_request();
        crate::users::request::end();
        // The next request's first events (a malformed save path) are
        // not this request's server's.
        crate::stats::attribute_to_none();
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
