// Account facts that lived only in PostgreSQL, now in the log: the operator's changes to a user (verified,
// admin role, config) and the reference data snapshots (configs, lookup tables) published only when they change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  assignUserConfig,
  contentHash,
  createLastPublishedLookup,
  ensureModelNames,
  insertUser,
  loadReferenceSnapshot,
  publishReferenceData,
  setUserAdmin,
  setUserVerified,
  type ReferenceDeps,
} from '../../src/accounts/index.js';
import { AppError } from '../../src/platform/errors.js';
import { eventsOfTypeFilter, eventsOfUserFilter, type DomainEvent } from '../../events/index.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { createTestApiDeps, type TestApiDeps } from '../support/api-deps.js';
import { readStreamEvents } from '../support/read-stream-events.js';

let env: TestEnv;
let t: TestApiDeps;
let reference: ReferenceDeps;

beforeAll(async () => {
  env = await createTestEnv();
  t = await createTestApiDeps(env);
  reference = {
    db: t.deps.db,
    publisher: t.deps.publisher,
    findLastPublished: createLastPublishedLookup(t.nats.jsm, env.config.streamName, env.config.natsPrefix),
  };
});
afterAll(async () => {
  await t?.close();
  await env?.cleanup();
});

const eventsOf = (type: DomainEvent['type']) =>
  readStreamEvents(t.nats, env.config.streamName, eventsOfTypeFilter(env.config.natsPrefix, type));

async function aUser(): Promise<string> {
  const userId = randomUUID();
  await insertUser(t.deps.db, {
    user_id: userId,
    joined_at: new Date(),
    email: `${userId}@example.com`,
    name: 'Grace',
    password: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA',
    is_oauth_signup: false,
    verified: false,
    config_id: 1,
    preference: JSON.stringify({}),
  });
  return userId;
}

describe("the operator's changes to a user", () => {
  it('record verification, the admin role and the config as events, and nothing for a value already set', async () => {
    const userId = await aUser();
    await t.deps.db.insertInto('config').values({ config_id: 7, config_data: 'arm B' }).execute();
    const verified = await setUserVerified(t.deps, userId, true, 'op-1');
    const repeat = await setUserVerified(t.deps, userId, true, 'op-2');
    await setUserAdmin(t.deps, userId, true, 'op-3');
    const { user } = await assignUserConfig(t.deps, userId, 7, 'op-4');
    expect(user).toMatchObject({ verified: true, is_admin: true, config_id: 7 });
    expect([verified.event?.type, repeat.event]).toEqual(['user.updated', null]);
    const events = await readStreamEvents(
      t.nats,
      env.config.streamName,
      eventsOfUserFilter(env.config.natsPrefix, userId),
    );
    expect(events.map((e) => [e.type, e.correlationId, e.data])).toEqual([
      ['user.updated', 'op-1', { verified: true, passwordChanged: false }],
      ['user.role.changed', 'op-3', { role: 'admin' }],
      ['user.updated', 'op-4', { configId: 7, passwordChanged: false }],
    ]);
    expect(await t.deps.db.selectFrom('account_outbox').selectAll().execute()).toEqual([]);
  });

  it('answers 404 for an unknown user or config and appends nothing', async () => {
    const userId = await aUser();
    await expect(setUserAdmin(t.deps, randomUUID(), true, 'op')).rejects.toMatchObject({ status: 404 });
    const err: unknown = await assignUserConfig(t.deps, userId, 999, 'op').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'config_not_found' });
    const events = await readStreamEvents(
      t.nats,
      env.config.streamName,
      eventsOfUserFilter(env.config.natsPrefix, userId),
    );
    expect(events).toEqual([]);
  });
});

describe('the reference data snapshots', () => {
  it('publish every config and lookup row once, and again only when the content changed', async () => {
    const first = await publishReferenceData(reference);
    expect(first['config.published'].published).toBe(true);
    expect(first['reference.published'].published).toBe(true);
    const [refEvent] = await eventsOf('reference.published');
    const snapshot = await loadReferenceSnapshot(t.deps.db);
    expect(refEvent?.data).toEqual({ ...snapshot, contentHash: contentHash(snapshot) });
    expect(snapshot.triggerTypes.map((r) => r.triggerTypeName)).toEqual(['manual', 'auto', 'idle']);
    expect(snapshot.pluginVersions).toHaveLength(4);
    expect(snapshot.languages.length).toBeGreaterThan(100);
    expect(t.deps.registry.models.every((m) => snapshot.modelNames.some((n) => n.modelId === m.id))).toBe(
      true,
    );
    const [configEvent] = await eventsOf('config.published');
    const configs = await t.deps.db.selectFrom('config').selectAll().orderBy('config_id').execute();
    expect((configEvent?.data as { configs: unknown[] }).configs).toEqual(
      configs.map((c) => ({ configId: c.config_id, configData: c.config_data })),
    );

    // A restart with the same registry (model names and config 1 rewritten) publishes nothing new.
    await ensureModelNames(t.deps.db, t.deps.registry);
    const again = await publishReferenceData(reference);
    expect(again['reference.published']).toEqual({ ...first['reference.published'], published: false });
    expect(again['config.published']).toEqual({ ...first['config.published'], published: false });

    await t.deps.db
      .updateTable('model_name')
      .set({ model_name: 'renamed/model' })
      .where('model_id', '=', 1)
      .execute();
    const changed = await publishReferenceData(reference);
    expect(changed['reference.published'].published).toBe(true);
    expect(changed['reference.published'].seq).toBeGreaterThan(first['reference.published'].seq);
    expect(changed['config.published'].published).toBe(false);
    const published = await eventsOf('reference.published');
    expect(published.map((e) => (e.data as typeof snapshot).modelNames[0]?.modelName)).toEqual([
      snapshot.modelNames[0]?.modelName,
      'renamed/model',
    ]);
  });

  it('publish one snapshot when several API processes start at once', async () => {
    await t.deps.db
      .updateTable('trigger_type')
      .set({ trigger_type_name: 'on idle' })
      .where('trigger_type_id', '=', 3)
      .execute();
    const before = (await eventsOf('reference.published')).length;
    const results = await Promise.all([1, 2, 3].map(() => publishReferenceData(reference)));
    expect(results.filter((r) => r['reference.published'].published)).toHaveLength(1);
    expect(new Set(results.map((r) => r['reference.published'].seq)).size).toBe(1);
    expect(await eventsOf('reference.published')).toHaveLength(before + 1);
  });
});
