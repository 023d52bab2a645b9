// The transactional outbox of account events against real PostgreSQL, Redis and JetStream: a change whose
// commit fails appends nothing, one whose append fails is appended later by the relay, and rows a crash left
// behind are appended exactly once, even by two relays side by side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createApp, type App } from '../../src/api/app.js';
import {
  createOutboxRelay,
  insertOutboxRows,
  relayOutbox,
  type OutboxDeps,
} from '../../src/accounts/index.js';
import { allEventsFilter, eventsOfTypeFilter, makeEvent, type DomainEvent } from '../../events/index.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { createTestApiDeps, type TestApiDeps } from '../support/api-deps.js';
import { PluginClient } from '../support/plugin-client.js';
import { readStreamEvents } from '../support/read-stream-events.js';
import { eventually } from '../support/eventually.js';
import { countingPublisher, failingPublisher } from '../support/fake-publishers.js';

const PASSWORD = 'Secret123';
let env: TestEnv;
let t: TestApiDeps;
let app: App;

beforeAll(async () => {
  env = await createTestEnv({ overrides: { authRateLimitPerMinute: 10_000 } });
  t = await createTestApiDeps(env);
  app = createApp(t.deps);
  // A commit that fails after the rows were written (as a lost connection or a deferred constraint would):
  // rows named "doomed" are refused at COMMIT, not at INSERT.
  await sql`CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF to_jsonb(NEW)->>'email' LIKE 'doomed%' OR to_jsonb(NEW)->>'project_name' = 'doomed' THEN
        RAISE EXCEPTION 'commit refused for %', TG_TABLE_NAME;
      END IF;
      RETURN NEW;
    END $$`.execute(t.deps.db);
  for (const table of ['user', 'project']) {
    await sql`CREATE CONSTRAINT TRIGGER ${sql.raw(`refuse_doomed_${table}`)} AFTER INSERT ON ${sql.table(table)}
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_doomed()`.execute(t.deps.db);
  }
});
afterAll(async () => {
  await t?.close();
  await env?.cleanup();
});

const signUpBody = (email: string) => ({
  email,
  name: 'Ada Lovelace',
  password: PASSWORD,
  config_id: 1,
  token: '',
  provider: 'no_provider',
});
const eventsOfType = (type: DomainEvent['type']) =>
  readStreamEvents(t.nats, env.config.streamName, eventsOfTypeFilter(env.config.natsPrefix, type));
const outboxRows = () => t.deps.db.selectFrom('account_outbox').selectAll().execute();
const relayDeps = (over: Partial<OutboxDeps> = {}): OutboxDeps => ({
  db: t.deps.db,
  publisher: t.deps.publisher,
  logger: t.deps.logger,
  ...over,
});

describe('a change whose commit fails', () => {
  it('leaves no user.registered in the stream and no user in the table', async () => {
    const client = new PluginClient(app);
    const res = await client.call('POST', '/api/user/create', signUpBody('doomed@example.com'));
    expect(res.status).toBe(500);
    const users = await t.deps.db.selectFrom('user').select('email').execute();
    expect(users.map((u) => u.email)).not.toContain('doomed@example.com');
    const registered = await eventsOfType('user.registered');
    expect(registered.map((e) => (e.data as { email: string }).email)).not.toContain('doomed@example.com');
    expect(await outboxRows()).toEqual([]);
  });

  it('leaves no project.created or project.member.added for a project that was not stored', async () => {
    const client = new PluginClient(app);
    await client.ok('POST', '/api/user/create', signUpBody('builder@example.com'));
    await client.ok('POST', '/api/user/authenticate', {
      email: 'builder@example.com',
      password: PASSWORD,
      provider: 'no_provider',
      token: '',
    });
    await client.ok('GET', '/api/session/acquire');
    const res = await client.call('POST', '/api/project/create', { project_name: 'doomed' });
    expect(res.status).toBe(500);
    expect(await t.deps.db.selectFrom('project').selectAll().execute()).toEqual([]);
    expect(await eventsOfType('project.created')).toEqual([]);
    expect(await eventsOfType('project.member.added')).toEqual([]);
  });
});

describe('a change whose append fails after the commit', () => {
  it('keeps its event in the outbox until the relay appends it, once', async () => {
    const broken = new PluginClient(createApp({ ...t.deps, publisher: failingPublisher }));
    const res = await broken.call('POST', '/api/user/create', signUpBody('later@example.com'));
    expect(res.status).toBe(500);
    const [row, ...more] = await outboxRows();
    expect(more).toEqual([]);
    const user = await t.deps.db
      .selectFrom('user')
      .select('user_id')
      .where('email', '=', 'later@example.com')
      .executeTakeFirstOrThrow();
    expect(row?.user_id).toBe(user.user_id);
    expect(row?.payload.toString()).toContain('later@example.com');
    expect(row?.payload.toString()).not.toContain('$argon2');

    const counting = countingPublisher(t.deps.publisher);
    expect(await relayOutbox(relayDeps({ publisher: counting }), { graceMs: 0 })).toBe(1);
    expect(counting.appendedIds).toEqual([row?.event_id]);
    const registered = (await eventsOfType('user.registered')).filter((e) => e.userId === user.user_id);
    expect(registered.map((e) => e.id)).toEqual([row?.event_id]);
    expect(await outboxRows()).toEqual([]);
  });
});

describe('the outbox relay', () => {
  const leftBehind = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      makeEvent(
        'project.created',
        { userId: crypto.randomUUID(), projectId: crypto.randomUUID(), correlationId: `crash-${i}` },
        { projectName: `left behind ${i}`, createdAt: new Date().toISOString() },
      ),
    );

  it('appends rows a crash left behind exactly once, in order, with two relays side by side', async () => {
    const events = leftBehind(25);
    await t.deps.db.transaction().execute((trx) => insertOutboxRows(trx, events));
    const before = (
      await readStreamEvents(t.nats, env.config.streamName, allEventsFilter(env.config.natsPrefix))
    ).length;
    const counting = countingPublisher(t.deps.publisher);
    const opts = { graceMs: 0, intervalMs: 5, batchSize: 4 };
    const relays = [
      createOutboxRelay(relayDeps({ publisher: counting }), opts),
      createOutboxRelay(relayDeps({ publisher: counting }), opts),
    ];
    relays.forEach((r) => r.start());
    try {
      await eventually(async () => expect(await outboxRows()).toEqual([]));
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
    expect([...counting.appendedIds].sort()).toEqual(events.map((e) => e.id).sort());
    const stream = await readStreamEvents(
      t.nats,
      env.config.streamName,
      allEventsFilter(env.config.natsPrefix),
    );
    expect(stream.slice(before).map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('leaves rows younger than the grace period to the request that wrote them', async () => {
    const [event] = leftBehind(1);
    await t.deps.db.transaction().execute((trx) => insertOutboxRows(trx, [event!]));
    expect(await relayOutbox(relayDeps(), { graceMs: 60_000 })).toBe(0);
    expect((await outboxRows()).map((r) => r.event_id)).toEqual([event?.id]);
    expect(await relayOutbox(relayDeps(), { graceMs: 0 })).toBe(1);
  });
});
