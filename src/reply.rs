//! Plain words for Redis's error replies: what happened and what to do,
//! instead of the client's debug text ("Pipeline failures: [(Index 0, ...").

/// What an operator reads for the error reply `code` (`OOM`, `NOPERM`, ...)
/// with Redis's own `detail`. `key` is the session key concerned, already
/// shortened so it never shows a whole session id.
#[must_use]
pub fn explain(code: &str, detail: &str, key: &str) -> String {
    match code {
        "OOM" => "Redis is out of memory (maxmemory reached and maxmemory-policy evicts \
                  nothing): it refuses writes, the session lock included"
            .to_owned(),
        "WRONGTYPE" => format!("key \"{key}\" holds {}, not a session", a_type(detail)),
        "READONLY" => "the server is a read-only replica: it refuses writes, the session lock \
                       included (point session.save_path at the master, or use sentinel://)"
            .to_owned(),
        "NOPERM" => no_permission(detail, key),
        "LOADING" => "Redis is loading its dataset into memory: try again in a moment".to_owned(),
        "BUSY" => "Redis is busy running a slow script (BUSY): it answers again when the script \
                   ends or is killed (SCRIPT KILL)"
            .to_owned(),
        "MISCONF" => "Redis refuses writes because it could not save its RDB snapshot (MISCONF, \
                      stop-writes-on-bgsave-error): see the Redis log"
            .to_owned(),
        "CLUSTERDOWN" => {
            "the Redis Cluster is down (CLUSTERDOWN): a hash slot has no reachable master"
                .to_owned()
        }
        "TRYAGAIN" => {
            "the Redis Cluster is moving this session's hash slot (TRYAGAIN): try again".to_owned()
        }
        "NOSCRIPT" => "Redis lost the lock script while it was being run (NOSCRIPT: SCRIPT FLUSH \
                       or a restart in between): try again"
            .to_owned(),
        "EXECABORT" | "ERR" | "" => format!("Redis replied: {}", detail.trim()),
        other => format!("Redis replied {other}: {}", detail.trim()),
    }
}

/// `detail` of a WRONGTYPE reply is generic; the caller may have replaced it
/// with the key's actual type (`TYPE key`), e.g. "hash".
fn a_type(detail: &str) -> String {
    match detail {
        "list" | "set" | "zset" | "hash" | "stream" => format!("a {detail}"),
        _ => "another Redis type".to_owned(),
    }
}

/// NOPERM: which command or key the ACL user lacks, and what to grant.
fn no_permission(detail: &str, key: &str) -> String {
    // "User alice has no permissions to run the 'evalsha' command"
    if let Some(command) = detail
        .split('\'')
        .nth(1)
        .filter(|_| detail.contains("command"))
    {
        let upper = command.to_ascii_uppercase();
        let (grant, avoid) = match command {
            "evalsha" | "eval" | "script" => (
                "+evalsha +script (or +@scripting)",
                "; rustredis.locking_enabled=0 avoids scripts",
            ),
            "blpop" => ("+blpop", ""),
            _ => ("", ""),
        };
        let grant = if grant.is_empty() {
            format!("+{command}")
        } else {
            grant.to_owned()
        };
        return format!("the ACL user may not run {upper}: grant it {grant}{avoid}");
    }
    if detail.contains("key") {
        return format!(
            "the ACL user may not access key \"{key}\": grant it a key pattern that covers \
             the session prefix (e.g. ~PHPREDIS_SESSION:*)"
        );
    }
    format!("the ACL user lacks a permission: {}", detail.trim())
}

/// `key` as messages show it: the prefix, then the session id's
/// [`fingerprint`], so logs never carry a usable session id.
#[must_use]
pub fn short_key(key: &[u8], prefix_len: usize) -> String {
    let prefix_len = prefix_len.min(key.len());
    let (prefix, id) = key.split_at(prefix_len);
    let mut shown = String::from_utf8_lossy(prefix).into_owned();
    shown.push_str(&short_id(id));
    shown
}

/// A session id as warnings, stats and metrics name it: `#` and the first
/// 12 hex digits of its SHA-256. An id in a log is a credential; the
/// fingerprint only lets an operator match log lines (and an application
/// that logs `RustRedis\fingerprint(session_id())`).
#[must_use]
pub fn short_id(id: &[u8]) -> String {
    use sha2::Digest;
    use std::fmt::Write;
    let digest = sha2::Sha256::digest(id);
    let mut shown = String::with_capacity(13);
    shown.push('#');
    for b in &digest[..6] {
        let _ = write!(shown, "{b:02x}");
    }
    shown
}

/// The error reply that caused `e`: alone, or the first (by command order)
/// of a pipeline's, whose later errors only follow from it (the commit
/// script fails because the staged SET was refused). Code and Redis's words.
pub fn first_error(e: &redis::RedisError) -> Option<(String, Option<String>)> {
    let errors = e.clone().into_server_errors()?;
    errors
        .iter()
        .min_by_key(|(index, _)| *index)
        .map(|(_, se)| (se.code().to_owned(), se.details().map(str::to_owned)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_in_plain_words() {
        assert!(
            explain(
                "OOM",
                "command not allowed when used memory > 'maxmemory'.",
                "k"
            )
            .starts_with("Redis is out of memory")
        );
        assert_eq!(
            explain("WRONGTYPE", "hash", "PHPREDIS_SESSION:abcdef…"),
            "key \"PHPREDIS_SESSION:abcdef…\" holds a hash, not a session"
        );
        assert_eq!(
            explain(
                "NOPERM",
                "User sess has no permissions to run the 'evalsha' command",
                "k"
            ),
            "the ACL user may not run EVALSHA: grant it +evalsha +script (or +@scripting); \
             rustredis.locking_enabled=0 avoids scripts"
        );
        assert_eq!(
            explain(
                "NOPERM",
                "User sess has no permissions to run the 'blpop' command",
                "k"
            ),
            "the ACL user may not run BLPOP: grant it +blpop"
        );
        assert!(
            explain("NOPERM", "No permissions to access a key", "P:abc…").contains("\"P:abc…\"")
        );
        assert_eq!(explain("FOO", "bar ", "k"), "Redis replied FOO: bar");
    }

    #[test]
    fn ids_are_never_shown_whole() {
        // printf %s 0123456789abcdef | sha256sum | cut -c1-12
        assert_eq!(short_id(b"0123456789abcdef"), "#9f9f5111f7b2");
        assert_eq!(short_id(b""), "#e3b0c44298fc");
        assert_eq!(
            short_key(b"PHPREDIS_SESSION:0123456789abcdef", 17),
            "PHPREDIS_SESSION:#9f9f5111f7b2"
        );
    }
}
