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
 * trip: this runs on every completion, so the lookups and the refresh go out together (refreshing a missing key
 * is a no-op).
 */
export async function checkSession(
  redis: Redis,
  sessionId: string | undefined,
  ttlS: number,
  projectId?: string,
): Promise<{ userId: string; hasProject: boolean } | undefined> {
  if (!isUuid(sessionId)) return undefined;
  const replies = await redis
    .multi()
    .hget(sessionKey(sessionId), 'userId')
    .sismember(projectsKey(sessionId), isUuid(projectId) ? projectId : '-')
    .expire(sessionKey(sessionId), ttlS)
    .expire(projectsKey(sessionId), ttlS)
    .exec();
  const owner = replies?.[0]?.[1];
  if (typeof owner !== 'string') return undefined;
  // The user's pointer and the expiry time slide too, but nobody waits for them. Only a live session's expiry
  // moves (an expired one keeps the time it expired); XX: an untracked id adds nothing.
  redis
    .multi()
    .expire(userSessionKey(owner), ttlS)
    .zadd(SESSION_EXPIRY_KEY, 'XX', expiresAt(ttlS), sessionId)
    .exec()
    .catch(() => undefined);
  return { userId: owner, hasProject: isUuid(projectId) && replies?.[1]?.[1] === 1 };
}

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
