//! `session_regenerate_id()`, wrapped: while it runs, the new id it makes
//! inherits the old one's user binding ([`crate::users::request`]). PHP
//! closes the old session and opens the new one exactly as a request that
//! starts a second session does, so the session callbacks alone cannot
//! tell the two apart.
//!
//! The handler is swapped in the function table in MINIT (before php-fpm
//! forks, or a threaded server starts the threads that copy the table) and
//! put back in MSHUTDOWN.

use std::sync::OnceLock;

use ext_php_rs::ffi::{
    ZEND_INTERNAL_FUNCTION, ext_php_rs_compiler_globals, zend_execute_data, zend_function,
    zend_hash_str_find_ptr_lc, zval,
};

type Handler = unsafe extern "C" fn(*mut zend_execute_data, *mut zval);

/// `session_regenerate_id()`'s own handler.
static ORIGINAL: OnceLock<Handler> = OnceLock::new();

const NAME: &std::ffi::CStr = c"session_regenerate_id";

/// The internal function's handler slot, if PHP has the function.
fn slot() -> Option<&'static mut Option<Handler>> {
    // SAFETY: MINIT and MSHUTDOWN run before and after any request, where
    // CG(function_table) is the process's table of functions (EG's is not
    // set yet). The lookup only reads it and returns the entry or NULL; an
    // internal function's entry lives as long as the table. The union is
    // read as `internal_function` only once `type_` says it is one.
    unsafe {
        let globals = ext_php_rs_compiler_globals().as_ref()?;
        let table = globals.function_table;
        if table.is_null() {
            return None;
        }
        let f = zend_hash_str_find_ptr_lc(table, NAME.as_ptr(), NAME.count_bytes())
            .cast::<zend_function>();
        let f = f.as_mut()?;
        if u32::from(f.type_) != ZEND_INTERNAL_FUNCTION {
            return None;
        }
        Some(&mut f.internal_function.handler)
    }
}

unsafe extern "C" fn regenerate(execute_data: *mut zend_execute_data, return_value: *mut zval) {
    crate::users::request::set_regenerating(true);
    if let Some(original) = ORIGINAL.get() {
        // SAFETY: PHP's own handler, called with the arguments PHP gave us.
        unsafe { original(execute_data, return_value) };
    }
    crate::users::request::set_regenerating(false);
}

/// MINIT: wraps `session_regenerate_id()`.
pub fn hook() {
    if let Some(handler) = slot()
        && let Some(original) = *handler
        && ORIGINAL.set(original).is_ok()
    {
        *handler = Some(regenerate);
    }
}

/// MSHUTDOWN: puts PHP's own handler back.
pub fn unhook() {
    if let (Some(handler), Some(original)) = (slot(), ORIGINAL.get()) {
        *handler = Some(*original);
    }
}
