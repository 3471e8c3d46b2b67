//! The lock's Lua scripts. Each releasing script checks the token first
//! (another request may hold the lock now, or nobody) and hands the lock
//! over to the first waiter in arrival order last; the data never passes
//! through Lua on a single server (see `COMMIT_RELEASE`).

use std::sync::LazyLock;

use redis::Script;

/// How much longer than the lock a hand-over's wake-up list lives (ms):
/// it is consumed at once, this only bounds a leftover.
pub(super) const HANDOVER_SLACK_MS: u64 = 1_000;

/// Lua shared by the scripts that queue or hand over. Times are the
/// server's (`TIME`, microseconds), so clocks of web servers do not matter.
/// KEYS[3] is the queue (waiters scored by arrival), KEYS[4] the waiters'
/// deadlines (scored by the time by which each must ask again, or be
/// dropped as crashed). A waiter is the member `<token>|<lock TTL ms>`; its
/// wake-up list is the lock key, ':', its token (in the lock's hash slot on
/// a cluster). Handing over sets the lock to the waiter's token with its
/// own TTL and pushes the session's data onto its list ('1' and the data,
/// or '0' for none), so the waiter has both in the one reply it waits for.
pub(crate) const QUEUE_LUA: &str = "
local function now_us()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local function prune(now)
  local dead = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)
  for _, d in ipairs(dead) do redis.call('ZREM', KEYS[3], d) end
  if #dead > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now) end
end
local function hand_over(slack)
  local now = now_us()
  prune(now)
  local head = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
  if head then
    local token, ttl = string.match(head, '^(.*)|(%d+)$')
    redis.call('ZREM', KEYS[3], head)
    redis.call('ZREM', KEYS[4], head)
    if token then
      redis.call('SET', KEYS[1], token, 'PX', ttl)
      local data = redis.call('GET', KEYS[2])
      local wake = KEYS[1] .. ':' .. token
      if data then redis.call('RPUSH', wake, '1' .. data) else redis.call('RPUSH', wake, '0') end
      redis.call('PEXPIRE', wake, ttl + tonumber(slack))
    end
  end
end
";

/// The slow path of acquiring (every try after a busy `SET NX`, and every
/// try on a cluster). Takes the lock if it is ours already (handed over by
/// the holder's release, or a retry after a lost reply) or free with nobody
/// queued ahead; else queues this request (arrival order; refused past
/// ARGV[4] waiters, 0 = no cap) and records that it is alive for ARGV[3] ms
/// more. ARGV: token, lock TTL ms, waiter grace ms, max waiters.
/// Returns {1, data-or-nil}, {0, holder's pttl}, or {-4, waiters}.
pub(super) static ACQUIRE_BUSY: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{QUEUE_LUA}
local now = now_us()
prune(now)
local me = ARGV[1] .. '|' .. ARGV[2]
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1]
   or (not holder and (redis.call('ZRANGE', KEYS[3], 0, 0)[1] or me) == me) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('ZREM', KEYS[3], me)
  redis.call('ZREM', KEYS[4], me)
  if holder then redis.call('DEL', KEYS[1] .. ':' .. ARGV[1]) end
  return {{1, redis.call('GET', KEYS[2])}}
end
if not redis.call('ZSCORE', KEYS[3], me) then
  local waiting = redis.call('ZCARD', KEYS[3])
  local cap = tonumber(ARGV[4])
  if cap > 0 and waiting >= cap then return {{-4, waiting}} end
  redis.call('ZADD', KEYS[3], now, me)
end
local grace = tonumber(ARGV[3])
redis.call('ZADD', KEYS[4], now + grace * 1000, me)
redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[2]) + grace)
redis.call('PEXPIRE', KEYS[4], tonumber(ARGV[2]) + grace)
return {{0, redis.call('PTTL', KEYS[1])}}"
    ))
});

/// A waiter gives up: leaves the queue, and passes the lock on if it was
/// handed over to it meanwhile. ARGV: token, hand-over slack ms, lock TTL
/// ms (the waiter's member is `<token>|<TTL>`).
pub(super) static LEAVE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{QUEUE_LUA}
redis.call('ZREM', KEYS[3], ARGV[1] .. '|' .. ARGV[3])
redis.call('ZREM', KEYS[4], ARGV[1] .. '|' .. ARGV[3])
redis.call('DEL', KEYS[1] .. ':' .. ARGV[1])
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  hand_over(ARGV[2])
end
return 1"
    ))
});

/// Extends the lock to ARGV[2] ms if it is still ours (compare-and-extend:
/// never another request's, nor a phpredis holder's). Returns 1 or 0.
pub(super) static RENEW: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0",
    )
});

/// Shared head of every releasing script: unless the lock is still ours,
/// stop, telling "another request holds it" (0) from "nobody does" (-3).
/// -5: nobody, and the session was revoked (`crate::users`).
const NOT_OURS: &str = "local holder = redis.call('GET', KEYS[1])
if holder ~= ARGV[1] then
  if holder then return 0 end
  if redis.call('GET', user_key()) == '' then return -5 end
  return -3
end
";

/// Lua shared by the scripts that keep or drop a session: its user
/// binding (`crate::users`). The binding key is the lock key with `_USER`
/// for `_LOCK` (so in the lock's slot on a cluster); it holds the user's
/// key, or "" for a revoked session. ARGV[5]: a user to bind now ('' =
/// none), ARGV[6]: '1' when the user's index is on this server (not on a
/// cluster), ARGV[7]: the session id, ARGV[8]: the id it replaces
/// (regenerated; '' = none), ARGV[9]: the key prefix.
///
/// `keep_user(ttl)` after a write or touch: the binding and the index
/// entry last a quarter lifetime longer than the session, and are renewed
/// only once that quarter has passed, so an index entry never expires
/// before its session. The same renewal keeps the user in `<prefix>user:`
/// (the index of the empty user, which no user can have): every user with
/// a live session, scored by when the last of them expires. Returns the user and whether the index is due for
/// a refresh elsewhere (a cluster: the client does it), or false.
pub(crate) const USER_LUA: &str = "
local function user_key() return string.sub(KEYS[1], 1, -6) .. '_USER' end
local function index_key(user) return ARGV[9] .. 'user:' .. user end
local function keep_user(ttl)
  local ukey = user_key()
  local user = ARGV[5]
  local ttl_ms = tonumber(ttl) * 1000
  if user == '' then
    user = redis.call('GET', ukey)
    if not user or user == '' then return false, 0 end
    if redis.call('PTTL', ukey) >= ttl_ms then return user, 0 end
  end
  local keep = ttl_ms + math.floor(ttl_ms / 4)
  redis.call('SET', ukey, user, 'PX', keep)
  if ARGV[6] ~= '1' then return user, 1 end
  local index = index_key(user)
  local now = math.floor(now_us() / 1000)
  if ARGV[8] ~= '' then
    redis.call('ZREM', index, ARGV[8])
    redis.call('DEL', ARGV[9] .. ARGV[8] .. '_USER')
  end
  redis.call('ZADD', index, now + keep, ARGV[7])
  redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
  if redis.call('PTTL', index) < keep then redis.call('PEXPIRE', index, keep) end
  local all = index_key('')
  local until_ms = tonumber(redis.call('ZSCORE', all, user))
  if not until_ms or until_ms < now + keep then redis.call('ZADD', all, now + keep, user) end
  redis.call('ZREMRANGEBYSCORE', all, '-inf', now)
  if redis.call('PTTL', all) < keep then redis.call('PEXPIRE', all, keep) end
  return user, 0
end
local function kept(ttl)
  local user, due = keep_user(ttl)
  if user then return {1, user, due} end
  return 1
end
local function drop_user()
  local ukey = user_key()
  local user = redis.call('GET', ukey)
  if not user or user == '' then return 1 end
  redis.call('DEL', ukey)
  if ARGV[6] == '1' then redis.call('ZREM', index_key(user), ARGV[7]) end
  return {1, user, 0}
end
";

/// Shared tail of every releasing script: delete the lock and hand it over
/// to the first live waiter (ARGV[2]: the hand-over slack), waking it.
const RELEASE_TAIL: &str = "
redis.call('DEL', KEYS[1])
hand_over(ARGV[2])
";

/// Write the data with its TTL and release, if the lock is still ours.
pub(super) static WRITE_RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{QUEUE_LUA}{USER_LUA}{NOT_OURS}redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4]){RELEASE_TAIL}return kept(ARGV[4])"
    ))
});

/// The second half of a staged write: the data was just `SET` (natively,
/// in the same pipeline) under `KEYS[5]`; if the lock is still ours, move it
/// over the data key (`RENAME` moves the value, no copy), give it the
/// session TTL and release; else drop it. Large sessions never pass
/// through Lua this way. If the staged SET was refused (OOM, MISCONF, ...:
/// the key is not `ARGV[4]` bytes long, or missing; EXISTS is asked only
/// for an empty session, so a commit costs one STRLEN more), the stored
/// session is left as it was and the lock released (-2); the pipeline
/// reports the SET's error.
pub(super) static COMMIT_RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{QUEUE_LUA}{USER_LUA}local holder = redis.call('GET', KEYS[1])
if holder ~= ARGV[1] then
  redis.call('DEL', KEYS[5])
  if holder then return 0 end
  if redis.call('GET', user_key()) == '' then return -5 end
  return -3
end
if redis.call('STRLEN', KEYS[5]) ~= tonumber(ARGV[4])
   or (ARGV[4] == '0' and redis.call('EXISTS', KEYS[5]) == 0) then
  redis.call('DEL', KEYS[5]){RELEASE_TAIL}return -2
end
redis.call('RENAME', KEYS[5], KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[3]){RELEASE_TAIL}return kept(ARGV[3])"
    ))
});

/// How long a staged write may wait for its commit (it is deleted or moved
/// in the same round trip; this only bounds a leftover).
pub(super) const STAGING_TTL_MS: u64 = 60_000;

/// Refresh the data's TTL and release, if the lock is ours. Returns -1
/// (lock kept) when the data key expired, so the caller writes it instead.
pub(super) static TOUCH_RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{QUEUE_LUA}{USER_LUA}{NOT_OURS}if redis.call('EXPIRE', KEYS[2], ARGV[3]) == 0 then return -1 end{RELEASE_TAIL}return kept(ARGV[3])"
    ))
});

/// Delete the data and release, if the lock is ours.
pub(super) static DESTROY_RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{QUEUE_LUA}{USER_LUA}{NOT_OURS}redis.call('DEL', KEYS[2]){RELEASE_TAIL}return drop_user()"
    ))
});

/// Release without writing (compare-and-delete).
pub(super) static RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(&format!(
        "{QUEUE_LUA}{USER_LUA}{NOT_OURS}{RELEASE_TAIL}return 1"
    ))
});

pub(super) fn handover_slack() -> String {
    HANDOVER_SLACK_MS.to_string()
}

/// The server does not know the script (first use, or after a restart).
pub(crate) fn is_noscript(e: &redis::RedisError) -> bool {
    if e.kind() == redis::ErrorKind::Server(redis::ServerErrorKind::NoScript) {
        return true;
    }
    e.clone().into_server_errors().is_some_and(|errors| {
        errors
            .iter()
            .any(|(_, se)| se.kind() == Some(redis::ServerErrorKind::NoScript))
    })
}
