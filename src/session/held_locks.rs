//! The locks held in this process, so the request-end safety net can
//! release those no callback released (a framework that never calls
//! `close()`, a fatal error at an odd moment).

use std::cell::RefCell;
use std::sync::Arc;

use crate::lock::{self, Keys, Release};
use crate::store::Store;

/// One lock this thread may hold.
struct Entry {
    store: Arc<Store>,
    id: Vec<u8>,
    token: String,
    /// A live session holds it. Otherwise its state is unknown (the
    /// acquire's answer or the release failed): the lock may still be
    /// ours, and the next request of the session may take the token over.
    held: bool,
}

// Per thread: a request runs on one thread (ZTS servers run several at
// once), and the request-end safety net must only release its own.
thread_local! {
    static HELD: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// Registers `token` before asking for the lock (state unknown).
pub(super) fn add(store: &Arc<Store>, id: &[u8], token: &str) {
    HELD.with_borrow_mut(|held| {
        if !held.iter().any(|e| e.token == token) {
            held.push(Entry {
                store: Arc::clone(store),
                id: id.to_vec(),
                token: token.to_owned(),
                held: false,
            });
        }
    });
}

/// The lock is held by a live session now.
pub(super) fn mark_held(token: &str, held: bool) {
    HELD.with_borrow_mut(|entries| {
        if let Some(e) = entries.iter_mut().find(|e| e.token == token) {
            e.held = held;
        }
    });
}

/// Forgets a lock that was released (or never had).
pub(super) fn remove(token: &str) {
    HELD.with_borrow_mut(|held| held.retain(|e| e.token != token));
}

/// Takes over the token of a lock on `id` whose state is unknown (its
/// release failed, or the answer to its acquire was lost in a
/// failover), so this request of the same session asks with it. A lock
/// a live session holds is never handed out.
pub(super) fn take_unknown(store: &Arc<Store>, id: &[u8]) -> Option<String> {
    HELD.with_borrow_mut(|held| {
        let i = held
            .iter()
            .position(|e| !e.held && Arc::ptr_eq(&e.store, store) && e.id == id)?;
        Some(held.swap_remove(i).token)
    })
}

/// Releases every lock this thread may still hold; returns how many.
pub fn release_all() -> usize {
    let held = HELD.with_borrow_mut(std::mem::take);
    let n = held.len();
    for e in held {
        let _ = e.store.exec(&e.id, |conn, key| {
            lock::release(
                conn,
                &Keys::new(key),
                &e.token,
                &Release::Only,
                &lock::UserArgs::default(),
                None,
            )
        });
    }
    n
}
