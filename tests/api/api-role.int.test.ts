// The api role's start: the reference data snapshots are published (once, not again at a restart with the
// same content) and the outbox relay appends what a crash left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { startApiRole } from '../../src/roles/start-api.js';
import { createDb, type Db } from '../../src/platform/db.js';
import { createNats, type Nats } from '../../src/platform/nats.js';
import { ensureEventStream } from '../../src/bus/ensure-stream.js';
import { insertOutboxRows } from '../../src/accounts/index.js';
import { eventsOfTypeFilter, makeEvent, type DomainEvent } from '../../events/index.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { readStreamEvents } from '../support/read-stream-events.js';
import { eventually } from '../support/eventually.js';

let env: TestEnv;
let db: Db;
let nats: Nats;

beforeAll(async () => {
  env = await createTestEnv();
  db = createDb(env.config.databaseUrl, 2);
  nats = await createNats(env.config.natsUrl, 'code4me-test-api-role');
  await ensureEventStream(nats.jsm, env.config.streamName, env.config.natsPrefix);
});
afterAll(async () => {
  await nats?.nc.close();
  await db?.destroy();
  await env?.cleanup();
});

const eventsOf = (type: DomainEvent['type']) =>
  readStreamEvents(nats, env.config.streamName, eventsOfTypeFilter(env.config.natsPrefix, type));

describe('the api role', () => {
  it('publishes the reference data at start and relays the outbox rows a crash left behind', async () => {
    const left = makeEvent(
      'project.member.added',
      { userId: randomUUID(), projectId: randomUUID(), correlationId: 'before-the-crash' },
      { role: 'creator', joinedAt: new Date().toISOString() },
    );
    await db.transaction().execute((trx) => insertOutboxRows(trx, [left]));
    await db
      .updateTable('account_outbox')
      .set({ created_at: new Date(Date.now() - 60_000) })
      .execute();

    const api = await startApiRole(env.config, pino({ level: 'silent' }));
    try {
      expect(await eventsOf('config.published')).toHaveLength(1);
      expect(await eventsOf('reference.published')).toHaveLength(1);
      await eventually(async () =>
        expect((await eventsOf('project.member.added')).map((e) => e.id)).toEqual([left.id]),
      );
      await eventually(async () =>
        expect(await db.selectFrom('account_outbox').selectAll().execute()).toEqual([]),
      );
    } finally {
      await api.close();
    }

    const restarted = await startApiRole(env.config, pino({ level: 'silent' }));
    await restarted.close();
    expect(await eventsOf('config.published')).toHaveLength(1);
    expect(await eventsOf('reference.published')).toHaveLength(1);
  });
});
