/**
 * The Lua scripts behind the Redis hot state. Each runs atomically on the server, so two instances
 * touching the same key never interleave. Logical time is the caller's `at` (the injected clock), as
 * in the in-process backend: window scores and expiry times are request times. Redis's own PEXPIRE
 * (server time) only collects what no window or expiry can see any more.
 */

/**
 * KEYS[1] the set; ARGV member, at, windowMs, maxMembers, sampleSize → { distinct, sample }.
 * A sorted set scored by time: ZADD GT keeps the newest time of a member when instances' clocks
 * disagree; members at or before `at - windowMs` leave; beyond the cap the oldest leave.
 */
export const ADD_TO_WINDOW = `
local key = KEYS[1]
local at = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local cap = tonumber(ARGV[4])
redis.call('ZADD', key, 'GT', at, ARGV[1])
redis.call('ZREMRANGEBYSCORE', key, '-inf', at - window)
local n = redis.call('ZCARD', key)
if n > cap then
  redis.call('ZREMRANGEBYRANK', key, 0, n - cap - 1)
  n = cap
end
redis.call('PEXPIRE', key, window)
return { n, redis.call('ZRANGE', key, 0, tonumber(ARGV[5]) - 1) }
`;

/**
 * KEYS[1]; ARGV value, at, expiresAt, ttlMs → the previous value if it had not expired at `at`, else nil.
 * Stored as "expiresAt|value".
 */
export const SWAP = `
local old = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[3] .. '|' .. ARGV[1], 'PX', ARGV[4])
if not old then return false end
local sep = string.find(old, '|', 1, true)
if not sep or tonumber(string.sub(old, 1, sep - 1)) <= tonumber(ARGV[2]) then return false end
return string.sub(old, sep + 1)
`;

/** KEYS[1]; ARGV at, expiresAt, ttlMs → 1 when the name was free at `at` (and is now held), else 0. */
export const CLAIM = `
local old = redis.call('GET', KEYS[1])
if old and tonumber(old) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;
