// The config lookup of the completion path against a real PostgreSQL: one read per user per TTL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../tests/support/test-env.js';
import { createDb, type Db } from '../platform/db.js';
import type { Clock } from '../platform/clock.js';
import { createUserConfigLookup } from './user-config-lookup.js';

let env: TestEnv;
let db: Db;

beforeAll(async () => {
  env = await createTestEnv();
  db = createDb(env.config.databaseUrl, 2);
  await db
    .insertInto('config')
    .values({ config_id: 1, config_data: '{}' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db.insertInto('config').values({ config_id: 2, config_data: '{}' }).execute();
});

afterAll(async () => {
  await db.destroy();
  await env.cleanup();
});

async function newUser(configId: number): Promise<string> {
  const userId = randomUUID();
  await db
    .insertInto('user')
    .values({
      user_id: userId,
      joined_at: new Date(),
      email: `${userId}@example.com`,
      name: 'T',
      password: 'x',
      is_oauth_signup: false,
      verified: true,
      config_id: configId,
      preference: JSON.stringify({}),
    })
    .execute();
  return userId;
}

describe('user config lookup', () => {
  it('reads a user once per TTL, then sees a changed config', async () => {
    let now = 0;
    const clock: Clock = { now: () => new Date(now), monotonicMs: () => now };
    const lookup = createUserConfigLookup(db, clock, { ttlMs: 1000 });
    const userId = await newUser(1);
    expect(await lookup.configIdOf(userId)).toBe(1);
    await db.updateTable('user').set({ config_id: 2 }).where('user_id', '=', userId).execute();
    now = 999;
    expect(await lookup.configIdOf(userId)).toBe(1); // cached: no round trip
    now = 1000;
    expect(await lookup.configIdOf(userId)).toBe(2);
  });

  it('answers null for a user who no longer exists', async () => {
    const clock: Clock = { now: () => new Date(0), monotonicMs: () => 0 };
    expect(await createUserConfigLookup(db, clock).configIdOf(randomUUID())).toBeNull();
  });
});
