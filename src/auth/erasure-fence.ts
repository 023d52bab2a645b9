// The erasure fence in Redis: `erasing_user:{userId}` is set before anything of an erasure runs, and every
// append of the user's events is refused from then on (src/bus/fenced-publisher.ts). The same transaction lists
// the user in `erasing_users` and publishes a notice that every API process's fence watch (fence-watch.ts)
// takes into memory and acknowledges; fenceUser returns once every process listening has acknowledged it, so
// from then on no process appends for the user without a round trip per append. `erasing_auth:{token}` keeps
// the token of the DELETE request that started the erasure, so a retry with it can finish the job after every
// live token was revoked. All expire: a request in flight never outlives them.
import { randomUUID } from 'node:crypto';
import type { Redis } from '../platform/redis.js';
import { isUuid } from './token-format.js';

export const fenceKey = (userId: string) => `erasing_user:${userId}`;
const erasingAuthKey = (token: string) => `erasing_auth:${token}`;
/** Sorted set: fenced user id → when their fence expires (epoch ms); a watch that (re)connects reads it. */
export const FENCED_USERS_KEY = 'erasing_users';
/** The acknowledgements of one notice (a counter). */
export const fenceAckKey = (nonce: string) => `erasing_ack:${nonce}`;
/** Pub/sub channels take no key prefix of their own: the deployment's is part of the name. */
export const fenceChannelOf = (redis: Redis) => `${redis.options.keyPrefix ?? ''}erasure_fence`;

/** Long past any request in flight, and past a client's retries of its DELETE. */
export const ERASURE_FENCE_TTL_S = 7 * 24 * 3600;
/** How long fenceUser waits for the watches' acknowledgements (a watch answers within a millisecond or two). */
export const FENCE_ACK_WAIT_MS = 2_000;

export interface FenceOutcome {
  /** API processes that got the notice (Redis' count of the channel's subscribers). */
  listeners: number;
  /** How many acknowledged it in time; fewer than `listeners` means one is stalled (docs/security.md). */
  acknowledged: number;
}

/**
 * Fences the user (idempotent), keeps `authToken` as the one credential that may resume the erasure, and
 * waits until every listening API process has taken the fence into memory (or FENCE_ACK_WAIT_MS passed).
 */
export async function fenceUser(redis: Redis, userId: string, authToken?: string): Promise<FenceOutcome> {
  const nonce = randomUUID();
  const now = Date.now();
  const tx = redis
    .multi()
    .set(fenceKey(userId), '1', 'EX', ERASURE_FENCE_TTL_S)
    .zremrangebyscore(FENCED_USERS_KEY, '-inf', now)
    .zadd(FENCED_USERS_KEY, now + ERASURE_FENCE_TTL_S * 1000, userId)
    .publish(fenceChannelOf(redis), `${userId} ${nonce}`);
  if (isUuid(authToken)) tx.set(erasingAuthKey(authToken), userId, 'EX', ERASURE_FENCE_TTL_S);
  const replies = await tx.exec();
  const [err, listeners] = replies?.[3] ?? [new Error('the fence transaction was discarded')];
  if (err) throw err;
  return {
    listeners: Number(listeners),
    acknowledged: await acknowledgements(redis, nonce, Number(listeners)),
  };
}

async function acknowledgements(redis: Redis, nonce: string, listeners: number): Promise<number> {
  const deadline = Date.now() + FENCE_ACK_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    const acked = Number((await redis.get(fenceAckKey(nonce))) ?? 0);
    if (acked >= listeners || Date.now() > deadline) return acked;
    await new Promise((r) => setTimeout(r, Math.min(1 + attempt, 20)));
  }
}

/** Which of the users are fenced, asked of Redis (one round trip). */
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
