// auth_token values in Redis: `auth:{token}` → user id and `user_auth:{userId}` → token, both with the
// configured TTL. A login reuses the user's still-valid token instead of minting a new one each time (B15).
import { randomUUID } from 'node:crypto';
import type { Redis } from '../platform/redis.js';
import { isUuid } from './token-format.js';

const authKey = (token: string) => `auth:${token}`;
const userAuthKey = (userId: string) => `user_auth:${userId}`;

/** The user's current token (refreshed to the full TTL) or a new one. */
export async function issueAuthToken(redis: Redis, userId: string, ttlS: number): Promise<string> {
  const existing = await redis.get(userAuthKey(userId));
  if (isUuid(existing) && (await redis.get(authKey(existing))) === userId) {
    await redis.multi().expire(authKey(existing), ttlS).expire(userAuthKey(userId), ttlS).exec();
    return existing;
  }
  const token = randomUUID();
  await redis
    .multi()
    .set(authKey(token), userId, 'EX', ttlS)
    .set(userAuthKey(userId), token, 'EX', ttlS)
    .exec();
  return token;
}

/** The user id of a live token; undefined for unknown, expired or malformed tokens. */
export async function resolveAuthToken(redis: Redis, token: string | undefined): Promise<string | undefined> {
  if (!isUuid(token)) return undefined;
  return (await redis.get(authKey(token))) ?? undefined;
}

/** Revokes the given token and the user's current one. */
export async function revokeAuthTokens(redis: Redis, userId: string, token?: string): Promise<void> {
  const current = await redis.get(userAuthKey(userId));
  const keys = [userAuthKey(userId)];
  if (isUuid(current)) keys.push(authKey(current));
  if (isUuid(token)) keys.push(authKey(token));
  await redis.del(...keys);
}
