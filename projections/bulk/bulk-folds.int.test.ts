// Given one generated plugin-like stream with every edge case we know of → when the ordinary runner projects
// it into one database and the bulk folds load another with COPY → then every read-model table is the same
// row for row (each row's full text form, ordered by primary key) and so are the dead letters.
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeEvent,
  ErasedUsers,
  eventSubject,
  makeEvent,
  type DomainEvent,
  type EventType,
} from '../../events/index.js';
import { createDb, type Db } from '../../src/platform/db.js';
import { createTestEnv, type TestEnv } from '../../tests/support/test-env.js';
import { generateEventMix } from '../../bench/rebuild/event-mix.js';
import { readModels } from '../read-models.js';
import { feedback, generated, newQueryIds, requested, shown } from '../testing/query-events.js';
import { chatAnswered, chatDeleted, chatRequested } from '../testing/chat-events.js';
import { applyBatch, type StreamMessage } from '../runner/index.js';

const EVENTS = 3_000;
const encoder = new TextEncoder();

let liveEnv: TestEnv;
let bulkEnv: TestEnv;
let live: Db;
let bulk: Db;

beforeAll(async () => {
  [liveEnv, bulkEnv] = await Promise.all([createTestEnv(), createTestEnv()]);
  live = createDb(liveEnv.config.databaseUrl, 2);
  bulk = createDb(bulkEnv.config.databaseUrl, 2);
});
afterAll(async () => {
  await Promise.all([live?.destroy(), bulk?.destroy()]);
  await Promise.all([liveEnv?.cleanup(), bulkEnv?.cleanup()]);
});

function streamOf(seed: number): StreamMessage[] {
  const events: { type: string; userId: string | null }[] = [
    ...generateEventMix({ events: EVENTS, seed, nasty: true, concurrentSessions: 12 }),
    ...edgeCases(),
  ];
  return events.map((e, i) => ({
    seq: i + 1,
    subject: eventSubject('eq', e.type as EventType, e.userId),
    data: encoder.encode(JSON.stringify(e)),
  }));
}

/** Cases too rare for the generated mix: a feedback event id reused for another query, a request repeated
 * without the context it first stored, a session ended before it started, a generation never shown, feedback
 * before the completion.shown of its generation, context files of a repeated request. */
function edgeCases(): DomainEvent[] {
  const ids = newQueryIds();
  const never = newQueryIds();
  const early = newQueryIds();
  const files = { 'a.py': { changeCount: 2, lines: ['x\ty'], omitted: null } };
  const call = feedback(ids, { groundTruth: 'kept' });
  const session = { userId: ids.userId, sessionId: ids.sessionId, correlationId: 'c' };
  const context = { prefix: 'p\tq', suffix: '', fileName: null, selectedText: null, contextFiles: [] };
  return [
    requested(ids, { context }),
    generated(ids),
    call,
    { ...feedback(never, { groundTruth: 'x' }), id: call.id }, // the ground truth has no parent: dead letter
    { ...feedback(never), id: call.id }, // inserts nothing at all: no dead letter
    requested(ids), // points at no context row any more; the row stays, also through the erasure
    requested(early, { multiFileContext: files, configId: null }),
    generated(early, { modelId: 2 }),
    generated(early, { modelId: 1, confidence: null, tokens: null, logprobs: [null] }),
    feedback(early, { modelId: 1 }), // accepted before it is shown: the rewrite keeps was_accepted
    shown(early, { modelIds: [1, 2] }),
    requested(early, {
      multiFileContext: { ...files, 'b.py': { changeCount: 0, lines: [], omitted: null } },
    }),
    makeEvent('session.ended', session, { endedAt: '2026-03-01T11:00:00.000Z', reason: 'expired' }),
    makeEvent('session.started', session, { startedAt: '2026-03-01T09:00:00.000Z' }),
    ...chatCases(ids),
    ...studyCases(ids.userId),
    makeEvent('user.erased', { userId: ids.userId, correlationId: 'c' }, { deleteData: true }),
  ];
}

/** Chats: two turns (the second's title ignored, its answer redelivered), a chat answered after its deletion, a
 * deletion by another user, and a chat of the user the edge cases erase. */
function chatCases(erased: ReturnType<typeof newQueryIds>): DomainEvent[] {
  const [kept, gone, foreign] = [
    '0192f5d4-0000-7000-8000-00000000c001',
    '0192f5d4-0000-7000-8000-00000000c002',
    '0192f5d4-0000-7000-8000-00000000c003',
  ];
  const first = newQueryIds();
  const second = newQueryIds({
    userId: first.userId,
    sessionId: first.sessionId,
    projectId: first.projectId,
  });
  const deleted = newQueryIds();
  const context = { prefix: 'a\tb', suffix: '', fileName: 'x.py', selectedText: null, contextFiles: [] };
  return [
    chatRequested(first, kept),
    chatAnswered(first, kept),
    chatRequested(second, kept, { firstTurn: false, priorMessages: 2, context, storeContext: true }),
    chatAnswered(second, kept, { title: 'ignored' }),
    chatAnswered(second, kept, { title: 'redelivered' }),
    chatRequested(deleted, gone),
    chatDeleted(deleted, gone),
    chatAnswered(deleted, gone),
    chatRequested(newQueryIds(), foreign),
    chatDeleted(newQueryIds(), foreign),
    chatRequested(erased, '0192f5d4-0000-7000-8000-00000000c004'),
  ];
}

/** Studies: a definition repeated (the first wins), started and ended, an arm assigned twice (the first wins) and
 * released, a start and a release for what was never created, and an arm of the user the edge cases erase. */
function studyCases(erasedUserId: string): DomainEvent[] {
  const studyId = '0192f5d4-0000-7000-8000-00000000d001';
  const system = { userId: null, correlationId: 'c' };
  const user = { userId: '0192f5d4-0000-7000-8000-00000000d0a1', correlationId: 'c' };
  const created = (name: string) =>
    makeEvent('study.created', system, {
      studyId,
      name,
      description: 'tab\there',
      configIds: [1, 2],
      defaultConfigId: 1,
      startsAt: '2026-03-01T09:00:00.000Z',
      endsAt: null,
      createdAt: '2026-03-01T08:00:00.000Z',
    });
  const arm = (ids: { userId: string; correlationId: string }, configId: number) =>
    makeEvent('study.arm.assigned', ids, {
      studyId,
      configId,
      previousConfigId: 1,
      assignedAt: '2026-03-01T09:30:00.000Z',
    });
  const release = (ids: { userId: string; correlationId: string }, id = studyId) =>
    makeEvent('study.arm.released', ids, {
      studyId: id,
      configId: 2,
      restoredConfigId: 1,
      releasedAt: '2026-03-01T10:00:00.000Z',
    });
  const never = '0192f5d4-0000-7000-8000-00000000d002';
  return [
    created('first'),
    created('second'),
    makeEvent('study.started', system, { studyId, startedAt: '2026-03-01T09:00:00.000Z' }),
    makeEvent('study.started', system, { studyId: never, startedAt: '2026-03-01T09:00:00.000Z' }),
    arm(user, 2),
    arm(user, 1),
    release(user),
    release(user, never),
    arm({ userId: erasedUserId, correlationId: 'c' }, 2),
    makeEvent('study.ended', system, { studyId, endedAt: '2026-03-01T11:00:00.000Z', reason: 'admin' }),
  ];
}

async function projectLive(messages: readonly StreamMessage[]): Promise<void> {
  for (const readModel of readModels) {
    for (let i = 0; i < messages.length; i += 50)
      await applyBatch(live, readModel, messages.slice(i, i + 50));
  }
}

/** Folds every message (decoded once, as a rebuild does) and loads the tables; returns the dead letters. */
async function projectBulk(messages: readonly StreamMessage[], setup = ''): Promise<string[]> {
  const folds = readModels.map((m) => ({ name: m.name, fold: m.createBulkFold!() }));
  const letters: string[] = [];
  // As a rebuild does: an erased user's event after their user.erased goes to no fold (events/erased-users.ts).
  const erased = new ErasedUsers();
  for (const m of messages) {
    if (erased.isStraggler(m)) continue;
    const event = decodeEvent(m.data);
    for (const { name, fold } of folds) {
      const reason = fold.add(event, m.seq);
      if (reason !== null) letters.push(letter(name, m.seq, reason));
    }
  }
  const client = new pg.Client({ connectionString: bulkEnv.config.databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    if (setup) await client.query(setup);
    for (const { fold } of folds) await fold.write(client);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return letters.sort(bySeq);
}

/** A dead letter for comparing: read model, stream sequence, and the reason's code (its wording may differ). */
function letter(projection: string, seq: number, reason: string): string {
  return `${seq} ${projection} ${/^apply failed: [0-9a-z_]+/.exec(reason)?.[0] ?? reason}`;
}

function bySeq(a: string, b: string): number {
  return Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b);
}

/** Each row's text form (exact for every type: microseconds, float digits, jsonb), ordered by primary key. */
async function tableText(db: Db, table: string): Promise<string[]> {
  const { rows: keys } = await sql<{ attname: string }>`
    SELECT a.attname FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = ${table}::regclass AND i.indisprimary
    ORDER BY array_position(i.indkey, a.attnum)`.execute(db);
  const order = sql.join(keys.map((k) => sql.ref(`t.${k.attname}`)));
  const { rows } = await sql<{ row: string }>`
    SELECT t::text AS row FROM ${sql.table(table)} AS t ORDER BY ${order}`.execute(db);
  return rows.map((r) => r.row);
}

async function liveDeadLetters(): Promise<string[]> {
  const rows = await live
    .selectFrom('projection_dead_letter')
    .select(['projection', 'stream_seq', 'reason'])
    .execute();
  return rows.map((r) => letter(r.projection, r.stream_seq, r.reason)).sort(bySeq);
}

/** The live tables hold each case the folds must reproduce, so the comparison below covers it. */
async function expectEveryCase(): Promise<void> {
  const cases = {
    'null confidence': sql`SELECT 1 FROM had_generation WHERE confidence IS NULL`,
    'a null log-probability': sql`SELECT 1 FROM had_generation WHERE array_position(logprobs, NULL) IS NOT NULL`,
    tokens: sql`SELECT 1 FROM had_generation WHERE tokens IS NOT NULL`,
    'no tokens': sql`SELECT 1 FROM had_generation WHERE tokens IS NULL`,
    'shown by completion.shown': sql`SELECT 1 FROM had_generation WHERE cardinality(shown_at) = 1`,
    'never shown': sql`SELECT 1 FROM had_generation WHERE cardinality(shown_at) = 0`,
    'accepted and shown': sql`SELECT 1 FROM had_generation WHERE was_accepted AND cardinality(shown_at) = 1`,
    'generation parameters': sql`SELECT 1 FROM failed_generation WHERE generation_parameters IS NOT NULL`,
    'an omitted context file': sql`SELECT 1 FROM query_context_file WHERE omitted IS NOT NULL`,
    'a config': sql`SELECT 1 FROM meta_query WHERE config_id IS NOT NULL`,
    'no config': sql`SELECT 1 FROM meta_query WHERE config_id IS NULL`,
    'changes too large': sql`SELECT 1 FROM context_change WHERE changes_omitted = 'event_size_limit'`,
    'changes not stored': sql`SELECT 1 FROM context_change WHERE changes_omitted = 'not_stored'`,
    'changes stored': sql`SELECT 1 FROM context_change WHERE stored`,
    'an update split over events': sql`SELECT 1 FROM context_change GROUP BY updated_at, session_id
      HAVING count(DISTINCT event_id) > 1`,
    'a stub its request completed later': sql`SELECT 1 FROM meta_query WHERE request_seq > stream_seq`,
    'a request first': sql`SELECT 1 FROM meta_query WHERE request_seq = stream_seq`,
    'shown after it was generated': sql`SELECT 1 FROM had_generation WHERE shown_seq > stream_seq`,
    'shown by a v1 generation': sql`SELECT 1 FROM had_generation WHERE shown_seq = stream_seq`,
    'a session started after it was created': sql`SELECT 1 FROM session WHERE start_seq > stream_seq`,
    'a session ended': sql`SELECT 1 FROM session WHERE end_seq IS NOT NULL`,
    'a chat of two turns': sql`SELECT 1 FROM chat_query GROUP BY chat_id HAVING count(*) = 2`,
    'a chat kept after a foreign deletion': sql`SELECT 1 FROM chat WHERE chat_id = '0192f5d4-0000-7000-8000-00000000c003'`,
  };
  for (const [name, query] of Object.entries(cases)) {
    const { rows } = await sql`${query} LIMIT 1`.execute(live);
    expect(rows.length, name).toBe(1);
  }
  for (const table of readModels.flatMap((m) => m.tables)) {
    const { rows } = await sql`SELECT 1 FROM ${sql.table(table)} WHERE stream_seq IS NULL LIMIT 1`.execute(
      live,
    );
    expect(rows, `every ${table} row has its stream_seq`).toEqual([]);
  }
}

describe('bulk folds', () => {
  it('load exactly the rows and dead letters the projectors make from the same stream', async () => {
    const messages = streamOf(8);
    await projectLive(messages);
    const letters = await projectBulk(messages);
    await expectEveryCase();

    for (const readModel of readModels) {
      for (const table of readModel.tables) {
        const expected = await tableText(live, table);
        expect(expected.length, `${table} has rows to compare`).toBeGreaterThan(0);
        expect(await tableText(bulk, table), table).toEqual(expected);
      }
    }
    const expectedLetters = await liveDeadLetters();
    expect(expectedLetters.length).toBeGreaterThan(0);
    expect(letters).toEqual(expectedLetters);
  }, 60_000); // eight streams projected live, then folded: some 10 s alone, more beside a full suite

  it("write into the tables the client's search_path reaches, as a rebuild's shadow schema", async () => {
    const tables = readModels.flatMap((m) => m.tables);
    await sql`CREATE SCHEMA shadow`.execute(bulk);
    for (const t of tables) {
      await sql`CREATE TABLE ${sql.table(`shadow.${t}`)} (LIKE ${sql.table(t)} INCLUDING ALL)`.execute(bulk);
    }
    const count = async (table: string) =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(bulk)).rows[0]!.n;
    const before = await Promise.all(tables.map((t) => count(t)));
    await projectBulk(streamOf(9).slice(0, 600), 'SET LOCAL search_path TO shadow');
    expect(await Promise.all(tables.map((t) => count(t)))).toEqual(before);
    expect(await count('shadow.meta_query')).toBeGreaterThan(0);
    expect(await count('shadow.context_change')).toBeGreaterThan(0);
  });

  it('exist for every read model', () => {
    expect(readModels.filter((m) => !m.createBulkFold).map((m) => m.name)).toEqual([]);
  });
});
