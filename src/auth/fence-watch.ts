// One API process's view of the erasure fence (erasure-fence.ts), so that the fenced publisher checks an
// append without a round trip to Redis. A subscriber connection takes each fence notice into memory and
// acknowledges it (fenceUser waits for that); on every (re)connection it subscribes first and then reads the
// fences already set (`erasing_users`), so a notice published while it was away is not missed. Until it has
// done both, and whenever that connection is down (or stops answering its heartbeat), every check asks Redis
// as before.
import type { Logger } from '../platform/logger.js';
import type { Redis } from '../platform/redis.js';
import {
  FENCED_USERS_KEY,
  fenceAckKey,
  fenceChannelOf,
  fencedUsers,
  ERASURE_FENCE_TTL_S,
} from './erasure-fence.js';
import { isUuid } from './token-format.js';

/** How long an acknowledgement stays (fenceUser reads it within FENCE_ACK_WAIT_MS). */
const ACK_TTL_S = 60;
const RELOAD_RETRY_MS = 1_000;
/** A subscription cut without a word (a half-open connection) is noticed within this (plus the command timeout). */
const HEARTBEAT_MS = 5_000;

export interface FenceWatch {
  /** Which of the users are fenced: from memory while the watch is live (no await), else from Redis. */
  readonly fencedUsers: (userIds: readonly string[]) => readonly string[] | Promise<readonly string[]>;
  /** Whether checks are answered from memory (subscribed, and the fences set before were read). */
  readonly live: boolean;
  close(): void;
}

export function createFenceWatch(redis: Redis, logger: Logger): FenceWatch {
  const fenced = new Map<string, number>(); // user id → when the fence expires (epoch ms)
  const channel = fenceChannelOf(redis);
  let live = false;
  let generation = 0;
  let closed = false;
  let warned = false;
  const sub = redis.duplicate({
    autoResubscribe: false,
    enableOfflineQueue: false,
    lazyConnect: true,
    connectionName: `${channel}-watch`,
  });

  const down = () => {
    live = false;
    generation += 1;
  };
  const catchUp = async (gen: number): Promise<void> => {
    try {
      await sub.subscribe(channel);
      const rows = await redis.zrangebyscore(FENCED_USERS_KEY, Date.now(), '+inf', 'WITHSCORES');
      if (gen !== generation) return;
      for (let i = 0; i + 1 < rows.length; i += 2) fenced.set(rows[i]!, Number(rows[i + 1]));
      live = true;
      warned = false;
    } catch (err) {
      if (gen !== generation || closed) return;
      logger.warn({ err }, 'the erasure fence watch could not catch up; appends ask Redis meanwhile');
      setTimeout(() => void catchUp(gen), RELOAD_RETRY_MS).unref();
    }
  };
  sub.on('message', (from: string, notice: string) => {
    if (from !== channel) return;
    const [userId, nonce] = notice.split(' ');
    if (!isUuid(userId) || !nonce) return;
    const now = Date.now();
    for (const [id, until] of fenced) if (until <= now) fenced.delete(id);
    fenced.set(userId, now + ERASURE_FENCE_TTL_S * 1000);
    redis
      .multi()
      .incr(fenceAckKey(nonce))
      .expire(fenceAckKey(nonce), ACK_TTL_S)
      .exec()
      .catch((err: unknown) => logger.warn({ err }, 'an erasure fence notice could not be acknowledged'));
  });
  sub.on('ready', () => void catchUp(generation));
  sub.on('close', down);
  sub.on('reconnecting', down);
  sub.on('error', (err: unknown) => {
    if (!warned) logger.warn({ err }, 'the erasure fence watch lost Redis; appends ask Redis meanwhile');
    warned = true;
  });
  sub.connect().catch(() => undefined); // the error handler logs it, and ioredis keeps reconnecting
  const heartbeat = setInterval(() => {
    if (!live) return;
    sub.ping().catch(() => {
      if (closed || !live) return;
      down();
      sub.disconnect(true); // and reconnect: catchUp runs again on 'ready'
    });
  }, HEARTBEAT_MS).unref();

  return {
    fencedUsers: (userIds) => {
      if (!live) return fencedUsers(redis, userIds);
      const now = Date.now();
      return userIds.filter((id) => (fenced.get(id) ?? 0) > now);
    },
    get live() {
      return live;
    },
    close: () => {
      closed = true;
      clearInterval(heartbeat);
      down();
      sub.disconnect();
    },
  };
}
