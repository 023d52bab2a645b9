// The rebuild engine in process against real NATS and PostgreSQL, with the live runners projecting all the
// while: swap, compare, bulk folds, dead letters, leftovers of dead runs and a second rebuild at once.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEvent, eventSubject, makeEvent, type DomainEvent } from '../../events/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { eventually } from '../../tests/support/eventually.js';
import { analyticsReadModel } from '../analytics/index.js';
import { contextsReadModel } from '../contexts/index.js';
import { queriesReadModel } from '../queries/index.js';
import { readCheckpoint, type BulkFold, type ReadModel } from '../runner/index.js';
import { sessionsReadModel } from '../sessions/index.js';
import { createProjectionTestEnv, type ProjectionTestEnv } from '../testing/projection-test-env.js';
import { feedback, generated, newQueryIds, requested } from '../testing/query-events.js';
import { snapshotReadModels, tablesWithoutRowSequences } from '../testing/read-model-snapshot.js';
import { rebuildReadModels, RebuildBusyError, RebuildRefusedError, type RebuildOptions } from './index.js';
import { takeRebuildLocks } from './rebuild-lock.js';

const all = [sessionsReadModel, queriesReadModel, contextsReadModel, analyticsReadModel];
let env: ProjectionTestEnv;
const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

beforeAll(async () => {
  env = await createProjectionTestEnv();
  env.workers(all, { maxRetryDelayMs: 200 }).start();
  await publishQueries(20);
});
afterAll(async () => {
  await env?.cleanup();
});

function rebuild(readModels: readonly ReadModel[], mode: RebuildOptions['mode'] = 'swap') {
  const { db, nats, config } = env;
  return rebuildReadModels({ db, nats, config, logger, readModels, mode });
}

async function publishQueries(n: number): Promise<void> {
  const queries = Array.from({ length: n }, () => newQueryIds());
  const sessions = queries.map((ids) =>
    makeEvent('session.started', ids, { startedAt: '2026-03-01T09:00:00.000Z' }),
  );
  await env.publisher.appendAll(sessions);
  await env.publisher.appendAll(queries.map((ids) => requested(ids)));
  await env.publisher.appendAll(queries.map((ids) => generated(ids)));
  await env.publisher.appendAll(queries.map((ids) => feedback(ids, { groundTruth: 'gt' })));
}

async function caughtUp(): Promise<number> {
  const { state } = await env.nats.jsm.streams.info(env.config.streamName);
  for (const m of all)
    await eventually(async () =>
      expect(await readCheckpoint(env.db, m.name)).toBeGreaterThanOrEqual(state.last_seq),
    );
  return state.last_seq;
}

async function rebuildSchemas(): Promise<string[]> {
  const { rows } = await sql<{ nspname: string }>`
    SELECT nspname FROM pg_namespace WHERE nspname LIKE 'c4m_rebuild_%' ORDER BY 1`.execute(env.db);
  return rows.map((r) => r.nspname);
}

describe('rebuildReadModels', () => {
  it('swaps rebuilt read models in while their runners keep projecting, equal row for row', async () => {
    const last = await caughtUp();
    const before = await snapshotReadModels(env.db, all);
    expect(before.meta_query).toHaveLength(20);
    // The projectors wrote each row's sequence; the bulk folds must write the same ones.
    expect(tablesWithoutRowSequences(before)).toEqual([]);
    const report = await rebuild(all);
    expect(report).toMatchObject({
      readModels: ['sessions', 'queries', 'contexts', 'analytics'],
      pinnedSeq: last,
    });
    expect(report.events).toBeGreaterThanOrEqual(last);
    expect(report.eventsPerSecond).toBeGreaterThan(0);
    expect(await snapshotReadModels(env.db, all)).toEqual(before);
    expect(await rebuildSchemas()).toEqual([]);
    await publishQueries(1);
    const now = await caughtUp(); // the live runners go on from the checkpoints the swap set
    expect(now).toBeGreaterThan(last);
    expect((await snapshotReadModels(env.db, all)).meta_query).toHaveLength(21);
  });

  it('heals a checkpoint ahead of the stream: the swap sets it to what the shadow read, and the runner goes on', async () => {
    const last = await caughtUp();
    await env.db
      .updateTable('projection_checkpoint')
      .set({ last_seq: last + 1_000 })
      .where('projection', '=', 'sessions')
      .execute();
    await rebuild([sessionsReadModel]);
    expect(await readCheckpoint(env.db, 'sessions')).toBe(last);
    await publishQueries(1);
    const now = await caughtUp();
    expect(await readCheckpoint(env.db, 'sessions')).toBe(now);
  });

  it('brings back a read model whose tables and checkpoint were dropped, with the same indexes', async () => {
    await caughtUp();
    const indexes = () =>
      sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'
        AND tablename = ANY(${[...queriesReadModel.tables]}::text[]) ORDER BY 1`.execute(env.db);
    const [before, indexesBefore] = [await snapshotReadModels(env.db, all), (await indexes()).rows];
    await sql`DROP TABLE ${sql.join(queriesReadModel.tables.map((t) => sql.table(t)))}`.execute(env.db);
    await env.db.deleteFrom('projection_checkpoint').where('projection', '=', 'queries').execute();
    await rebuild([queriesReadModel]);
    await caughtUp();
    expect(await snapshotReadModels(env.db, all)).toEqual(before);
    expect((await indexes()).rows).toEqual(indexesBefore);
  });

  it('uses a bulk fold when the read model has one, with its dead letters and its checkpoint', async () => {
    const folded: number[] = [];
    let written = 0;
    const bad = makeEvent('session.started', newQueryIds(), { startedAt: '2026-03-01T09:00:00.000Z' });
    const fold: BulkFold = {
      add(event: DomainEvent, seq: number) {
        folded.push(seq);
        return event.id === bad.id ? 'refused by the fold' : null;
      },
      async write(client) {
        // A fold that only records how it was called: the live rows are copied to show where `client` writes.
        const r = await client.query('INSERT INTO session SELECT * FROM public.session');
        await client.query('INSERT INTO session_projects SELECT * FROM public.session_projects');
        written += 1;
        return r.rowCount ?? 0;
      },
    };
    const { seq: badSeq } = await env.publisher.append(bad);
    await caughtUp();
    const sessions = { ...sessionsReadModel, createBulkFold: () => fold };
    const report = await rebuild([sessions]);
    expect(written).toBe(1);
    expect(folded.length).toBeGreaterThan(0);
    expect(Math.max(...folded)).toBeLessThanOrEqual(report.pinnedSeq);
    const letters = await env.db
      .selectFrom('projection_dead_letter')
      .select(['stream_seq', 'reason'])
      .where('projection', '=', 'sessions')
      .execute();
    expect(letters).toEqual([{ stream_seq: badSeq, reason: 'refused by the fold' }]);
    expect(await readCheckpoint(env.db, 'sessions')).toBeGreaterThanOrEqual(report.pinnedSeq);
    await rebuild([sessionsReadModel]); // the projectors take the event: no dead letter any more
  });

  it('dead-letters undecodable messages as the runner does, with a bulk fold or without', async () => {
    const subject = eventSubject(env.config.natsPrefix, 'session.started', uuidv7());
    const junk = await env.nats.js.publish(subject, new TextEncoder().encode('{"id": 1'));
    const wrongType = await env.nats.js.publish(subject, encodeEvent(generated(newQueryIds())));
    await caughtUp();
    const before = await snapshotReadModels(env.db, all);
    const seqs = before['projection_dead_letter/sessions']!.map(
      (l) => (JSON.parse(l) as { stream_seq: number }).stream_seq,
    );
    expect(seqs).toEqual([junk.seq, wrongType.seq]);
    await rebuild(all);
    expect(await snapshotReadModels(env.db, all)).toEqual(before);
    const copyLive: BulkFold = {
      add: () => null,
      async write(client) {
        await client.query('INSERT INTO session SELECT * FROM public.session');
        await client.query('INSERT INTO session_projects SELECT * FROM public.session_projects');
        return 0;
      },
    };
    await rebuild([{ ...sessionsReadModel, createBulkFold: () => copyLive }]);
    expect(await snapshotReadModels(env.db, all)).toEqual(before);
  });

  it('compares equal tables as equal and names a table with a tampered row', async () => {
    await caughtUp();
    expect((await rebuild(all, 'compare')).differences).toEqual([]);
    const row = await env.db.selectFrom('had_generation').selectAll().limit(1).executeTakeFirstOrThrow();
    await env.db
      .updateTable('had_generation')
      .set({ completion: 'tampered' })
      .where('meta_query_id', '=', row.meta_query_id)
      .execute();
    const { differences } = await rebuild(all, 'compare');
    expect(differences).toEqual([
      {
        readModel: 'queries',
        table: 'had_generation',
        onlyInLive: 1,
        onlyInShadow: 1,
        samplesOnlyInLive: [{ meta_query_id: row.meta_query_id, model_id: row.model_id }],
        samplesOnlyInShadow: [{ meta_query_id: row.meta_query_id, model_id: row.model_id }],
      },
    ]);
    expect(await rebuildSchemas()).toEqual([]);
    await rebuild([queriesReadModel]); // the swap repairs it
    expect((await rebuild(all, 'compare')).differences).toEqual([]);
  });

  it('refuses a second rebuild of a read model while one runs, and leaves its schemas alone', async () => {
    const locks = await takeRebuildLocks(env.config.databaseUrl, ['contexts']);
    try {
      await sql`CREATE SCHEMA c4m_rebuild_contexts_000000000001`.execute(env.db);
      await expect(rebuild([contextsReadModel])).rejects.toBeInstanceOf(RebuildBusyError);
      await rebuild([sessionsReadModel]);
      expect(await rebuildSchemas()).toEqual(['c4m_rebuild_contexts_000000000001']);
    } finally {
      await locks.release();
    }
  });

  it('drops the schemas a rebuild that died left behind', async () => {
    await sql`CREATE SCHEMA IF NOT EXISTS c4m_rebuild_contexts_000000000001`.execute(env.db);
    await sql`CREATE SCHEMA c4m_rebuild_contexts_000000000001_old`.execute(env.db);
    await sql`CREATE TABLE c4m_rebuild_contexts_000000000001.context_change (x int)`.execute(env.db);
    await rebuild([contextsReadModel]);
    expect(await rebuildSchemas()).toEqual([]);
  });

  it('leaves the live tables untouched and drops its shadow when it fails', async () => {
    await caughtUp();
    const before = await snapshotReadModels(env.db, all);
    const broken: BulkFold = {
      add: () => null,
      write: () => Promise.reject(new Error('the fold broke')),
    };
    await expect(rebuild([{ ...sessionsReadModel, createBulkFold: () => broken }])).rejects.toThrow(
      'the fold broke',
    );
    expect(await snapshotReadModels(env.db, all)).toEqual(before);
    expect(await rebuildSchemas()).toEqual([]);
  });

  it('refuses to swap when a view outside the read model reads its tables, and changes nothing', async () => {
    await caughtUp();
    const before = await snapshotReadModels(env.db, all);
    await sql`CREATE VIEW session_starts AS SELECT start_time FROM session`.execute(env.db);
    try {
      const refused = rebuild([sessionsReadModel]);
      await expect(refused).rejects.toBeInstanceOf(RebuildRefusedError);
      await expect(refused).rejects.toThrow('view session_starts');
      expect(await snapshotReadModels(env.db, all)).toEqual(before);
      expect(await rebuildSchemas()).toEqual([]);
    } finally {
      await sql`DROP VIEW session_starts`.execute(env.db);
    }
  });

  it('stops when its signal aborts, dropping its shadows and leaving the live tables as they were', async () => {
    await caughtUp();
    const before = await snapshotReadModels(env.db, all);
    const interrupt = new AbortController();
    const { db, nats, config } = env;
    const stopped = rebuildReadModels({
      ...{ db, nats, config, logger, readModels: all, mode: 'swap' },
      signal: interrupt.signal,
      onProgress: (p) => p.phase === 'load' && interrupt.abort(new Error('interrupted')),
    });
    await expect(stopped).rejects.toThrow('interrupted');
    expect(await snapshotReadModels(env.db, all)).toEqual(before);
    expect(await rebuildSchemas()).toEqual([]);
  });
});
