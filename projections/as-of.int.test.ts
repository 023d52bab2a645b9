// The as-of contract of the read models (docs/data-dictionary.md, "As of a stream sequence"): given events up to
// a pin A → when more events create rows and change them (generations, acceptance, shown, session start and end,
// a request completing its stub) → then the as-of-A SQL below still gives the same rows as it did at A.
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent, type DomainEvent } from '../events/index.js';
import type { Db } from '../src/platform/db.js';
import { eventually } from '../tests/support/eventually.js';
import { readModels } from './read-models.js';
import { readCheckpoint } from './runner/index.js';
import { createProjectionTestEnv, type ProjectionTestEnv } from './testing/projection-test-env.js';
import { feedback, generated, newQueryIds, requested, shown, type QueryIds } from './testing/query-events.js';

let env: ProjectionTestEnv;

beforeAll(async () => {
  env = await createProjectionTestEnv();
  env.workers(readModels).start();
});
afterAll(async () => {
  await env?.cleanup();
});

/** Rows never change once created here: a row is there as of N when its event was (null: before 0007). */
const IMMUTABLE_TABLES = [
  'session_projects',
  'context',
  'contextual_telemetry',
  'behavioral_telemetry',
  'completion_query',
  'query_context_file',
  'failed_generation',
  'feedback',
  'ground_truth',
  'context_change',
] as const;

/** The three tables whose rows change after they are created, each as of N. */
function changingTablesAsOf(n: number): Record<string, RawBuilder<unknown>> {
  return {
    // start_time is a stand-in until session.started (start_seq); end_time is set by session.ended (end_seq).
    session: sql`
      SELECT s.session_id, s.user_id,
        CASE WHEN s.start_seq <= ${n} OR s.stream_seq IS NULL THEN s.start_time END AS start_time,
        CASE WHEN s.end_seq IS NULL OR s.end_seq <= ${n} THEN s.end_time END AS end_time
      FROM session s
      WHERE s.stream_seq IS NULL OR s.stream_seq <= ${n}
      ORDER BY s.session_id`,
    // A generation that came before its request made a stub: the request's columns are known from request_seq
    // on; total_serving_time is the slowest of the generations there as of N.
    meta_query: sql`
      SELECT q.meta_query_id, q.user_id, q.session_id, q.project_id, q.query_type, r.*,
        (SELECT max(g.serving_time) FROM (
            SELECT serving_time, stream_seq FROM had_generation WHERE meta_query_id = q.meta_query_id
            UNION ALL
            SELECT serving_time, stream_seq FROM failed_generation WHERE meta_query_id = q.meta_query_id
          ) g WHERE g.stream_seq IS NULL OR g.stream_seq <= ${n}) AS total_serving_time
      FROM meta_query q
      LEFT JOIN LATERAL (
        SELECT q.timestamp, q.context_id, q.contextual_telemetry_id, q.behavioral_telemetry_id,
          q.multi_file_context_changes_indexes, q.server_version_id, q.config_id, q.plugin_version_id
        WHERE q.request_seq <= ${n} OR q.stream_seq IS NULL
      ) r ON true
      WHERE q.stream_seq IS NULL OR q.stream_seq <= ${n}
      ORDER BY q.meta_query_id`,
    // shown_at from shown_seq on; was_accepted is the latest feedback there as of N (false without one).
    had_generation: sql`
      SELECT g.meta_query_id, g.model_id, g.completion, g.generation_time, g.confidence, g.logprobs, g.tokens,
        g.serving_time, g.model_revision, g.generation_parameters,
        CASE WHEN g.shown_seq IS NULL OR g.shown_seq <= ${n} THEN g.shown_at ELSE '{}' END AS shown_at,
        COALESCE((
          SELECT f.was_accepted FROM feedback f
          WHERE f.meta_query_id = g.meta_query_id AND f.model_id = g.model_id
            AND (f.stream_seq IS NULL OR f.stream_seq <= ${n})
          ORDER BY f.stream_seq DESC NULLS LAST, f.received_at DESC LIMIT 1
        ), false) AS was_accepted
      FROM had_generation g
      WHERE g.stream_seq IS NULL OR g.stream_seq <= ${n}
      ORDER BY g.meta_query_id, g.model_id`,
  };
}

type Snapshot = Record<string, string[]>;

/** Every research table as of N, each row as JSON text. */
async function asOf(db: Db, n: number): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const [table, query] of Object.entries(changingTablesAsOf(n))) {
    out[table] = (await query.execute(db)).rows.map((r) => JSON.stringify(r));
  }
  for (const table of IMMUTABLE_TABLES) {
    const { rows } = await sql<{ r: string }>`
      SELECT to_jsonb(t)::text AS r FROM ${sql.table(table)} t
      WHERE t.stream_seq IS NULL OR t.stream_seq <= ${n} ORDER BY 1`.execute(db);
    out[table] = rows.map((row) => row.r);
  }
  return out;
}

/** The pin a dataset would give: the lowest checkpoint of the read models it reads, once all caught up. */
async function pin(): Promise<number> {
  const { state } = await env.nats.jsm.streams.info(env.config.streamName);
  for (const m of readModels)
    await eventually(async () => expect(await readCheckpoint(env.db, m.name)).toBe(state.last_seq));
  const { rows } = await sql<{ pin: number }>`
    SELECT min(last_seq)::bigint AS pin FROM projection_checkpoint
    WHERE projection IN (${sql.join(readModels.map((m) => m.name))})`.execute(env.db);
  return rows[0]!.pin;
}

async function append(...events: DomainEvent[]): Promise<void> {
  for (const e of events) await env.publisher.append(e);
}

function sessionOf(ids: QueryIds) {
  return { userId: ids.userId, sessionId: ids.sessionId, correlationId: ids.correlationId };
}

function contextUpdate(ids: QueryIds, updatedAt: string): DomainEvent<'context.updated'> {
  return makeEvent('context.updated', ids, {
    updatedAt,
    stored: false,
    changes: {},
    files: { 'a.py': { lineCount: 3, changeCount: 1, changesOmitted: 'not_stored' } },
    part: { index: 1, count: 1 },
  });
}

/** Row of `table` in a snapshot whose JSON has `field` = `value`. */
function rowOf(snapshot: Snapshot, table: string, field: string, value: unknown): Record<string, unknown> {
  const rows = (snapshot[table] ?? []).map((r) => JSON.parse(r) as Record<string, unknown>);
  return rows.find((r) => r[field] === value) ?? {};
}

interface Cast {
  /** Shown and accepted before the pin; after it, rejected and given a third model. */
  done: QueryIds;
  /** Generated before the pin, its request after it. */
  stub: QueryIds;
  /** Generated before the pin, shown and accepted after it. */
  waiting: QueryIds;
  /** A session activated before the pin, started after it. */
  activated: QueryIds;
  /** Asked after the pin. */
  later: QueryIds;
}

function newCast(): Cast {
  const done = newQueryIds();
  const same = { userId: done.userId, sessionId: done.sessionId, projectId: done.projectId };
  return {
    done,
    stub: newQueryIds(same),
    waiting: newQueryIds(),
    activated: newQueryIds(),
    later: newQueryIds(same),
  };
}

function eventsUpToPin({ done, stub, waiting, activated }: Cast): DomainEvent[] {
  return [
    makeEvent('session.started', sessionOf(done), { startedAt: '2026-03-01T09:00:00.000Z' }),
    makeEvent('project.activated', done, { activatedAt: '2026-03-01T09:00:01.000Z' }),
    makeEvent('project.activated', activated, { activatedAt: '2026-03-01T09:30:00.000Z' }),
    requested(done),
    generated(done, { modelId: 1, servingTimeMs: 200 }),
    generated(done, {
      modelId: 2,
      status: 'failed',
      completion: '',
      servingTimeMs: 300,
      error: { code: 'model_failed', message: 'boom' },
    }),
    shown(done, { modelIds: [1] }),
    feedback(done, { modelId: 1, wasAccepted: true }),
    feedback(done, { modelId: 1, groundTruth: 'kept', receivedAt: '2026-03-01T10:00:16.000Z' }),
    generated(stub, { modelId: 1, servingTimeMs: 150 }),
    requested(waiting),
    generated(waiting, { modelId: 1 }),
    contextUpdate(done, '2026-03-01T10:00:00.000Z'),
  ];
}

function eventsAfterPin({ done, stub, waiting, activated, later }: Cast): DomainEvent[] {
  return [
    generated(done, { modelId: 3, servingTimeMs: 900 }),
    feedback(done, { modelId: 1, groundTruth: 'changed', receivedAt: '2026-03-01T10:00:46.000Z' }),
    feedback(done, { modelId: 1, wasAccepted: false, receivedAt: '2026-03-01T10:01:00.000Z' }),
    requested(stub, { requestedAt: '2026-03-01T10:05:00.000Z' }),
    shown(stub, { modelIds: [1] }),
    shown(waiting, { modelIds: [1] }),
    feedback(waiting, { modelId: 1, wasAccepted: true }),
    requested(later),
    generated(later),
    makeEvent('session.started', sessionOf(activated), { startedAt: '2026-03-01T09:29:00.000Z' }),
    makeEvent('session.ended', sessionOf(done), { endedAt: '2026-03-01T11:00:00.000Z', reason: 'expired' }),
    contextUpdate(done, '2026-03-01T10:02:00.000Z'),
  ];
}

describe('the read models as of a stream sequence', () => {
  it('give the same rows for a pin after later events created and changed rows', async () => {
    const cast = newCast();
    await append(...eventsUpToPin(cast));
    const a = await pin();
    const atA = await asOf(env.db, a);

    await append(...eventsAfterPin(cast));
    const b = await pin();
    expect(b).toBeGreaterThan(a);

    expect(await asOf(env.db, a)).toEqual(atA);
    const atB = await asOf(env.db, b);
    expectEachChange(cast, atA, atB);
    await expectHeadIsTheTables(atB);
  });
});

/** The rows did change: as of B each change after the pin shows. */
function expectEachChange(
  { done, stub, waiting, activated, later }: Cast,
  atA: Snapshot,
  atB: Snapshot,
): void {
  const both = (table: string, key: string, id: string, column: string): unknown[] =>
    [atA, atB].map((s) => rowOf(s, table, key, id)[column]);
  expect(both('had_generation', 'meta_query_id', done.queryId, 'was_accepted')).toEqual([true, false]);
  expect(both('had_generation', 'meta_query_id', waiting.queryId, 'shown_at')).toEqual([
    [],
    ['2026-03-01T10:00:00.200Z'],
  ]);
  expect(both('meta_query', 'meta_query_id', done.queryId, 'total_serving_time')).toEqual([300, 900]);
  expect(both('meta_query', 'meta_query_id', stub.queryId, 'timestamp')).toEqual([
    null,
    '2026-03-01T10:05:00.000Z',
  ]);
  expect(both('meta_query', 'meta_query_id', later.queryId, 'meta_query_id')).toEqual([
    undefined,
    later.queryId,
  ]);
  expect(both('session', 'session_id', done.sessionId, 'end_time')).toEqual([
    null,
    '2026-03-01T11:00:00.000Z',
  ]);
  expect(both('session', 'session_id', activated.sessionId, 'start_time')).toEqual([
    null,
    '2026-03-01T09:29:00.000Z',
  ]);
  expect(atB.feedback!.length - atA.feedback!.length).toBe(3);
  expect(atB.ground_truth!.length - atA.ground_truth!.length).toBe(1);
  expect(atB.context_change!.length - atA.context_change!.length).toBe(1);
}

/** As of the head, the changing columns are what the tables hold. */
async function expectHeadIsTheTables(atHead: Snapshot): Promise<void> {
  const tables = await env.db
    .selectFrom('had_generation')
    .select(['meta_query_id', 'model_id', 'was_accepted', 'shown_at'])
    .orderBy('meta_query_id')
    .orderBy('model_id')
    .execute();
  const derived = atHead.had_generation!.map((r) => JSON.parse(r) as Record<string, unknown>);
  expect(derived.map((r) => [r.meta_query_id, r.model_id, r.was_accepted, r.shown_at])).toEqual(
    tables.map((r) => [r.meta_query_id, r.model_id, r.was_accepted, r.shown_at.map((t) => t.toISOString())]),
  );
  const totals = await env.db
    .selectFrom('meta_query')
    .select(['meta_query_id', 'total_serving_time'])
    .orderBy('meta_query_id')
    .execute();
  const derivedTotals = atHead.meta_query!.map((r) => JSON.parse(r) as Record<string, unknown>);
  expect(derivedTotals.map((r) => [r.meta_query_id, r.total_serving_time])).toEqual(
    totals.map((r) => [r.meta_query_id, r.total_serving_time]),
  );
}
