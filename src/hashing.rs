//! Weighted rendezvous (highest random weight) hashing of session ids to servers.
//!
//! phpredis picks a server from the first bytes of the session id modulo the
//! total weight, so adding a server reshuffles almost every session. Rendezvous
//! hashing only moves the sessions the new server wins, and honours weights.
//!
//! The hash is written out by hand (FNV-1a + murmur3 `fmix64`) because it must
//! give the same answer in every PHP worker, on every machine and with every
//! Rust release; std's `DefaultHasher` promises none of that.

/// FNV-1a 64-bit offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64-bit prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Picks the index of the host that owns `key` among hosts with the given weights
/// (all >= 1; a weight of 0 is treated as 1 rather than starving the host).
///
/// Each host is identified by its bytes (e.g. `HostSpec::server()`), not by its
/// position, so reordering the list does not move sessions. Stable across
/// processes, machines and Rust versions. Returns 0 for one host without hashing,
/// and 0 for an empty slice (never panics).
#[must_use]
pub fn pick(key: &[u8], hosts: &[(&[u8], u32)]) -> usize {
    pick_from(key, hosts.iter().copied())
}

/// [`pick`] over any list of (identity, weight), so a caller that keeps its
/// hosts in its own form needs no temporary slice on every request.
pub fn pick_from<'a>(key: &[u8], hosts: impl ExactSizeIterator<Item = (&'a [u8], u32)>) -> usize {
    if hosts.len() <= 1 {
        return 0;
    }
    let key_hash = fnv1a(key);
    let mut best = 0;
    let mut best_score = f64::NEG_INFINITY;
    for (index, (identity, weight)) in hosts.enumerate() {
        let score = score(key_hash, identity, weight);
        // Strict `>`: on an (astronomically unlikely) tie the first host wins,
        // which keeps the result deterministic.
        if score > best_score {
            best = index;
            best_score = score;
        }
    }
    best
}

/// Weighted rendezvous score `-w / ln(u)`, `u` uniform in (0, 1) from the hash.
///
/// This form makes the probability that a host wins exactly `w / sum(w)`.
fn score(key_hash: u64, identity: &[u8], weight: u32) -> f64 {
    let seed = fmix64(fnv1a(identity));
    // Two mixing rounds so that keys and hosts are not combined by XOR alone.
    let hash = fmix64(fmix64(key_hash ^ seed).wrapping_add(seed));
    let u = unit_interval(hash);
    -f64::from(weight.max(1)) / u.ln()
}

/// Maps a hash to a float strictly inside (0, 1), so `ln` is finite and negative.
fn unit_interval(hash: u64) -> f64 {
    // Put the top 52 bits into the mantissa of a number in [1, 2), subtract 1 to
    // get [0, 1), then add half a step so neither 0 nor 1 can come out.
    let in_one_two = f64::from_bits(0x3ff0_0000_0000_0000 | (hash >> 12));
    (in_one_two - 1.0) + f64::from_bits(0x3ca0_0000_0000_0000) // 2^-53
}

/// FNV-1a over `bytes`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
    })
}

/// murmur3's 64-bit finaliser: a bijection with good avalanche, fixing FNV's
/// weak high bits.
fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: u32) -> Vec<u8> {
        format!("sess{i:08x}abcdef").into_bytes()
    }

    const A: &[u8] = b"tcp://10.0.0.1:6379";
    const B: &[u8] = b"tcp://10.0.0.2:6379";
    const C: &[u8] = b"tcp://10.0.0.3:6379";
    const D: &[u8] = b"tcp://10.0.0.4:6379";

    fn counts(hosts: &[(&[u8], u32)], n: u32) -> Vec<u32> {
        let mut counts = vec![0; hosts.len()];
        for i in 0..n {
            counts[pick(&key(i), hosts)] += 1;
        }
        counts
    }

    #[test]
    fn empty_and_single_host_return_zero() {
        assert_eq!(pick(b"anything", &[]), 0);
        assert_eq!(pick(b"anything", &[(A, 5)]), 0);
        assert_eq!(pick(b"", &[(A, 0)]), 0);
    }

    #[test]
    fn hash_primitives_are_pinned() {
        // Published FNV-1a 64 test vectors: any change of constants is caught.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fmix64(0), 0);
    }

    #[test]
    fn deterministic_fixed_answers() {
        let hosts: &[(&[u8], u32)] = &[(A, 1), (B, 1), (C, 1)];
        let got: Vec<usize> = ["a", "b", "c", "session-1", "session-2", "xyz", "0123456789"]
            .iter()
            .map(|k| pick(k.as_bytes(), hosts))
            .collect();
        assert_eq!(got, [2, 1, 1, 1, 0, 0, 1]);
        // Same input, same answer.
        assert_eq!(pick(b"session-1", hosts), pick(b"session-1", hosts));
    }

    #[test]
    fn order_of_hosts_does_not_matter() {
        let forward: &[(&[u8], u32)] = &[(A, 1), (B, 2), (C, 1)];
        let backward: &[(&[u8], u32)] = &[(C, 1), (B, 2), (A, 1)];
        for i in 0..2000 {
            let k = key(i);
            assert_eq!(forward[pick(&k, forward)].0, backward[pick(&k, backward)].0);
        }
    }

    #[test]
    fn equal_weights_spread_evenly() {
        let n = 30_000;
        for count in counts(&[(A, 1), (B, 1), (C, 1)], n) {
            let share = f64::from(count) / f64::from(n);
            // Within 5% (relative) of a third.
            assert!((share - 1.0 / 3.0).abs() < 0.05 / 3.0, "share {share}");
        }
    }

    #[test]
    fn weights_are_honoured() {
        let n = 30_000;
        let c = counts(&[(A, 1), (B, 3)], n);
        let share_a = f64::from(c[0]) / f64::from(n);
        assert!((share_a - 0.25).abs() < 0.02, "share {share_a}");
    }

    #[test]
    fn adding_a_host_moves_only_keys_it_wins() {
        let before: &[(&[u8], u32)] = &[(A, 1), (B, 1), (C, 1)];
        let after: &[(&[u8], u32)] = &[(A, 1), (B, 1), (C, 1), (D, 1)];
        let n = 30_000;
        let mut moved = 0u32;
        for i in 0..n {
            let k = key(i);
            let (old, new) = (pick(&k, before), pick(&k, after));
            if old != new {
                assert_eq!(new, 3, "a key moved between old hosts");
                moved += 1;
            }
        }
        let share = f64::from(moved) / f64::from(n);
        assert!((share - 0.25).abs() < 0.02, "moved {share}");
    }

    #[test]
    fn removing_a_host_moves_only_its_keys() {
        let before: &[(&[u8], u32)] = &[(A, 1), (B, 1), (C, 1), (D, 1)];
        let after: &[(&[u8], u32)] = &[(A, 1), (B, 1), (D, 1)];
        for i in 0..10_000 {
            let k = key(i);
            let old = before[pick(&k, before)].0;
            let new = after[pick(&k, after)].0;
            if old != C {
                assert_eq!(old, new, "a key not owned by the removed host moved");
            }
        }
    }

    #[test]
    fn unit_interval_is_open() {
        for h in [0, 1, u64::MAX, u64::MAX >> 1, 1 << 63] {
            let u = unit_interval(h);
            assert!(u > 0.0 && u < 1.0, "{u}");
        }
    }
}
