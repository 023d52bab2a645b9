// Sessions in Redis: `session:{id}` (hash: userId), `session:{id}:projects` (set of activated project ids,
// so repeated activation never duplicates, B13) and `user_session:{userId}` → id. One session per user,
// shared by the user's clients as in the Python server. The TTL slides: every authenticated use refreshes it.
import type { Redis } from '../platform/redis.js';
import { isUuid } from './token-format.js';

const sessionKey = (id: string) => `session:${id}`;
const projectsKey = (id: string) => `session:${id}:projects`;
const userSessionKey = (userId: string) => `user_session:${userId}`;

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

/** Stores a new session and makes it the user's current one. */
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
  // The user's pointer to the session slides too, but nobody waits for it.
  redis.expire(userSessionKey(owner), ttlS).catch(() => undefined);
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

/** Deletes the session, its project list and the user's pointer to it (if it still points there). */
export async function deleteSession(redis: Redis, sessionId: string, userId: string): Promise<void> {
  const current = await redis.get(userSessionKey(userId));
  const keys = [sessionKey(sessionId), projectsKey(sessionId)];
  if (current === sessionId) keys.push(userSessionKey(userId));
  await redis.del(...keys);
}

async function touchSession(redis: Redis, sessionId: string, userId: string, ttlS: number): Promise<void> {
  await redis
    .multi()
    .expire(sessionKey(sessionId), ttlS)
    .expire(projectsKey(sessionId), ttlS)
    .expire(userSessionKey(userId), ttlS)
    .exec();
}
