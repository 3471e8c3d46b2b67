//! Servers that failed at connection level (refused, timed out, reset) in
//! the running request: the rest of the request, the lock release and the
//! request-end safety net included, fails at once for them instead of
//! waiting out another timeout. Per thread (a request runs on one), cleared
//! when the request ends, and forgotten after [`DOWN_FOR`] so a long-running
//! CLI loop tries again once the server is back.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use super::pool::ServerPool;

/// How long a failed server is left alone within one request.
const DOWN_FOR: Duration = Duration::from_secs(1);

thread_local! {
    static DOWN: RefCell<Vec<(usize, Instant)>> = const { RefCell::new(Vec::new()) };
}

/// A pool outlives the request that uses it (its store holds it).
fn id(pool: &ServerPool) -> usize {
    std::ptr::from_ref(pool).addr()
}

pub fn is_down(host: &ServerPool) -> bool {
    DOWN.with_borrow_mut(|down| {
        down.retain(|(_, at)| at.elapsed() < DOWN_FOR);
        down.iter().any(|(h, _)| *h == id(host))
    })
}

pub fn mark(host: &ServerPool) {
    DOWN.with_borrow_mut(|down| {
        down.retain(|(h, _)| *h != id(host));
        down.push((id(host), Instant::now()));
    });
}

pub fn clear() {
    DOWN.with_borrow_mut(Vec::clear);
}
