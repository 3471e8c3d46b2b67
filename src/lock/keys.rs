//! The keys of one session's lock, phpredis's names, with a hash tag on a
//! cluster so a session's keys share one slot.

use crate::store::SessionKey;

/// The keys of one session.
pub struct Keys {
    /// `<prefix><id>`
    pub data: Vec<u8>,
    /// `<prefix><id>_LOCK`
    pub lock: Vec<u8>,
    /// `<prefix><id>_LOCK_WAITERS`: the queue, waiters' tokens by arrival.
    pub waiters: Vec<u8>,
    /// `<prefix><id>_LOCK_ALIVE`: by when each waiter must ask again (or
    /// be dropped from the queue as crashed).
    pub alive: Vec<u8>,
    /// `<prefix><id>_LOCK_NEW`: a write staged until the lock is checked.
    pub staging: Vec<u8>,
    /// `<prefix><id>_USER`: the user the session is bound to (see
    /// `crate::users`); the lock's scripts derive it from the lock key.
    pub user: Vec<u8>,
    /// On a cluster, whose connection cannot pipeline: acquire by script.
    pub(super) cluster: bool,
}

impl Keys {
    /// The keys of a session.
    ///
    /// On a cluster, all of a session's keys must share a hash slot for the
    /// scripts. The data key stays phpredis's `<prefix><id>` (so sessions
    /// written by phpredis's `rediscluster` handler are read), and the other
    /// keys carry it as their hash tag: `{<prefix><id>}_LOCK`, which hashes
    /// like the data key itself. (A prefix with its own `{...}` tag already
    /// decides the slot; then the plain suffixes keep it.)
    #[must_use]
    pub fn new(key: &SessionKey) -> Self {
        let data = key.data.as_slice();
        let tag = key.cluster && !has_hash_tag(data);
        let mut lock = Vec::with_capacity(data.len() + 7);
        if tag {
            lock.push(b'{');
            lock.extend_from_slice(data);
            lock.push(b'}');
        } else {
            lock.extend_from_slice(data);
        }
        lock.extend_from_slice(b"_LOCK");
        let mut alive = Vec::with_capacity(lock.len() + 6);
        alive.extend_from_slice(&lock);
        alive.extend_from_slice(b"_ALIVE");
        let mut waiters = Vec::with_capacity(lock.len() + 8);
        waiters.extend_from_slice(&lock);
        waiters.extend_from_slice(b"_WAITERS");
        let mut staging = Vec::with_capacity(lock.len() + 4);
        staging.extend_from_slice(&lock);
        staging.extend_from_slice(b"_NEW");
        let mut user = Vec::with_capacity(lock.len());
        user.extend_from_slice(&lock[..lock.len() - 5]);
        user.extend_from_slice(b"_USER");
        Self {
            data: data.to_vec(),
            lock,
            waiters,
            alive,
            staging,
            user,
            cluster: key.cluster,
        }
    }

    /// The user binding key of a session, `Keys::new(key).user` without
    /// the other keys.
    #[must_use]
    pub fn user_of(key: &SessionKey) -> Vec<u8> {
        let data = key.data.as_slice();
        let mut user = Vec::with_capacity(data.len() + 7);
        if key.cluster && !has_hash_tag(data) {
            user.push(b'{');
            user.extend_from_slice(data);
            user.push(b'}');
        } else {
            user.extend_from_slice(data);
        }
        user.extend_from_slice(b"_USER");
        user
    }

    /// The wake-up list of the waiter with `token`: `<lock>:<token>` (in
    /// the lock's slot on a cluster), pushed by the release that hands it
    /// the lock.
    #[must_use]
    pub fn wake_of(&self, token: &str) -> Vec<u8> {
        let mut wake = Vec::with_capacity(self.lock.len() + 1 + token.len());
        wake.extend_from_slice(&self.lock);
        wake.push(b':');
        wake.extend_from_slice(token.as_bytes());
        wake
    }
}

/// True when Redis Cluster would hash `key` by a `{...}` section (a `{`
/// followed, later, by a `}` with something in between).
fn has_hash_tag(key: &[u8]) -> bool {
    key.iter().position(|b| *b == b'{').is_some_and(|open| {
        key[open + 1..]
            .iter()
            .position(|b| *b == b'}')
            .is_some_and(|len| len > 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(data: &[u8], cluster: bool) -> SessionKey {
        SessionKey {
            data: data.to_vec(),
            cluster,
            wait: None,
            prefix_len: 0,
        }
    }

    #[test]
    fn cluster_keys_share_the_data_keys_slot() {
        let k = Keys::new(&key(b"PHPREDIS_CLUSTER_SESSION:abc", true));
        assert_eq!(k.data, b"PHPREDIS_CLUSTER_SESSION:abc");
        assert_eq!(k.lock, b"{PHPREDIS_CLUSTER_SESSION:abc}_LOCK");
        assert_eq!(k.waiters, b"{PHPREDIS_CLUSTER_SESSION:abc}_LOCK_WAITERS");
        assert_eq!(k.wake_of("t"), b"{PHPREDIS_CLUSTER_SESSION:abc}_LOCK:t");
        assert_eq!(k.user, b"{PHPREDIS_CLUSTER_SESSION:abc}_USER");
        let k = Keys::new(&key(b"{app}:abc", true));
        assert_eq!(k.lock, b"{app}:abc_LOCK");
        let k = Keys::new(&key(b"{}:abc", true));
        assert_eq!(k.lock, b"{{}:abc}_LOCK");
        assert!(has_hash_tag(b"a{b}c"));
        assert!(!has_hash_tag(b"a{}c"));
        assert!(!has_hash_tag(b"a}b{c"));
    }

    #[test]
    fn keys_follow_phpredis() {
        let k = Keys::new(&key(b"PHPREDIS_SESSION:abc", false));
        assert_eq!(k.lock, b"PHPREDIS_SESSION:abc_LOCK");
        assert_eq!(k.waiters, b"PHPREDIS_SESSION:abc_LOCK_WAITERS");
        assert_eq!(k.alive, b"PHPREDIS_SESSION:abc_LOCK_ALIVE");
        assert_eq!(k.user, b"PHPREDIS_SESSION:abc_USER");
        assert_eq!(Keys::user_of(&key(b"PHPREDIS_SESSION:abc", false)), k.user);
        assert_eq!(
            Keys::user_of(&key(b"P:abc", true)),
            Keys::new(&key(b"P:abc", true)).user
        );
        assert_eq!(k.wake_of("t1"), b"PHPREDIS_SESSION:abc_LOCK:t1");
    }
}
