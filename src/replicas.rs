//! `wait_replicas`: a write counts once Redis `WAIT` says enough replicas
//! have it, so a failover cannot lose a write PHP was told succeeded.
//!
//! `WAIT` only means something on the connection that took the write (it
//! waits for that client's last write), so it rides in the same pipeline,
//! right behind the write: on a cluster that pipeline goes to the master of
//! the session's slot (redis-rs routes a packed pipeline by its first
//! command, and follows MOVED/ASK with all of it), on Sentinel to the master.
//! It is sent once: a shortfall is reported, never waited for again, and the
//! lock was released by the write in front of it.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use redis::cluster_routing::Slot;
use redis::{ConnectionLike, Pipeline, RedisResult, Value};

/// What a write waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wait {
    /// `wait_replicas`
    pub replicas: u32,
    /// `wait_timeout`
    pub timeout: Duration,
    /// `wait_degraded=accept`
    pub accept_degraded: bool,
}

impl Wait {
    /// `wait_timeout` in whole milliseconds, at least 1 (0 would make
    /// `WAIT` block forever).
    #[must_use]
    pub fn timeout_ms(&self) -> u64 {
        u64::try_from(self.timeout.as_millis())
            .unwrap_or(u64::MAX)
            .max(1)
    }
}

/// Runs `pipe` and, with `wait`, `WAIT` behind it: one round trip on one
/// connection (the one that took the write). Returns the pipeline's replies
/// and how many replicas confirmed.
///
/// # Errors
/// I/O errors, and the first error reply of the pipeline's own commands.
pub fn send(
    conn: &mut dyn ConnectionLike,
    pipe: &Pipeline,
    wait: Option<&Wait>,
) -> RedisResult<(Vec<Value>, Option<u32>)> {
    let n = pipe.len();
    // Packed by hand: redis-rs's `Pipeline::query` refuses a cluster
    // connection, whose `req_packed_commands` sends the whole pipeline to
    // the node of its first command, which is what WAIT needs. WAIT is
    // appended to the packed bytes, so the pipeline (and the session data
    // in it) is not copied.
    let mut packed = pipe.get_packed_pipeline();
    if let Some(wait) = wait {
        redis::cmd("WAIT")
            .arg(wait.replicas)
            .arg(wait.timeout_ms())
            .write_packed_command(&mut packed);
    }
    let count = n + usize::from(wait.is_some());
    let mut replies = conn.req_packed_commands(&packed, 0, count)?;
    let acked = if wait.is_some() {
        let reply = replies.pop().unwrap_or(Value::Nil).extract_error()?;
        Some(redis::from_redis_value::<u32>(reply)?)
    } else {
        None
    };
    replies.truncate(n);
    let replies = replies
        .into_iter()
        .map(Value::extract_error)
        .collect::<RedisResult<Vec<_>>>()?;
    Ok((replies, acked))
}

/// A write that reached the master but fewer replicas than asked confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// The master that took the write, without credentials.
    pub server: String,
    /// Replicas that confirmed it.
    pub acked: u32,
    /// `wait_replicas`
    pub wanted: u32,
    /// `wait_timeout` in ms.
    pub timeout_ms: u64,
}

impl fmt::Display for Shortfall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "session written to Redis at {} but only {} of {} replicas confirmed it within {} ms",
            self.server, self.acked, self.wanted, self.timeout_ms
        )
    }
}

/// What became of a write's replication.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No wait asked, or enough replicas confirmed.
    Confirmed,
    /// Too few confirmed and `wait_degraded=refuse`: the write is reported
    /// failed.
    Refused(Shortfall),
    /// Too few confirmed and `wait_degraded=accept`: it counts; `warn` is
    /// set for the first such write to this server in this worker.
    Accepted {
        /// What fell short.
        shortfall: Shortfall,
        /// Warn about it (first since this server last confirmed).
        warn: bool,
    },
}

/// The servers of one store that fell short while writes were accepted
/// (`wait_degraded=accept`), so each is warned about once per worker until
/// it confirms a write again. On a cluster a server is a shard's master,
/// known by the slots that fell short on it.
#[derive(Default)]
pub struct Degraded {
    any: AtomicBool,
    servers: Mutex<HashMap<String, HashSet<Slot>>>,
}

impl Degraded {
    /// Records the shortfall of `slot`'s write on `server`; true when this
    /// worker has not warned about `server` since it last confirmed.
    pub fn fell_short(&self, server: &str, slot: Slot) -> bool {
        let mut servers = self.servers.lock().unwrap_or_else(PoisonError::into_inner);
        self.any.store(true, Ordering::Relaxed);
        if let Some(slots) = servers.get_mut(server) {
            slots.insert(slot);
            return false;
        }
        servers.insert(server.to_owned(), HashSet::from([slot]));
        true
    }

    /// A write of `slot` was confirmed: its server has replicas again.
    pub fn confirmed(&self, slot: Slot) {
        if !self.any.load(Ordering::Relaxed) {
            return;
        }
        let mut servers = self.servers.lock().unwrap_or_else(PoisonError::into_inner);
        servers.retain(|_, slots| !slots.contains(&slot));
        self.any.store(!servers.is_empty(), Ordering::Relaxed);
    }
}

/// Classifies a write's replica count, and counts it.
pub fn settle(
    wait: &Wait,
    acked: u32,
    slot: Slot,
    degraded: &Degraded,
    server: impl FnOnce() -> String,
) -> Outcome {
    if acked >= wait.replicas {
        crate::stats::one(crate::stats::Counter::ReplicaConfirmed);
        degraded.confirmed(slot);
        return Outcome::Confirmed;
    }
    let shortfall = Shortfall {
        server: server(),
        acked,
        wanted: wait.replicas,
        timeout_ms: wait.timeout_ms(),
    };
    if wait.accept_degraded {
        crate::stats::one(crate::stats::Counter::ReplicaAccepted);
        let warn = degraded.fell_short(&shortfall.server, slot);
        Outcome::Accepted { shortfall, warn }
    } else {
        crate::stats::one(crate::stats::Counter::ReplicaRefused);
        Outcome::Refused(shortfall)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(accept: bool) -> Wait {
        Wait {
            replicas: 2,
            timeout: Duration::from_millis(500),
            accept_degraded: accept,
        }
    }

    #[test]
    fn refuse_reports_every_shortfall() {
        let degraded = Degraded::default();
        let slot = Slot::for_key("k");
        let outcome = settle(&wait(false), 1, slot, &degraded, || "tcp://h:1".into());
        let Outcome::Refused(shortfall) = outcome else {
            panic!("{outcome:?}")
        };
        assert_eq!(
            shortfall.to_string(),
            "session written to Redis at tcp://h:1 but only 1 of 2 replicas confirmed it within 500 ms"
        );
        assert!(matches!(
            settle(&wait(false), 0, slot, &degraded, || "tcp://h:1".into()),
            Outcome::Refused(_)
        ));
        assert_eq!(
            settle(&wait(false), 2, slot, &degraded, String::new),
            Outcome::Confirmed
        );
    }

    #[test]
    fn accept_warns_once_per_server_until_confirmed() {
        let degraded = Degraded::default();
        let warned = |key: &str, server: &str| match settle(
            &wait(true),
            0,
            Slot::for_key(key),
            &degraded,
            || server.to_owned(),
        ) {
            Outcome::Accepted { warn, .. } => warn,
            other => panic!("{other:?}"),
        };
        assert!(warned("k7", "a:1"));
        assert!(!warned("k7", "a:1"));
        assert!(!warned("k9", "a:1"));
        assert!(warned("k3", "b:2"));
        // k9's slot confirms: its server a:1 is healthy again, b:2 is not.
        assert_eq!(
            settle(&wait(true), 2, Slot::for_key("k9"), &degraded, String::new),
            Outcome::Confirmed
        );
        assert!(warned("k7", "a:1"));
        assert!(!warned("k3", "b:2"));
    }

    #[test]
    fn timeout_is_at_least_one_ms() {
        let mut w = wait(false);
        w.timeout = Duration::from_micros(10);
        assert_eq!(w.timeout_ms(), 1);
    }
}
