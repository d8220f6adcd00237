/**
 * Lua scripts, registered once with ioredis `defineCommand` (EVALSHA, reloaded on NOSCRIPT).
 * Every script touches keys of one hash tag only. The scripts that walk a user's index derive
 * session keys from a base that shares the tag of KEYS[1], so they stay on one Cluster slot.
 * Numbers written back go through `int()` because Lua's default formatting is `%.14g`.
 */

const INT = `local function int(x) return string.format('%d', x) end
local function live(f, at)
  return f[1] and not f[4] and tonumber(f[2]) > at and tonumber(f[3]) > at
end
`;

/** KEYS: session, token, sessionTokens, userIndex. ARGV: expireAt, sessionId, tokenValue, tokenHash, indexScore, field, value, ... */
export const CREATE_SESSION = `
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 6))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[3], 'PXAT', ARGV[1])
redis.call('SADD', KEYS[3], ARGV[4])
redis.call('PEXPIREAT', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[2])
if redis.call('PTTL', KEYS[4]) < 0 then
  redis.call('PEXPIREAT', KEYS[4], ARGV[1])
else
  redis.call('PEXPIREAT', KEYS[4], ARGV[1], 'GT')
end
return 1
`;

/**
 * Compare-and-set rotation: version check, new token insert and field updates at once.
 * KEYS: session, newToken, sessionTokens. ARGV: expectedVersion, newHash, tokenValue,
 * generation, graceUntil, refreshExpiresAt, expireAt, lastActiveAt|'', idleExpiresAt|'',
 * authTime|'', aal|'' (the last two only for a step-up).
 * Returns the session, false on a version conflict or revoked session, -1 on a duplicate hash.
 */
export const ROTATE_SESSION = `
local f = redis.call('HMGET', KEYS[1], 'version', 'revokedAt')
if not f[1] or f[1] ~= ARGV[1] or f[2] then return false end
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
redis.call('SET', KEYS[2], ARGV[3], 'PXAT', ARGV[7])
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('HSET', KEYS[1], 'refreshTokenHash', ARGV[2], 'refreshGeneration', ARGV[4],
  'refreshGraceUntil', ARGV[5], 'refreshExpiresAt', ARGV[6])
if ARGV[8] ~= '' then redis.call('HSET', KEYS[1], 'lastActiveAt', ARGV[8]) end
if ARGV[9] ~= '' then redis.call('HSET', KEYS[1], 'idleExpiresAt', ARGV[9]) end
if ARGV[10] ~= '' then redis.call('HSET', KEYS[1], 'authTime', ARGV[10]) end
if ARGV[11] ~= '' then redis.call('HSET', KEYS[1], 'aal', ARGV[11]) end
redis.call('HINCRBY', KEYS[1], 'version', 1)
return redis.call('HGETALL', KEYS[1])
`;

/**
 * Monotonic activity for a batch of sessions of one user; never revives an ended session.
 * KEYS: sessions. ARGV: (lastActiveAt, requestDelta, bytesDelta) per key.
 */
export const TOUCH_SESSIONS = `${INT}
for i, key in ipairs(KEYS) do
  local b = (i - 1) * 3
  local at = tonumber(ARGV[b + 1])
  local f = redis.call('HMGET', key, 'lastActiveAt', 'idleExpiresAt', 'absoluteExpiresAt',
    'revokedAt', 'idleTimeoutMs')
  if live(f, at) then
    local abs = tonumber(f[3])
    local idle = math.min(abs, math.max(tonumber(f[2]), at + tonumber(f[5])))
    redis.call('HSET', key, 'lastActiveAt', int(math.max(tonumber(f[1]), at)),
      'idleExpiresAt', int(idle))
    redis.call('HINCRBY', key, 'requestCount', ARGV[b + 2])
    redis.call('HINCRBY', key, 'bytesSent', ARGV[b + 3])
  end
end
return #KEYS
`;

/**
 * KEYS: session, userIndex. ARGV: at, reason, sessionId. Returns the revoked session, or false
 * when it is unknown or already revoked (an expired session can still be revoked: it ends it
 * for good, whatever activity another instance still has buffered).
 */
export const REVOKE_SESSION = `
local f = redis.call('HMGET', KEYS[1], 'version', 'revokedAt')
if not f[1] or f[2] then return false end
redis.call('HSET', KEYS[1], 'revokedAt', ARGV[1], 'revokedReason', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('ZREM', KEYS[2], ARGV[3])
return redis.call('HGETALL', KEYS[1])
`;

/**
 * KEYS: userIndex. ARGV: at, reason, exceptSessionId|'', sessionKeyBase.
 * Revokes every session in the index that is not revoked and within its absolute deadline
 * (idle-expired ones too: activity buffered elsewhere may still slide them); returns them.
 */
export const REVOKE_USER_SESSIONS = `${INT}
local at = tonumber(ARGV[1])
local out = {}
for _, sid in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local key = ARGV[4] .. sid
  local f = redis.call('HMGET', key, 'lastActiveAt', 'idleExpiresAt', 'absoluteExpiresAt', 'revokedAt')
  if not f[1] or f[4] then
    redis.call('ZREM', KEYS[1], sid)
  elseif sid ~= ARGV[3] and tonumber(f[3]) > at then
    redis.call('HSET', key, 'revokedAt', ARGV[1], 'revokedReason', ARGV[2])
    redis.call('HINCRBY', key, 'version', 1)
    redis.call('ZREM', KEYS[1], sid)
    out[#out + 1] = redis.call('HGETALL', key)
  end
end
return out
`;

/**
 * KEYS: userIndex. ARGV: now, sessionKeyBase. Live sessions of the user. Prunes entries of
 * deleted or revoked sessions (permanent states); expired ones go with deleteExpired.
 */
export const LIST_USER_SESSIONS = `${INT}
local now = tonumber(ARGV[1])
local out = {}
for _, sid in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local key = ARGV[2] .. sid
  local f = redis.call('HMGET', key, 'lastActiveAt', 'idleExpiresAt', 'absoluteExpiresAt', 'revokedAt')
  if live(f, now) then
    out[#out + 1] = redis.call('HGETALL', key)
  elseif not f[1] or f[4] then
    redis.call('ZREM', KEYS[1], sid)
  end
end
return out
`;

/** KEYS: session. ARGV: expectedDataVersion, hasData ('1'|'0'), data. Returns the new version or false. */
export const UPDATE_DATA = `
local f = redis.call('HMGET', KEYS[1], 'dataVersion', 'revokedAt')
if not f[1] or f[1] ~= ARGV[1] or f[2] then return false end
if ARGV[2] == '1' then
  redis.call('HSET', KEYS[1], 'data', ARGV[3])
else
  redis.call('HDEL', KEYS[1], 'data')
end
return redis.call('HINCRBY', KEYS[1], 'dataVersion', 1)
`;

/**
 * KEYS: session, sessionTokens, userIndex. ARGV: before, sessionId, tokenKeyBase.
 * Deletes the session and its tokens when it ended before \`before\`: returns {0, hashes...}.
 * Missing: {-1}. Still running: {1, earliest possible end} (to reschedule).
 */
export const DELETE_IF_ENDED = `${INT}
local before = tonumber(ARGV[1])
local f = redis.call('HMGET', KEYS[1], 'idleExpiresAt', 'absoluteExpiresAt', 'refreshExpiresAt',
  'revokedAt')
if not f[1] then
  redis.call('ZREM', KEYS[3], ARGV[2])
  return {-1}
end
local ends = math.min(tonumber(f[1]), tonumber(f[2]), tonumber(f[3]))
if f[4] then ends = math.min(ends, tonumber(f[4])) end
if ends >= before then return {1, int(ends)} end
local hashes = redis.call('SMEMBERS', KEYS[2])
for _, h in ipairs(hashes) do redis.call('DEL', ARGV[3] .. h) end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[2])
local out = {0}
for _, h in ipairs(hashes) do out[#out + 1] = h end
return out
`;

/**
 * KEYS: revokedByTime, revokedByExpiry, revokedInfo. ARGV: (sessionId, revokedAt,
 * absoluteExpiresAt, reason) repeated, one group per revoked session. Idempotent.
 */
export const LOG_REVOCATION = `
for i = 1, #ARGV, 4 do
  redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i])
  redis.call('ZADD', KEYS[2], ARGV[i + 2], ARGV[i])
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 3] .. '|' .. ARGV[i + 1] .. '|' .. ARGV[i + 2])
end
return 1
`;

/** KEYS: revokedByTime, revokedByExpiry, revokedInfo. ARGV: since, now. Prunes, then lists {sid, info, ...}. */
export const LIST_REVOKED = `
local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[2], 'LIMIT', 0, 1000)
for _, sid in ipairs(gone) do
  redis.call('ZREM', KEYS[1], sid)
  redis.call('ZREM', KEYS[2], sid)
  redis.call('HDEL', KEYS[3], sid)
end
local out = {}
for _, sid in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], '+inf')) do
  local info = redis.call('HGET', KEYS[3], sid)
  if info then
    out[#out + 1] = sid
    out[#out + 1] = info
  end
end
return out
`;

/** KEYS: keys, retired. ARGV: exceptKid, at. */
export const RETIRE_KEYS = `
for _, kid in ipairs(redis.call('HKEYS', KEYS[1])) do
  if kid ~= ARGV[1] then redis.call('HSETNX', KEYS[2], kid, ARGV[2]) end
end
return 1
`;

/** KEYS: keys, retired. ARGV: before. Returns how many were deleted. */
export const DELETE_RETIRED_KEYS = `
local n = 0
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  if tonumber(all[i + 1]) < tonumber(ARGV[1]) then
    redis.call('HDEL', KEYS[1], all[i])
    redis.call('HDEL', KEYS[2], all[i])
    n = n + 1
  end
end
return n
`;

/** KEYS: userEmails, user. ARGV: email, userId, field, value, ... Returns 0 when the email or id is taken. */
export const CREATE_USER = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[2], unpack(ARGV, 3))
return 1
`;

/** KEYS: user. ARGV: field, value, ... Updates an existing user only. */
export const UPDATE_USER = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`;

/** Fixed-window counter. KEYS: counter. ARGV: windowMs. Returns {count, pttl}. */
export const RATE_LIMIT_HIT = `
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1], 'NX')
return {n, redis.call('PTTL', KEYS[1])}
`;

/**
 * KEYS: counter. Gives back one hit: DECR only while the counter exists and is above 0, so an
 * ended window is never recreated (without expiry) and the count never goes negative.
 */
export const RATE_LIMIT_RELEASE = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then return redis.call('DECR', KEYS[1]) end
return 0
`;

/** KEYS: lock. ARGV: token. Deletes the lock only if this holder still has it. */
export const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
