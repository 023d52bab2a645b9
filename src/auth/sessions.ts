// Sessions in Redis: `session:{id}` (hash: userId, token), `session:{id}:projects` (set of activated project
// ids, so repeated activation never duplicates, B13), `user_session:{userId}` → id and
// `session_token:{sha256(token)}` → id. The session id names the session in events and datasets; the token
// (the plugin's session_token cookie) is a separate random UUID, the only credential, and no key holds it in
// clear (the hash keeps it so a second client of the user gets the same token back). One session per user,
// shared by the user's clients as in the Python server. The TTL slides: every authenticated use refreshes it,
// and moves the session's expiry time in `session_expiry` with it (the sweeper ends expired sessions in the log).
import { randomUUID } from 'node:crypto';
import type { Redis } from '../platform/redis.js';
import { secretsEqual } from './constant-time.js';
import { isUuid } from './token-format.js';
import {
  SESSION_EXPIRED_AT_KEY,
  SESSION_EXPIRY_KEY,
  SESSION_OWNER_KEY,
  projectsKey,
  sessionKey,
  sessionTokenKey,
  userSessionKey,
} from './session-keys.js';

/** When a session used now with this TTL expires (epoch ms). */
const expiresAt = (ttlS: number) => Date.now() + ttlS * 1000;

export interface SessionInfo {
  userId: string;
  projectIds: string[];
}

export interface UserSession {
  sessionId: string;
  /** Undefined for a session stored before tokens were separate from ids (it may only expire or be ended). */
  token: string | undefined;
}

/** The live session of the user (refreshed), if any. */
export async function findUserSession(
  redis: Redis,
  userId: string,
  ttlS: number,
): Promise<UserSession | undefined> {
  const id = await redis.get(userSessionKey(userId));
  if (!isUuid(id)) return undefined;
  const [owner, stored] = await redis.hmget(sessionKey(id), 'userId', 'token');
  if (owner !== userId) return undefined;
  const token = isUuid(stored) ? stored : undefined;
  await touchSession(redis, id, userId, token, ttlS);
  return { sessionId: id, token };
}

/** Stores a new session, makes it the user's current one and tracks its expiry; returns its new token. */
export async function storeSession(
  redis: Redis,
  sessionId: string,
  userId: string,
  ttlS: number,
): Promise<string> {
  const token = randomUUID();
  await redis
    .multi()
    .hset(sessionKey(sessionId), 'userId', userId, 'token', token)
    .expire(sessionKey(sessionId), ttlS)
    .set(sessionTokenKey(token), sessionId, 'EX', ttlS)
    .set(userSessionKey(userId), sessionId, 'EX', ttlS)
    .hset(SESSION_OWNER_KEY, sessionId, userId)
    .zadd(SESSION_EXPIRY_KEY, expiresAt(ttlS), sessionId)
    .exec();
  return token;
}

/**
 * Gives a live session stored before tokens were separate (its id was its cookie) a token of its own; the
 * session and its projects carry on, and its id stops being a credential. Returns the new token.
 */
export async function issueSessionToken(redis: Redis, sessionId: string, ttlS: number): Promise<string> {
  const token = randomUUID();
  await redis
    .multi()
    .hset(sessionKey(sessionId), 'token', token)
    .set(sessionTokenKey(token), sessionId, 'EX', ttlS)
    .exec();
  return token;
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
 * Deletes the session, its token, its project list, the user's pointer to it (if it still points there) and its
 * expiry tracking: a session ended here never gets an `expired` end as well.
 */
export async function deleteSession(redis: Redis, sessionId: string, userId: string): Promise<void> {
  const [current, token] = await Promise.all([
    redis.get(userSessionKey(userId)),
    redis.hget(sessionKey(sessionId), 'token'),
  ]);
  const keys = [sessionKey(sessionId), projectsKey(sessionId)];
  if (current !== null && secretsEqual(current, sessionId)) keys.push(userSessionKey(userId));
  if (isUuid(token)) keys.push(sessionTokenKey(token));
  await redis
    .multi()
    .del(...keys)
    .zrem(SESSION_EXPIRY_KEY, sessionId)
    .hdel(SESSION_OWNER_KEY, sessionId)
    .hdel(SESSION_EXPIRED_AT_KEY, sessionId)
    .exec();
}

async function touchSession(
  redis: Redis,
  sessionId: string,
  userId: string,
  token: string | undefined,
  ttlS: number,
): Promise<void> {
  const tx = redis
    .multi()
    .expire(sessionKey(sessionId), ttlS)
    .expire(projectsKey(sessionId), ttlS)
    .expire(userSessionKey(userId), ttlS)
    .zadd(SESSION_EXPIRY_KEY, 'XX', expiresAt(ttlS), sessionId);
  if (token) tx.expire(sessionTokenKey(token), ttlS);
  await tx.exec();
}
