//! What one request knows about its session's user, across the session
//! objects PHP makes and drops within it (`session_regenerate_id()` closes
//! the old session and opens a new one): a `bind_user()` waiting for the
//! next write, the binding a regenerated id inherits, the current id.
//! Per thread (a ZTS thread runs one request at a time), cleared at
//! request end.

use std::cell::{Cell, RefCell};

#[derive(Default)]
struct State {
    /// `RustRedis\bind_user()`: bind the next write's session to this user.
    pending: Option<Vec<u8>>,
    /// The session this request works on (read, checked or created last).
    current: Option<Vec<u8>>,
    /// A bound session this request wrote or destroyed, and the id created
    /// after it (a regenerated one), which inherits the binding.
    carry: Option<Carry>,
    /// This request revoked its own session: its writes are skipped.
    revoked: Option<Vec<u8>>,
}

struct Carry {
    user: Vec<u8>,
    from: Vec<u8>,
    to: Option<Vec<u8>>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
    /// `session_regenerate_id()` is running (see `php::regenerate`).
    static REGENERATING: Cell<bool> = const { Cell::new(false) };
}

/// `session_regenerate_id()` starts (true) or ends (false).
pub fn set_regenerating(on: bool) {
    REGENERATING.with(|r| r.set(on));
}

fn regenerating() -> bool {
    REGENERATING.with(Cell::get)
}

fn with<T>(f: impl FnOnce(&mut State) -> T) -> T {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

/// `bind_user()`: the next write binds its session to `user` (a user key).
pub fn set_pending(user: Vec<u8>) {
    with(|s| s.pending = Some(user));
}

/// The user a `bind_user()` of this request waits to bind.
#[must_use]
pub fn pending() -> Option<Vec<u8>> {
    with(|s| s.pending.clone())
}

/// The pending binding was written.
pub fn clear_pending() {
    with(|s| s.pending = None);
}

/// The session this request works on now.
pub fn set_current(id: &[u8]) {
    with(|s| {
        if s.current.as_deref() != Some(id) {
            s.current = Some(id.to_vec());
        }
    });
}

/// The id of the session this request works on, if any.
#[must_use]
pub fn current() -> Option<Vec<u8>> {
    with(|s| s.current.clone())
}

/// Session `id`, bound to `user`, was written or destroyed by
/// `session_regenerate_id()`: the id it creates next takes the binding over.
pub fn note_bound(id: &[u8], user: &[u8]) {
    if !regenerating() {
        return;
    }
    with(|s| {
        s.carry = Some(Carry {
            user: user.to_vec(),
            from: id.to_vec(),
            to: None,
        });
    });
}

/// A new id was created: by `session_regenerate_id()` after it wrote or
/// destroyed a bound session, the new id inherits its binding.
pub fn created(id: &[u8]) {
    if !regenerating() {
        return;
    }
    with(|s| {
        if let Some(carry) = &mut s.carry
            && carry.to.is_none()
            && carry.from != id
        {
            carry.to = Some(id.to_vec());
        }
    });
}

/// The binding `id` inherits (user, replaced id), if it was created after
/// a bound session of this request.
#[must_use]
pub fn inherited(id: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    with(|s| {
        s.carry
            .as_ref()
            .filter(|c| c.to.as_deref() == Some(id))
            .map(|c| (c.user.clone(), c.from.clone()))
    })
}

/// This request revoked its own session `id`.
pub fn set_revoked(id: &[u8]) {
    with(|s| s.revoked = Some(id.to_vec()));
}

/// Whether this request revoked session `id` itself.
#[must_use]
pub fn is_revoked(id: &[u8]) -> bool {
    with(|s| s.revoked.as_deref() == Some(id))
}

/// The request ends.
pub fn end() {
    with(|s| *s = State::default());
    set_regenerating(false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regenerated_id_inherits_the_binding_once() {
        end();
        note_bound(b"old", b"alice");
        created(b"new");
        assert_eq!(
            inherited(b"new"),
            None,
            "only session_regenerate_id() hands it on"
        );
        set_regenerating(true);
        note_bound(b"old", b"alice");
        assert_eq!(inherited(b"new"), None);
        created(b"old");
        assert_eq!(inherited(b"old"), None);
        created(b"new");
        created(b"other");
        assert_eq!(
            inherited(b"new"),
            Some((b"alice".to_vec(), b"old".to_vec()))
        );
        assert_eq!(inherited(b"other"), None);
        end();
        assert_eq!(inherited(b"new"), None);
        assert_eq!(current(), None);
    }
}
