// Scripts sent as EVALSHA straight to the connection, against real Redis: one Redis has never seen is loaded
// through the NOSCRIPT fallback, keys get the connection's prefix, replies come as strings, and the scripts of
// many concurrent callers in one tick each get their own answer.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../tests/support/test-env.js';
import { createRedis, type Redis } from './redis.js';
import { redisScript, runScript } from './redis-script.js';

let env: TestEnv;
let redis: Redis;
let bare: Redis;

beforeAll(async () => {
  env = await createTestEnv({ migrate: false });
  redis = createRedis(env.config.redisUrl, env.config.redisPrefix);
  bare = createRedis(env.config.redisUrl, '');
});
afterAll(async () => {
  const keys = await bare.keys(`${env.config.redisPrefix}*`);
  if (keys.length > 0) await bare.del(...keys);
  redis.disconnect();
  bare.disconnect();
  await env?.cleanup();
});

describe('runScript', () => {
  it('loads a script Redis has not seen, then runs it by its digest, with prefixed keys and string replies', async () => {
    // A script text of its own (a fresh comment): no connection has loaded it yet.
    const script = redisScript(`-- ${randomUUID()}
redis.call('SET', KEYS[1], ARGV[1])
return {KEYS[1], redis.call('GET', KEYS[1]), 7}`);
    expect(await bare.script('EXISTS', script.sha)).toEqual([0]);
    const first = await runScript(redis, script, ['k'], ['v1']);
    expect(first).toEqual([`${env.config.redisPrefix}k`, 'v1', 7]);
    expect(await bare.script('EXISTS', script.sha)).toEqual([1]);
    expect(await runScript(redis, script, ['k'], [2])).toEqual([`${env.config.redisPrefix}k`, '2', 7]);
    expect(await bare.get(`${env.config.redisPrefix}k`)).toBe('2');
  });

  it('answers each of many callers in one tick with its own reply', async () => {
    const script = redisScript(`return redis.call('INCRBY', KEYS[1], ARGV[1])`);
    const key = `n:${randomUUID()}`;
    const replies = await Promise.all(Array.from({ length: 50 }, () => runScript(redis, script, [key], [1])));
    expect([...replies].sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(await redis.get(key)).toBe('50');
  });

  it('rejects with the script error', async () => {
    const script = redisScript(`return redis.error_reply('NOPE broken')`);
    await expect(runScript(redis, script, [], [])).rejects.toThrow(/NOPE broken/);
  });
});
