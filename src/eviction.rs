//! Whether a server may evict sessions: its `maxmemory-policy`, read once
//! per pool by the first connection with `INFO memory` (which managed
//! Redis services allow where they refuse `CONFIG GET`).

use redis::{ConnectionLike, Value};

use crate::stats::Policy;

/// The server's eviction policy, or why it is not known. `Err` only for a
/// connection that failed on the way (it is not handed out).
///
/// # Errors
/// The connection broke or timed out.
pub fn read_policy(conn: &mut dyn ConnectionLike) -> redis::RedisResult<Policy> {
    match redis::cmd("INFO").arg("memory").query::<Value>(conn) {
        Ok(info) => Ok(policy_in(&info)),
        // An error reply (NOPERM, a proxy without INFO): the server is
        // fine, its policy unknown.
        Err(e) if matches!(e.kind(), redis::ErrorKind::Server(_)) => Ok(Policy::Unreadable),
        Err(e) => Err(e),
    }
}

/// The policy `INFO memory` names; for a cluster (one reply per master),
/// the first that evicts, else `noeviction` if any says so.
fn policy_in(info: &Value) -> Policy {
    let mut texts = Vec::new();
    collect_texts(info, &mut texts);
    let policies: Vec<Policy> = texts
        .iter()
        .flat_map(|t| t.lines())
        .filter_map(|line| line.trim().strip_prefix("maxmemory_policy:"))
        .map(|name| Policy::named(name.trim()))
        .collect();
    policies
        .iter()
        .copied()
        .find(|p| p.evicts_sessions())
        .or_else(|| policies.first().copied())
        .unwrap_or(Policy::Unreadable)
}

fn collect_texts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::BulkString(bytes) => out.push(String::from_utf8_lossy(bytes).into_owned()),
        Value::SimpleString(s) => out.push(s.clone()),
        Value::VerbatimString { text, .. } => out.push(text.clone()),
        Value::Array(items) | Value::Set(items) => {
            for v in items {
                collect_texts(v, out);
            }
        }
        Value::Map(pairs) => {
            for (_, v) in pairs {
                collect_texts(v, out);
            }
        }
        _ => {}
    }
}

/// The warning for a server whose policy may evict sessions.
#[must_use]
pub fn warning(server: &str, policy: Policy) -> Option<String> {
    policy.evicts_sessions().then(|| {
        format!(
            "Redis at {server} has maxmemory-policy {}: it may evict sessions under memory \
             pressure, logging users out (use noeviction, or a Redis of its own for sessions)",
            policy.name()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bulk(s: &str) -> Value {
        Value::BulkString(s.as_bytes().to_vec())
    }

    #[test]
    fn reads_the_policy_line() {
        let info = bulk("# Memory\r\nused_memory:1\r\nmaxmemory_policy:allkeys-lru\r\n");
        assert_eq!(policy_in(&info), Policy::named("allkeys-lru"));
        assert_eq!(
            policy_in(&bulk("maxmemory_policy:noeviction\r\n")),
            Policy::named("noeviction")
        );
        assert_eq!(policy_in(&bulk("# Memory\r\n")), Policy::Unreadable);
    }

    #[test]
    fn a_cluster_is_as_bad_as_its_worst_master() {
        let info = Value::Map(vec![
            (bulk("a:1"), bulk("maxmemory_policy:noeviction\r\n")),
            (bulk("b:2"), bulk("maxmemory_policy:volatile-lru\r\n")),
        ]);
        assert_eq!(policy_in(&info), Policy::named("volatile-lru"));
    }

    #[test]
    fn warns_only_when_sessions_may_go() {
        assert!(warning("tcp://x:1", Policy::named("noeviction")).is_none());
        assert!(warning("tcp://x:1", Policy::Unreadable).is_none());
        let w = warning("tcp://x:1", Policy::named("allkeys-lfu")).unwrap_or_default();
        assert!(w.contains("maxmemory-policy allkeys-lfu"), "{w}");
    }
}
