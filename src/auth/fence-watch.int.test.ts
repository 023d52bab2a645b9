// The erasure fence as each API process holds it, against real Redis: a fence set by another process refuses
// the next append of a request authenticated before it, answered from memory; a watch that starts late (or
// comes back) reads the fences set meanwhile; a watch that is not live asks Redis.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent, type DomainEvent } from '../../events/index.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import { createFencedPublisher, UserErasedError } from '../bus/fenced-publisher.js';
import { createLogger } from '../platform/logger.js';
import { createRedis, type Redis } from '../platform/redis.js';
import { eventually } from '../../tests/support/eventually.js';
import { createTestEnv, type TestEnv } from '../../tests/support/test-env.js';
import { fenceChannelOf, fenceUser } from './erasure-fence.js';
import { createFenceWatch, type FenceWatch } from './fence-watch.js';
import { checkSession } from './session-check.js';
import { storeSession } from './sessions.js';

let env: TestEnv;
/** This API process's connection, and another process's (the one running the erasure). */
let redis: Redis;
let other: Redis;
const watches: FenceWatch[] = [];
const logger = createLogger('silent');

beforeAll(async () => {
  env = await createTestEnv({ migrate: false });
  redis = createRedis(env.config.redisUrl, env.config.redisPrefix);
  other = createRedis(env.config.redisUrl, env.config.redisPrefix);
});
afterAll(async () => {
  for (const w of watches) w.close();
  const keys = await redis.keys(`${env.config.redisPrefix}*`);
  if (keys.length > 0) await redis.del(...keys.map((k) => k.slice(env.config.redisPrefix.length)));
  redis.disconnect();
  other.disconnect();
  await env?.cleanup();
});

async function liveWatch(): Promise<FenceWatch> {
  const watch = createFenceWatch(redis, logger);
  watches.push(watch);
  await eventually(() => expect(watch.live).toBe(true));
  return watch;
}

function recording(): { publisher: EventPublisher; appended: DomainEvent[] } {
  const appended: DomainEvent[] = [];
  const append = (e: DomainEvent) => {
    appended.push(e);
    return Promise.resolve({ seq: appended.length, duplicate: false });
  };
  return { appended, publisher: { append, appendAll: (es) => Promise.all(es.map(append)) } };
}

const requested = (userId: string, sessionId: string) =>
  makeEvent(
    'completion.feedback',
    { userId, sessionId, queryId: randomUUID(), correlationId: 'c' },
    { modelId: 1, wasAccepted: true, groundTruth: null, receivedAt: new Date().toISOString() },
  );

describe('the fence watch', () => {
  it('refuses an append after the fence from memory, though the session was checked before it', async () => {
    const watch = await liveWatch();
    const inner = recording();
    const publisher = createFencedPublisher(inner.publisher, watch.fencedUsers);
    const [userId, sessionId] = [randomUUID(), randomUUID()];
    const token = await storeSession(redis, sessionId, userId, 600);
    expect(await checkSession(redis, token, 600)).toMatchObject({ userId, sessionId });
    await publisher.append(requested(userId, sessionId));

    // Another process begins the erasure: it returns once this process has acknowledged the notice.
    expect(await fenceUser(other, userId)).toEqual({ listeners: 1, acknowledged: 1 });
    const answer = watch.fencedUsers([userId, randomUUID()]);
    expect(answer).toEqual([userId]); // at hand, no round trip
    await expect(publisher.append(requested(userId, sessionId))).rejects.toBeInstanceOf(UserErasedError);
    await expect(publisher.appendAll([requested(userId, sessionId)])).rejects.toMatchObject({ status: 401 });
    expect(inner.appended).toHaveLength(1);
    // A request that comes after the fence is refused at its session check already.
    expect(await checkSession(redis, token, 600)).toBeUndefined();
  });

  it('reads the fences set before it started, and asks Redis until it has', async () => {
    const userId = randomUUID();
    expect((await fenceUser(other, userId)).acknowledged).toBeGreaterThanOrEqual(0);
    const watch = createFenceWatch(redis, logger);
    watches.push(watch);
    const early = watch.fencedUsers([userId]);
    if (!watch.live) expect(early).toBeInstanceOf(Promise);
    expect(await early).toEqual([userId]);
    await eventually(() => expect(watch.live).toBe(true));
    expect(watch.fencedUsers([userId])).toEqual([userId]);
  });

  it('misses no fence across a lost connection: it asks Redis until it has subscribed and read them again', async () => {
    const watch = await liveWatch();
    const name = `${fenceChannelOf(redis)}-watch`;
    const clients = String(await other.client('LIST'))
      .split('\n')
      .filter((line) => line.includes(` name=${name} `));
    expect(clients.length).toBeGreaterThan(0);
    const userId = randomUUID();
    for (const line of clients) await other.client('KILL', 'ID', /\bid=(\d+)/.exec(line)![1]!);
    await fenceUser(other, userId); // while the watches are away, or just back
    expect(await watch.fencedUsers([userId])).toEqual([userId]);
    await eventually(() => expect(watch.live).toBe(true));
    expect(watch.fencedUsers([userId])).toEqual([userId]);
  });

  it('asks Redis once closed', async () => {
    const watch = await liveWatch();
    const userId = randomUUID();
    const listening = async () => Number((await other.pubsub('NUMSUB', fenceChannelOf(other)))[1]);
    const before = await listening();
    watch.close();
    expect(watch.live).toBe(false);
    await eventually(async () => expect(await listening()).toBe(before - 1));
    expect(await fenceUser(other, userId)).toEqual({ listeners: before - 1, acknowledged: before - 1 });
    const answer = watch.fencedUsers([userId, randomUUID()]);
    expect(answer).toBeInstanceOf(Promise);
    expect(await answer).toEqual([userId]);
  });
});
