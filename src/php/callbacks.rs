//! The `ps_module` PHP's session module calls, its callbacks in the order
//! PHP calls them: open, create_sid / validate_sid, read, write or
//! update_timestamp, destroy, gc, close. Each converts pointers, calls the
//! core, and reports an error as one E_WARNING and `FAILURE`.

use std::ffi::c_void;
use std::ptr;

use ext_php_rs::ffi::{
    ZEND_RESULT_CODE_FAILURE, ZEND_RESULT_CODE_SUCCESS, zend_long, zend_result, zend_string,
};

use super::{
    HANDLER_NAME, bytes, compat, guard, guard_with, new_zend_string, php_create_id, report,
    session, sys, warn,
};
use crate::session::Session;

fn result(r: crate::error::Result<()>) -> zend_result {
    match r {
        Ok(()) => ZEND_RESULT_CODE_SUCCESS,
        Err(e) => {
            report(&e);
            ZEND_RESULT_CODE_FAILURE
        }
    }
}

/// Shows the warnings a call left although it succeeded.
fn notice(session: &mut Session) {
    for text in session.take_notices() {
        warn(&text);
    }
}

unsafe extern "C" fn ps_open(
    mod_data: *mut *mut c_void,
    save_path: compat::OpenArg,
    _session_name: compat::OpenArg,
) -> zend_result {
    guard(ZEND_RESULT_CODE_FAILURE, || {
        // SAFETY: PHP passes its save_path for the duration of the call.
        let path = unsafe { compat::open_arg(save_path) };
        // SAFETY: mod_data is PS(mod_data).
        if !unsafe { *mod_data }.is_null() {
            // session_reset() opens again without closing: keep the session
            // (and the lock it holds) instead of leaking it.
            return ZEND_RESULT_CODE_SUCCESS;
        }
        match crate::session::open(path, &super::ini::current()) {
            Ok(mut session) => {
                session.set_serializer_probe(Some(super::ini::serializer_is_text));
                // SAFETY: mod_data is PS(mod_data); it is ours until close.
                unsafe { *mod_data = Box::into_raw(Box::new(session)).cast() };
                ZEND_RESULT_CODE_SUCCESS
            }
            Err(e) => result(Err(e)),
        }
    })
}

unsafe extern "C" fn ps_close(mod_data: *mut *mut c_void) -> zend_result {
    guard(ZEND_RESULT_CODE_FAILURE, || {
        // SAFETY: the slot holds null or our Box<Session>; we take it back
        // and clear the slot so nothing can use it again.
        unsafe {
            let raw = (*mod_data).cast::<Session>();
            *mod_data = ptr::null_mut();
            if !raw.is_null() {
                drop(Box::from_raw(raw));
            }
        }
        ZEND_RESULT_CODE_SUCCESS
    })
}

unsafe extern "C" fn ps_read(
    mod_data: *mut *mut c_void,
    key: *mut zend_string,
    val: *mut *mut zend_string,
    _maxlifetime: zend_long,
) -> zend_result {
    guard(ZEND_RESULT_CODE_FAILURE, || {
        // SAFETY: see `session` and `bytes`; PHP keeps them alive.
        let (Some(session), id) = (unsafe { session(mod_data) }, unsafe { bytes(key) }) else {
            return ZEND_RESULT_CODE_FAILURE;
        };
        let read = session.read(id);
        notice(session);
        match read {
            Ok(data) => {
                // SAFETY: val is PHP's out-parameter; it takes ownership.
                unsafe { *val = new_zend_string(&data) };
                ZEND_RESULT_CODE_SUCCESS
            }
            Err(e) => result(Err(e)),
        }
    })
}

unsafe extern "C" fn ps_write(
    mod_data: *mut *mut c_void,
    key: *mut zend_string,
    val: *mut zend_string,
    maxlifetime: zend_long,
) -> zend_result {
    // SAFETY: PHP's arguments to s_write, passed on unchanged.
    unsafe {
        with_data(mod_data, key, val, |s, id, data| {
            s.write(id, data, maxlifetime)
        })
    }
}

/// write and update_timestamp: the session, the id and the data from PHP's
/// pointers, `op` on them, its warning (if any) shown, FAILURE on error.
///
/// # Safety
/// `mod_data`, `key` and `val` as PHP passes them to `s_write`.
unsafe fn with_data(
    mod_data: *mut *mut c_void,
    key: *mut zend_string,
    val: *mut zend_string,
    op: impl FnOnce(&mut Session, &[u8], &[u8]) -> crate::error::Result<()>,
) -> zend_result {
    guard(ZEND_RESULT_CODE_FAILURE, || {
        // SAFETY: see `session` and `bytes`; PHP keeps them alive.
        let (Some(session), id, data) = (
            unsafe { session(mod_data) },
            unsafe { bytes(key) },
            unsafe { bytes(val) },
        ) else {
            return ZEND_RESULT_CODE_FAILURE;
        };
        let done = op(session, id, data);
        notice(session);
        result(done)
    })
}

unsafe extern "C" fn ps_destroy(mod_data: *mut *mut c_void, key: *mut zend_string) -> zend_result {
    guard(ZEND_RESULT_CODE_FAILURE, || {
        // SAFETY: see `session` and `bytes`; PHP keeps them alive.
        let (Some(session), id) = (unsafe { session(mod_data) }, unsafe { bytes(key) }) else {
            return ZEND_RESULT_CODE_FAILURE;
        };
        let destroyed = session.destroy(id);
        notice(session);
        result(destroyed)
    })
}

unsafe extern "C" fn ps_gc(
    _mod_data: *mut *mut c_void,
    _maxlifetime: zend_long,
    nrdels: *mut zend_long,
) -> zend_long {
    // Redis expires sessions by TTL: nothing to collect.
    // SAFETY: nrdels is PHP's out-parameter (or null).
    if let Some(n) = unsafe { nrdels.as_mut() } {
        *n = 0;
    }
    0
}

/// PHP's own id, unchecked against Redis; never NULL: PHP's
/// `SessionHandler::create_sid()` returns what `s_create_sid` gives without
/// a NULL check (a NULL there is a segfault). PHP's generator warns itself
/// in the one case it fails (no randomness); the empty id then makes
/// session_start() fail cleanly.
fn unchecked_sid() -> *mut zend_string {
    new_zend_string(&php_create_id().unwrap_or_default())
}

unsafe extern "C" fn ps_create_sid(mod_data: *mut *mut c_void) -> *mut zend_string {
    guard_with(unchecked_sid, || {
        // SAFETY: see `session`.
        let Some(session) = (unsafe { session(mod_data) }) else {
            // Not opened (a SessionHandler subclass that skipped
            // parent::open()): like the files handler, a fresh id.
            return unchecked_sid();
        };
        match session.create_sid(php_create_id) {
            Ok(id) => new_zend_string(&id),
            Err(e) => {
                // Warn, hand back PHP's own unchecked id, and let the read
                // that follows fail the session (without a second warning).
                report(&e);
                unchecked_sid()
            }
        }
    })
}

unsafe extern "C" fn ps_validate_sid(
    mod_data: *mut *mut c_void,
    key: *mut zend_string,
) -> zend_result {
    guard(ZEND_RESULT_CODE_FAILURE, || {
        // SAFETY: see `session` and `bytes`; PHP keeps them alive.
        let (Some(session), id) = (unsafe { session(mod_data) }, unsafe { bytes(key) }) else {
            return ZEND_RESULT_CODE_FAILURE;
        };
        match session.validate(id) {
            Ok(true) => ZEND_RESULT_CODE_SUCCESS,
            Ok(false) => ZEND_RESULT_CODE_FAILURE,
            Err(e) => {
                // Redis unreachable is not "unknown id": FAILURE would make
                // PHP send a new session cookie and log the user out for
                // good. Keep the id; the read that follows fails closed.
                report(&e);
                ZEND_RESULT_CODE_SUCCESS
            }
        }
    })
}

unsafe extern "C" fn ps_update_timestamp(
    mod_data: *mut *mut c_void,
    key: *mut zend_string,
    val: *mut zend_string,
    maxlifetime: zend_long,
) -> zend_result {
    // SAFETY: PHP's arguments to s_update_timestamp (as s_write's).
    unsafe {
        with_data(mod_data, key, val, |s, id, data| {
            s.update_timestamp(id, data, maxlifetime)
        })
    }
}

/// The `ps_module` PHP's session module calls; immutable and process-wide,
/// as a C extension's `static ps_module`.
pub(super) struct PsModule(pub(super) sys::ps_module);

// SAFETY: read-only after construction; holds only a 'static C string and
// function pointers.
unsafe impl Sync for PsModule {}

pub(super) static PS_MODULE: PsModule = PsModule(sys::ps_module {
    s_name: HANDLER_NAME.as_ptr(),
    s_open: Some(ps_open),
    s_close: Some(ps_close),
    s_read: Some(ps_read),
    s_write: Some(ps_write),
    s_destroy: Some(ps_destroy),
    s_gc: Some(ps_gc),
    s_create_sid: Some(ps_create_sid),
    s_validate_sid: Some(ps_validate_sid),
    s_update_timestamp: Some(ps_update_timestamp),
});
