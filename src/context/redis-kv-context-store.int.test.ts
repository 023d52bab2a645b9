import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createTestEnv, type TestEnv } from '../../tests/support/test-env.js';
import { createRedis, type Redis } from '../platform/redis.js';
import type { FileContextChange } from '../../events/index.js';
import { createLiveContextStore } from './redis-kv-context-store.js';
import type { LiveContextStore } from './live-context-store.js';

const whole = (lines: string[]): FileContextChange[] => [
  { change_type: 'insert', start_line: 0, end_line: lines.length - 1, new_lines: lines },
];

let env: TestEnv;
let nc: NatsConnection;
let redis: Redis;

beforeAll(async () => {
  env = await createTestEnv({ migrate: false });
  nc = await connect({ servers: env.config.natsUrl });
  redis = createRedis(env.config.redisUrl, env.config.redisPrefix);
});

afterAll(async () => {
  await deletePrefixedKeys(redis, env.config.redisPrefix);
  redis.disconnect();
  await nc.close();
  await env.cleanup();
});

/** An update whose record step does nothing (the use case appends its events there). */
const apply = (store: LiveContextStore, project: string, updates: Record<string, FileContextChange[]>) =>
  store.update(project, updates, () => Promise.resolve());

/** Deletes only this test file's keys: the Redis server is shared. */
async function deletePrefixedKeys(r: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    // scan returns full keys; delete them without the client's key prefix
    if (found.length > 0) await r.call('DEL', ...found);
  } while (cursor !== '0');
}

describe('live context store', () => {
  it('reads nothing for an empty list of paths (a completion whose only context file is the open one)', async () => {
    const store = await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix });
    const project = crypto.randomUUID();
    await apply(store, project, { 'a.py': whole(['a']) });
    expect(await store.snapshot(project, [])).toEqual({});
    expect(await store.changeCounts(project, [])).toEqual({});
    expect(await store.snapshot(project, ['a.py'])).toEqual({ 'a.py': { lines: ['a'], changeCount: 1 } });
  });

  it('reads the paths asked for, leaving out those it does not hold, and the whole project for none named', async () => {
    const store = await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix });
    const project = crypto.randomUUID();
    expect(await store.snapshot(project)).toEqual({});
    expect(await store.snapshot(project, ['a.py'])).toEqual({});
    await apply(store, project, { 'a.py': whole(['a']), 'b.py': whole(['b']) });
    expect(await store.snapshot(project, ['missing.py', 'b.py'])).toEqual({
      'b.py': { lines: ['b'], changeCount: 1 },
    });
    expect(Object.keys(await store.snapshot(project)).sort()).toEqual(['a.py', 'b.py']);
  });

  it('applies updates, keeps JSON-looking lines as strings and drops emptied files', async () => {
    const store = await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix });
    const project = crypto.randomUUID();
    const applied = await apply(store, project, {
      'a.py': whole(['x = 1', '[]', '42', 'null']),
      'b.py': whole(['b1', 'b2']),
    });
    expect(applied.files['a.py']).toEqual(['x = 1', '[]', '42', 'null']);
    expect(applied.summary['a.py']).toEqual({ lineCount: 4, changeCount: 1 });

    await apply(store, project, {
      'b.py': [{ change_type: 'remove', start_line: 0, end_line: 2, new_lines: [] }],
    });
    expect(await store.read(project)).toEqual({ 'a.py': ['x = 1', '[]', '42', 'null'] });
    expect(await store.changeCounts(project)).toEqual({ 'a.py': 1, 'b.py': 2 });
  });

  it('redacts secrets line by line', async () => {
    const store = await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix });
    const project = crypto.randomUUID();
    const out = await apply(store, project, { 'cfg.py': whole(['host = "db"', 'db_password = "hunter2!"']) });
    expect(out.files['cfg.py']).toEqual(['host = "db"', 'db_password = "<hidden>"']);
  });

  it('reads the context back from KV after the Redis keys are flushed and with a new store', async () => {
    const store = await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix });
    const project = crypto.randomUUID();
    await apply(store, project, { 'keep.ts': whole(['let a = 1;', 'let b = 2;']) });
    await deletePrefixedKeys(redis, env.config.redisPrefix);

    const fresh = await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix });
    expect(await fresh.read(project)).toEqual({ 'keep.ts': ['let a = 1;', 'let b = 2;'] });
    await apply(fresh, project, {
      'keep.ts': [{ change_type: 'update', start_line: 1, end_line: 2, new_lines: ['let b = 3;'] }],
    });
    expect(await store.read(project, ['keep.ts'])).toEqual({ 'keep.ts': ['let a = 1;', 'let b = 3;'] });
  });

  it('loses no update when two API processes change the same file at once', async () => {
    const one = await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix });
    const redis2 = createRedis(env.config.redisUrl, env.config.redisPrefix);
    const two = await createLiveContextStore({ redis: redis2, nc, prefix: env.config.natsPrefix });
    const project = crypto.randomUUID();
    await apply(one, project, { 'f.txt': whole(['start', 'end']) });
    const inserts = Array.from({ length: 10 }, (_, i) =>
      apply(i % 2 ? one : two, project, {
        'f.txt': [{ change_type: 'insert', start_line: 1, end_line: 1, new_lines: [`line ${i}`] }],
      }),
    );
    await Promise.all(inserts);
    const lines = (await one.read(project))['f.txt'] ?? [];
    expect(lines).toHaveLength(12);
    expect((await two.changeCounts(project))['f.txt']).toBe(11);
    redis2.disconnect();
  });

  it('hands the computed update to its record step before the store changes, and writes nothing if it fails', async () => {
    const store = await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix });
    const project = crypto.randomUUID();
    await apply(store, project, { 'a.py': whole(['one', 'two']) });
    const seen: Array<{ stored: unknown; computed: unknown }> = [];
    const update = {
      'a.py': [{ change_type: 'update' as const, start_line: 0, end_line: 1, new_lines: ['ONE'] }],
    };
    await expect(
      store.update(project, update, async (result) => {
        seen.push({ stored: await store.read(project), computed: result.summary });
        throw new Error('append failed');
      }),
    ).rejects.toThrow('append failed');
    expect(seen).toEqual([
      { stored: { 'a.py': ['one', 'two'] }, computed: { 'a.py': { lineCount: 2, changeCount: 2 } } },
    ]);
    const fresh = await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix });
    expect(await fresh.snapshot(project)).toEqual({ 'a.py': { lines: ['one', 'two'], changeCount: 1 } });
    const applied = await apply(store, project, update);
    expect(applied.summary).toEqual({ 'a.py': { lineCount: 2, changeCount: 2 } });
    expect(await store.read(project)).toEqual({ 'a.py': ['ONE', 'two'] });
  });

  it('serialises the updates of one project across stores, so records run in the order the store takes them', async () => {
    const one = await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix });
    const two = await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix });
    const project = crypto.randomUUID();
    const recorded: number[] = [];
    const updates = Array.from({ length: 6 }, (_, i) =>
      (i % 2 ? one : two).update(
        project,
        { 'f.txt': [{ change_type: 'insert', start_line: 0, end_line: 0, new_lines: [`l${i}`] }] },
        async (result) => {
          recorded.push(result.summary['f.txt']?.changeCount ?? -1);
          await new Promise((r) => setImmediate(r));
        },
      ),
    );
    await Promise.all(updates);
    expect(recorded).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
