//! Generates Rust bindings for the parts of PHP's session module that
//! ext-php-rs does not bind (`ps_module`, `php_session_register_module`, ...).
//!
//! The include paths come from `php-config`, so the bindings always match the
//! PHP the extension is built for. Types ext-php-rs already binds
//! (`zend_string`, `zend_long`, ...) are reused, not generated twice.

use std::env;
use std::path::PathBuf;
use std::process::Command;

const INSTALL_HINT: &str = "install the PHP development files and libclang \
    (Debian/Ubuntu: apt-get install php8.2-dev libclang-dev clang), \
    or point PHP_CONFIG at the php-config of the PHP to build for";

fn php_config(arg: &str) -> String {
    let exe = env::var("PHP_CONFIG").unwrap_or_else(|_| "php-config".to_owned());
    let output = Command::new(&exe).arg(arg).output().unwrap_or_else(|e| {
        panic!("rustredis build: cannot run `{exe} {arg}` ({e}): {INSTALL_HINT}")
    });
    assert!(
        output.status.success(),
        "rustredis build: `{exe} {arg}` failed: {INSTALL_HINT}"
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// The PHP versions whose session-module or Zend API differs, as `phpXY`
/// cfgs meaning "at least X.Y" (as ext-php-rs names its own). What each one
/// changes is written where it is used, in `src/php/mod.rs`'s `compat` module.
const VERSION_CFGS: [(&str, u32); 3] = [("php84", 80400), ("php85", 80500), ("php86", 80600)];

fn emit_version_cfgs() {
    let names: Vec<&str> = VERSION_CFGS.iter().map(|(name, _)| *name).collect();
    println!("cargo::rustc-check-cfg=cfg({})", names.join(", "));
    let vernum: u32 = php_config("--vernum").parse().unwrap_or_else(|e| {
        panic!("rustredis build: `php-config --vernum` is not a number ({e}): {INSTALL_HINT}")
    });
    assert!(
        vernum >= 80200,
        "rustredis build: PHP {vernum} is too old; rustredis needs PHP 8.2 or newer"
    );
    for (name, min) in VERSION_CFGS {
        if vernum >= min {
            println!("cargo::rustc-cfg={name}");
        }
    }
}

/// `php_zts` when the PHP is thread-safe (`#define ZTS 1` in its
/// `main/php_config.h`): a process then serves requests on many threads at
/// once, which the connection pools are sized for.
fn emit_zts_cfg(includes: &[String]) {
    println!("cargo::rustc-check-cfg=cfg(php_zts)");
    let zts = includes.iter().any(|flag| {
        let header = PathBuf::from(flag.trim_start_matches("-I")).join("main/php_config.h");
        std::fs::read_to_string(header)
            .is_ok_and(|text| text.lines().any(|l| l.trim() == "#define ZTS 1"))
    });
    if zts {
        println!("cargo::rustc-cfg=php_zts");
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/session_wrapper.h");
    println!("cargo:rerun-if-env-changed=PHP_CONFIG");
    // PHP dlclose()s extensions at shutdown, but our r2d2 thread and
    // OpenSSL's exit handlers still point into this library: keep it mapped.
    println!("cargo:rustc-cdylib-link-arg=-Wl,-z,nodelete");

    emit_version_cfgs();

    let includes: Vec<String> = php_config("--includes")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let has_session_header = includes.iter().any(|flag| {
        let dir = flag.trim_start_matches("-I");
        PathBuf::from(dir)
            .join("ext/session/php_session.h")
            .exists()
    });
    assert!(
        has_session_header,
        "rustredis build: ext/session/php_session.h not found in `php-config --includes`: {INSTALL_HINT}"
    );
    emit_zts_cfg(&includes);

    let builder = bindgen::Builder::default()
        .header("src/session_wrapper.h")
        .clang_args(&includes)
        .allowlist_type("ps_module_struct")
        .allowlist_type("ps_module")
        .allowlist_function("php_session_register_module")
        .allowlist_function("php_session_create_id")
        .allowlist_function("php_session_valid_key")
        .allowlist_function("zend_ini_long")
        .allowlist_function("zend_ini_double")
        .allowlist_function("zend_ini_string")
        .allowlist_function("display_ini_entries")
        .allowlist_var("php_session_iface_entry")
        .allowlist_var("php_session_id_iface_entry")
        .allowlist_var("php_session_update_timestamp_iface_entry")
        // Only these items: the zend types they mention come from
        // ext-php-rs's bindings instead of clashing copies.
        .allowlist_recursively(false)
        .raw_line("use ext_php_rs::ffi::{zend_class_entry, zend_long, zend_module_entry, zend_result, zend_string};")
        .layout_tests(false)
        .generate_comments(false);

    // bindgen panics when libclang cannot be loaded; say what to install instead.
    let bindings =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || builder.generate()))
            .unwrap_or_else(|_| {
                panic!("rustredis build: libclang could not be loaded: {INSTALL_HINT}")
            })
            .unwrap_or_else(|e| {
                panic!("rustredis build: bindgen failed on php_session.h ({e}): {INSTALL_HINT}")
            });

    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    bindings
        .write_to_file(out.join("session_bindings.rs"))
        .expect("rustredis build: cannot write session bindings to OUT_DIR");
}
