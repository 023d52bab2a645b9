// Redis through ioredis with a key prefix per deployment (and per test file).
import { Redis } from 'ioredis';

export type { Redis };

/**
 * A command that gets no reply within 3 s fails (`Command timed out`), queued offline or sent: while Redis is down
 * or restarting, a request answers 503 in time instead of waiting past the plugin's 10 s (docs/operations.md,
 * Faults and recovery). Every command we send is a quick one; none blocks.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 3_000;

export function createRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, {
    keyPrefix,
    maxRetriesPerRequest: 3,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    enableAutoPipelining: true,
    lazyConnect: false,
  });
}
