//! rustredis: a PHP session save handler storing sessions in Redis.
//!
//! `session.save_handler = rustredis` with a phpredis-style
//! `session.save_path`, or `session_set_save_handler(new
//! RustRedis\SessionHandler($savePath), true)`. Both use the same core.
//!
//! A request, top to bottom (each layer imports only the ones below it):
//!
//! 1. [`php`] — the FFI layer, nearly all of the `unsafe` code. PHP's session module calls
//!    [`php::callbacks`] (open, create_sid/validate_sid, read, write or
//!    update_timestamp, destroy, close); the class [`php::class`] does the
//!    same for `session_set_save_handler()`. It reads the `rustredis.*` ini
//!    values into a [`config::Config`] and turns errors into one E_WARNING.
//! 2. [`session`] — the handler logic: one [`session::Session`] per request,
//!    the lock it holds, the locks a request-end safety net releases.
//! 3. [`lock`] — the lock protocol: keys, Lua scripts, tokens.
//!    [`replicas`] — `wait_replicas`: `WAIT` in the write's pipeline.
//! 4. [`store`] — a save path's servers, routing a session to one
//!    ([`hashing`]), running its commands; per-worker caches of stores and
//!    connection pools ([`store::registry`], [`store::pool`]).
//! 5. [`connect`] — opening connections: one server, the master the
//!    Sentinels name, a cluster.
//! 6. [`save_path`] (parsing, pure), [`config`] (every setting),
//!    [`compression`] (phpredis 6's compressed formats; its `lzf` module
//!    holds the only `unsafe` outside [`php`]: liblzf's two C calls),
//!    [`error`] (the errors and their words), [`reply`] (Redis error
//!    replies in plain words), [`stats`] (the counters every worker shares), [`metrics`] (them in
//!    Prometheus's format), [`eviction`] (a server's maxmemory-policy).
//!
//! [`users`] (the optional per-user index: bind, list, revoke) sits beside
//! [`session`], on top of [`lock`] and [`store`].

#![cfg_attr(not(test), deny(unsafe_code))]

pub mod compression;
pub mod config;
pub mod connect;
pub mod error;
pub mod eviction;
pub mod hashing;
pub mod lock;
pub mod metrics;
pub mod php;
pub mod replicas;
pub mod reply;
pub mod save_path;
pub mod session;
pub mod stats;
pub mod store;
pub mod users;
