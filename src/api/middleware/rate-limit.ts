// Fixed-window rate limit per client and route group, counted in Redis so that several API processes
// share one budget. Over the limit: 429 with the Python server's message.
import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Redis } from '../../platform/redis.js';
import { Errors } from '../../platform/errors.js';

export interface RateLimitOptions {
  group: string;
  limitPerMinute: number;
}

export function rateLimit(redis: Redis, { group, limitPerMinute }: RateLimitOptions): MiddlewareHandler {
  return async (c, next) => {
    const window = Math.floor(Date.now() / 60_000);
    const key = `rl:${group}:${clientKey(c)}:${window}`;
    // One round trip: count, and give a new window its expiry (NX leaves a running window's alone).
    const replies = await redis.multi().incr(key).expire(key, 61, 'NX').exec();
    const count = Number(replies?.[0]?.[1] ?? 0);
    c.header('X-RateLimit-Limit', String(limitPerMinute));
    c.header('X-RateLimit-Remaining', String(Math.max(0, limitPerMinute - count)));
    if (count > limitPerMinute) throw Errors.tooManyRequests();
    await next();
  };
}

function clientKey(c: Parameters<MiddlewareHandler>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket
    return c.req.header('x-test-client') ?? 'local';
  }
}
