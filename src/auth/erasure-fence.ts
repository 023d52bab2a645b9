// The erasure fence in Redis: `erasing_user:{userId}` is set before anything of an erasure runs, and every
// append of the user's events is refused from then on (src/bus/fenced-publisher.ts). `erasing_auth:{token}`
// keeps the token of the DELETE request that started the erasure, so a retry with it can finish the job
// after every live token was revoked. Both expire: a request in flight never outlives them.
import type { Redis } from '../platform/redis.js';
import { isUuid } from './token-format.js';

const fenceKey = (userId: string) => `erasing_user:${userId}`;
const erasingAuthKey = (token: string) => `erasing_auth:${token}`;

/** Long past any request in flight, and past a client's retries of its DELETE. */
export const ERASURE_FENCE_TTL_S = 7 * 24 * 3600;

/** Fences the user (idempotent) and keeps `authToken` as the one credential that may resume the erasure. */
export async function fenceUser(redis: Redis, userId: string, authToken?: string): Promise<void> {
  const tx = redis.multi().set(fenceKey(userId), '1', 'EX', ERASURE_FENCE_TTL_S);
  if (isUuid(authToken)) tx.set(erasingAuthKey(authToken), userId, 'EX', ERASURE_FENCE_TTL_S);
  await tx.exec();
}

/** Which of the users are fenced (one round trip). */
export async function fencedUsers(redis: Redis, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const found = await redis.exists(...userIds.map(fenceKey));
  if (found === 0) return [];
  if (userIds.length === 1) return [...userIds];
  const each = await Promise.all(userIds.map((id) => redis.exists(fenceKey(id))));
  return userIds.filter((_, i) => each[i] === 1);
}

/** The user whose erasure this DELETE request's token started, if any. */
export async function resolveErasingToken(
  redis: Redis,
  token: string | undefined,
): Promise<string | undefined> {
  if (!isUuid(token)) return undefined;
  return (await redis.get(erasingAuthKey(token))) ?? undefined;
}
