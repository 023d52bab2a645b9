// Sessions in Redis: `session:{id}` (hash: userId), `session:{id}:projects` (set of activated project ids,
// so repeated activation never duplicates, B13) and `user_session:{userId}` → id. One session per user,
// shared by the user's clients as in the Python server. The TTL slides: every authenticated use refreshes it,
// and moves the session's expiry time in `session_expiry` with it (the sweeper ends expired sessions in the log).
import type { Redis } from '../platform/redis.js';
import { secretsEqual } from './constant-time.js';
import { isUuid } from './token-format.js';
import {
  SESSION_EXPIRED_AT_KEY,
  SESSION_EXPIRY_KEY,
  SESSION_OWNER_KEY,
  projectsKey,
  sessionKey,
  userSessionKey,
} from './session-keys.js';

/** When a session used now with this TTL expires (epoch ms). */
const expiresAt = (ttlS: number) => Date.now() + ttlS * 1000;

export interface SessionInfo {
  userId: string;
  projectIds: string[];
}

/** The live session id of the user (refreshed), if any. */
export async function findUserSession(
  redis: Redis,
  userId: string,
  ttlS: number,
): Promise<string | undefined> {
  const id = await redis.get(userSessionKey(userId));
  if (!isUuid(id)) return undefined;
  const owner = await redis.hget(sessionKey(id), 'userId');
  if (owner !== userId) return undefined;
  await touchSession(redis, id, userId, ttlS);
  return id;
}

/** Stores a new session, makes it the user's current one and tracks its expiry. */
export async function storeSession(
  redis: Redis,
  sessionId: string,
  userId: string,
  ttlS: number,
): Promise<void> {
  await redis
    .multi()
    .hset(sessionKey(sessionId), 'userId', userId)
    .expire(sessionKey(sessionId), ttlS)
    .set(userSessionKey(userId), sessionId, 'EX', ttlS)
    .hset(SESSION_OWNER_KEY, sessionId, userId)
    .zadd(SESSION_EXPIRY_KEY, expiresAt(ttlS), sessionId)
    .exec();
}

/**
 * The owner of a live session and, when asked, whether the project is activated in it; slides the TTL. One round
 * trip (a script): this runs on every completion, so the lookups and every refresh go out together. Only a live
 * session slides: its user's pointer and its expiry time in `session_expiry` move with it (an expired one keeps
 * the time it expired; XX: an untracked id adds nothing). Refreshing a missing key is a no-op.
 */
export async function checkSession(
  redis: Redis,
  sessionId: string | undefined,
  ttlS: number,
  projectId?: string,
): Promise<{ userId: string; hasProject: boolean } | undefined> {
  if (!isUuid(sessionId)) return undefined;
  const reply = (await redis.eval(
    CHECK_SESSION_SCRIPT,
    3,
    sessionKey(sessionId),
    projectsKey(sessionId),
    SESSION_EXPIRY_KEY,
    isUuid(projectId) ? projectId : '-',
    ttlS,
    expiresAt(ttlS),
    sessionId,
    // The user's pointer is named from the owner the script reads, so it gets the key prefix here.
    `${redis.options.keyPrefix ?? ''}${userSessionKey('')}`,
  )) as [string | null, number] | null;
  const owner = reply?.[0];
  if (typeof owner !== 'string') return undefined;
  return { userId: owner, hasProject: isUuid(projectId) && reply?.[1] === 1 };
}

// KEYS: session hash, its projects set, session_expiry. ARGV: project id, TTL s, expiry ms, session id, the
// prefixed name of a user's session pointer without the user id.
const CHECK_SESSION_SCRIPT = `
local owner = redis.call('HGET', KEYS[1], 'userId')
local member = redis.call('SISMEMBER', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
if owner then
  redis.call('EXPIRE', ARGV[5] .. owner, ARGV[2])
  redis.call('ZADD', KEYS[3], 'XX', ARGV[3], ARGV[4])
end
return {owner, member}
`;

export async function readSession(redis: Redis, sessionId: string): Promise<SessionInfo | undefined> {
  const [owner, projectIds] = await Promise.all([
    redis.hget(sessionKey(sessionId), 'userId'),
    redis.smembers(projectsKey(sessionId)),
  ]);
  return owner ? { userId: owner, projectIds: projectIds.sort() } : undefined;
}

/** Adds the project to the session's list; false when it was already there. */
export async function addSessionProject(
  redis: Redis,
  sessionId: string,
  projectId: string,
  ttlS: number,
): Promise<boolean> {
  const [[, added] = []] = (await redis
    .multi()
    .sadd(projectsKey(sessionId), projectId)
    .expire(projectsKey(sessionId), ttlS)
    .exec()) ?? [[]];
  return added === 1;
}

export async function hasSessionProject(
  redis: Redis,
  sessionId: string,
  projectId: string,
): Promise<boolean> {
  return (await redis.sismember(projectsKey(sessionId), projectId)) === 1;
}

/**
 * Deletes the session, its project list, the user's pointer to it (if it still points there) and its expiry
 * tracking: a session ended here never gets an `expired` end as well.
 */
export async function deleteSession(redis: Redis, sessionId: string, userId: string): Promise<void> {
  const current = await redis.get(userSessionKey(userId));
  const keys = [sessionKey(sessionId), projectsKey(sessionId)];
  if (current !== null && secretsEqual(current, sessionId)) keys.push(userSessionKey(userId));
  await redis
    .multi()
    .del(...keys)
    .zrem(SESSION_EXPIRY_KEY, sessionId)
    .hdel(SESSION_OWNER_KEY, sessionId)
    .hdel(SESSION_EXPIRED_AT_KEY, sessionId)
    .exec();
}

async function touchSession(redis: Redis, sessionId: string, userId: string, ttlS: number): Promise<void> {
  await redis
    .multi()
    .expire(sessionKey(sessionId), ttlS)
    .expire(projectsKey(sessionId), ttlS)
    .expire(userSessionKey(userId), ttlS)
    .zadd(SESSION_EXPIRY_KEY, 'XX', expiresAt(ttlS), sessionId)
    .exec();
}
