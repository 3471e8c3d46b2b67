//! rustredis: a PHP session save handler storing sessions in Redis.
//!
//! `session.save_handler = rustredis` with a phpredis-style
//! `session.save_path`, or `session_set_save_handler(new
//! RustRedis\SessionHandler($savePath), true)`. Both use the same core.
//!
//! Layout: [`save_path`] parses the save path (pure), [`hashing`] maps a
//! session id to a server, [`store`] runs commands on a save path's
//! servers, [`pool`] holds one server's connections, [`registry`] caches
//! stores and pools per worker, [`replicas`] handles `wait_replicas`,
//! [`connect`] opens connections ([`fail_fast`] wraps them),
//! [`session`] is the handler logic, [`class`] the PHP class, [`info`] the
//! phpinfo section, and [`ffi`] (the only `unsafe` module) the thin shell
//! PHP's session module calls.

#![cfg_attr(not(test), deny(unsafe_code))]

pub mod class;
pub mod connect;
pub mod error;
pub mod fail_fast;
pub mod ffi;
pub mod hashing;
pub mod info;
pub mod lock;
pub mod pool;
pub mod registry;
pub mod replicas;
pub mod reply;
pub mod save_path;
pub mod session;
pub mod settings;
pub mod store;

use ext_php_rs::builders::ModuleBuilder;

/// Everything the module registers with PHP, apart from the save handler
/// itself (registered in MINIT by [`ffi`]).
pub fn module(builder: ModuleBuilder<'static>) -> ModuleBuilder<'static> {
    builder
        .class::<class::SessionHandler>()
        .info_function(ffi::module_info)
        .post_deactivate_function(ffi::post_deactivate)
        .shutdown_function(ffi::module_shutdown)
}
