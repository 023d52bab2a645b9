// The environment of a bench servers process (servers.ts): the isolated resources of a TestEnv, the bench's
// model registry, an ephemeral loopback port and no rate limit, so the bench measures the completion path alone.
import type { Config } from '../../src/platform/config.js';

export const BENCH_REGISTRY = 'bench/completion-overhead/registry.json';

export function benchServerEnv(config: Config): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    C4M_NATS_PREFIX: config.natsPrefix,
    C4M_STREAM: config.streamName,
    C4M_REDIS_PREFIX: config.redisPrefix,
    C4M_PORT: '0',
    C4M_HOST: '127.0.0.1',
    C4M_MODEL_REGISTRY: BENCH_REGISTRY,
    C4M_RATE_LIMIT_PER_MINUTE: '100000000',
    LOG_LEVEL: 'warn',
  };
}
