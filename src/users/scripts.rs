//! The user index's Lua scripts. Keys of one session are named as the
//! lock names them (`<data key>_USER` is its binding); off a cluster a
//! script may walk a whole index and its sessions at once, on a cluster
//! each script touches one slot.

use std::sync::LazyLock;

use redis::Script;

use crate::lock::{QUEUE_LUA, USER_LUA};

/// Server time in milliseconds.
const NOW_MS: &str = "local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
";

/// The unlocked write of a bound session (or one being bound): refused
/// (-5) if the session was revoked since this request read it (ARGV[1]
/// is then its user, '-' when it read none), else written, and its
/// binding kept as the lock's scripts keep it. KEYS: lock, data, binding.
/// ARGV[2]: data, ARGV[3]: TTL s, ARGV[5..9] as `USER_LUA`.
pub(super) static GUARDED_WRITE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{QUEUE_LUA}{USER_LUA}if ARGV[1] ~= '-' and redis.call('GET', KEYS[3]) == '' then return -5 end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
return kept(ARGV[3])"
    ))
});

/// Off a cluster: one server's part of a user's index, pruned (entries
/// past their expiry, sessions gone or bound to someone else since).
/// KEYS[1]: the index. ARGV: prefix, user. Returns {now ms, id, pttl, ...}.
pub(super) static LIST: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{NOW_MS}redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local out = {{now}}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local data = ARGV[1] .. id
  local pttl = redis.call('PTTL', data)
  if pttl == -2 or redis.call('GET', data .. '_USER') ~= ARGV[2] then
    redis.call('ZREM', KEYS[1], id)
  else
    table.insert(out, id)
    table.insert(out, pttl)
  end
end
return out"
    ))
});

/// A cluster's index (one slot): pruned by expiry, the ids returned
/// ({now ms, id, ...}); the client checks each session in its own slot.
pub(super) static IDS: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{NOW_MS}redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local out = {{now}}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do table.insert(out, id) end
return out"
    ))
});

/// The entries of an index that have not expired (an upper bound: a
/// destroyed session's entry lasts until the next listing on a cluster).
pub(super) static COUNT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{NOW_MS}redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])"
    ))
});

/// Off a cluster, atomically on one server: revokes the sessions of a
/// user's index (all but ARGV[3], or only ARGV[4]): deletes data and lock
/// keys, and leaves the binding as "" for ARGV[5] ms, which refuses any
/// write-back of a request still running. KEYS[1]: the index. ARGV:
/// prefix, user, keep id, only id, tombstone ms. Returns sessions deleted.
pub(super) static REVOKE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        "local n = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if id ~= ARGV[3] and (ARGV[4] == '' or id == ARGV[4]) then
    local data = ARGV[1] .. id
    if redis.call('GET', data .. '_USER') == ARGV[2] then
      n = n + redis.call('DEL', data)
      redis.call('DEL', data .. '_LOCK', data .. '_LOCK_WAITERS', data .. '_LOCK_ALIVE', data .. '_LOCK_NEW')
      redis.call('SET', data .. '_USER', '', 'PX', ARGV[5])
    end
    redis.call('ZREM', KEYS[1], id)
  end
end
return n",
    )
});

/// On a cluster, one session in its own slot: revoked as `REVOKE` does
/// if it is still bound to ARGV[1] (-1 if not). KEYS: lock, data, waiters,
/// alive, staging, binding. ARGV[2]: tombstone ms. Returns 1 if its data
/// existed.
pub(super) static REVOKE_ONE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        "if redis.call('GET', KEYS[6]) ~= ARGV[1] then return -1 end
local n = redis.call('DEL', KEYS[2])
redis.call('DEL', KEYS[1], KEYS[3], KEYS[4], KEYS[5])
redis.call('SET', KEYS[6], '', 'PX', ARGV[2])
return n",
    )
});

/// A cluster's set of users with a live session (`<prefix>user:`, a slot
/// of its own), refreshed by the client with the user's index entry:
/// ARGV: user, keep ms.
pub(super) static USERS_ADD: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{NOW_MS}local keep = tonumber(ARGV[2])
local until_ms = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
if not until_ms or until_ms < now + keep then redis.call('ZADD', KEYS[1], now + keep, ARGV[1]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
return 1"
    ))
});

/// A cluster's index entry, refreshed by the client (the index has a slot
/// of its own): ARGV: id, keep ms, replaced id ('' = none).
pub(super) static INDEX_ADD: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{NOW_MS}if ARGV[3] ~= '' then redis.call('ZREM', KEYS[1], ARGV[3]) end
local keep = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now + keep, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
return 1"
    ))
});
