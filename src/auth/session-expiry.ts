// Finding sessions that expired in Redis, so they can be ended in the log. Every tracked session has its
// expiry time in `session_expiry` (sliding with each use) and its owner in `session_owner`. A sweeper claims a
// due session atomically (a Lua script: only when its key is really gone, and only one sweeper at a time, for a
// lease), appends session.ended, then forgets it; a sweeper that dies holding a claim loses it when the lease runs out.
import type { Redis } from '../platform/redis.js';
import { SESSION_EXPIRED_AT_KEY, SESSION_EXPIRY_KEY, SESSION_OWNER_KEY, sessionKey } from './session-keys.js';

export interface ExpiredSession {
  sessionId: string;
  /** Undefined when the owner is unknown (tracked by an older version or cleaned up by hand). */
  userId: string | undefined;
  /** When it expired: its last use + the TTL (epoch ms). */
  expiredAtMs: number;
}

// KEYS: expiry zset, the session's key, owner hash, expired-at hash. ARGV: session id, now (ms), lease (ms).
// A session whose key still lives (its score was behind) gets its real expiry back from PTTL and is not claimed.
// A claim keeps the first expiry time it saw and pushes the score past the lease, so other sweepers skip it.
const CLAIM_SCRIPT = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
local now = tonumber(ARGV[2])
if not score or tonumber(score) > now then return false end
local pttl = redis.call('PTTL', KEYS[2])
if pttl ~= -2 then
  if pttl < 0 then pttl = 1000 end
  redis.call('ZADD', KEYS[1], now + pttl, ARGV[1])
  return false
end
redis.call('HSETNX', KEYS[4], ARGV[1], score)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
return { redis.call('HGET', KEYS[4], ARGV[1]), redis.call('HGET', KEYS[3], ARGV[1]) or '' }
`;

/** Ids of tracked sessions whose expiry time has passed (some may still live or be claimed: claim decides). */
export async function dueSessions(redis: Redis, nowMs: number, limit: number): Promise<string[]> {
  return redis.zrangebyscore(SESSION_EXPIRY_KEY, '-inf', nowMs, 'LIMIT', 0, limit);
}

/** Claims an expired session for `leaseMs`; undefined when it still lives or another sweeper holds it. */
export async function claimExpiredSession(
  redis: Redis,
  sessionId: string,
  nowMs: number,
  leaseMs: number,
): Promise<ExpiredSession | undefined> {
  const keys = [SESSION_EXPIRY_KEY, sessionKey(sessionId), SESSION_OWNER_KEY, SESSION_EXPIRED_AT_KEY];
  const reply = (await redis.eval(CLAIM_SCRIPT, keys.length, ...keys, sessionId, nowMs, leaseMs)) as
    [string, string] | null;
  if (!reply) return undefined;
  const [expiredAt, owner] = reply;
  return { sessionId, userId: owner || undefined, expiredAtMs: Number(expiredAt) };
}

/** Stops tracking a session (once its end is in the log). */
export async function forgetSession(redis: Redis, sessionId: string): Promise<void> {
  await redis
    .multi()
    .zrem(SESSION_EXPIRY_KEY, sessionId)
    .hdel(SESSION_OWNER_KEY, sessionId)
    .hdel(SESSION_EXPIRED_AT_KEY, sessionId)
    .exec();
}
