//! What PHP accepts as a session id, and the TTL Redis gets.

/// Longest session id PHP accepts (`PS_MAX_SID_LENGTH`).
pub const MAX_ID_LEN: usize = 256;

/// True when `id` is a session id PHP itself would accept: `[A-Za-z0-9,-]`,
/// 1 to 256 bytes. Anything else is refused before it reaches Redis.
#[must_use]
pub fn is_valid_id(id: &[u8]) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b',' || *b == b'-')
}

/// Clamps PHP's `session.gc_maxlifetime` to a TTL Redis accepts, as phpredis
/// does: at least 1 second, at most `i32::MAX`.
#[must_use]
pub fn ttl_seconds(maxlifetime: i64) -> i64 {
    maxlifetime.clamp(1, i64::from(i32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids() {
        assert!(is_valid_id(b"abcDEF019,-"));
        assert!(is_valid_id(&[b'a'; 256]));
        assert!(!is_valid_id(b""));
        assert!(!is_valid_id(&[b'a'; 257]));
        assert!(!is_valid_id(b"abc def"));
        assert!(!is_valid_id(b"abc\0"));
        assert!(!is_valid_id(b"../etc"));
        assert!(!is_valid_id("é".as_bytes()));
    }

    #[test]
    fn ttl_is_clamped() {
        assert_eq!(ttl_seconds(1440), 1440);
        assert_eq!(ttl_seconds(0), 1);
        assert_eq!(ttl_seconds(-5), 1);
        assert_eq!(ttl_seconds(i64::MAX), i64::from(i32::MAX));
    }
}
