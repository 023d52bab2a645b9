// Given completion events → when the analytics read model projects them → then its facts and hourly
// aggregates, cell by cell: counts, latency and confidence bins, survival slots, paired counts, feedback that
// flips, a generation before its request, redelivery, and erasure.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../events/index.js';
import { BIN_KIND } from '../../src/analytics/bin-kinds.js';
import { latencyBin } from '../../src/analytics/latency-bins.js';
import { eventually } from '../../tests/support/eventually.js';
import { createProjectionTestEnv, type ProjectionTestEnv } from '../testing/projection-test-env.js';
import {
  feedback,
  generated,
  newQueryIds,
  requested,
  shown,
  type QueryIds,
} from '../testing/query-events.js';
import { readCheckpoint } from '../runner/index.js';
import { analyticsProjectors } from './analytics-projectors.js';
import { analyticsReadModel } from './index.js';

let env: ProjectionTestEnv;

beforeAll(async () => {
  env = await createProjectionTestEnv();
  env.workers([analyticsReadModel]).start();
});
afterAll(async () => {
  await env?.cleanup();
});

async function appendAndWait(
  ...events: Parameters<ProjectionTestEnv['publisher']['append']>[0][]
): Promise<number> {
  let last = 0;
  for (const e of events) last = (await env.publisher.append(e)).seq;
  await eventually(async () =>
    expect(await readCheckpoint(env.db, 'analytics')).toBeGreaterThanOrEqual(last),
  );
  return last;
}

const telemetry = {
  versionId: 3,
  triggerTypeId: 2,
  languageId: 47,
  filePath: null,
  caretLine: null,
  documentCharLength: null,
  relativeDocumentPosition: null,
};

/** Two models answer, both are shown; model 1 is accepted and its text survives 15 s later. */
function twoModelQuery(ids: QueryIds) {
  return [
    requested(ids, {
      requestedAt: '2026-03-01T10:20:00.000Z',
      contextualTelemetry: telemetry,
      storeContextualTelemetry: true,
    }),
    generated(ids, {
      modelId: 1,
      completion: 'return x;',
      confidence: 0.5,
      generationTimeMs: 100,
      servingTimeMs: 180,
    }),
    generated(ids, {
      modelId: 2,
      completion: 'return y',
      confidence: 0.8,
      generationTimeMs: 300,
      servingTimeMs: 320,
    }),
    generated(ids, {
      modelId: 3,
      status: 'failed',
      completion: '',
      confidence: null,
      tokens: [],
      logprobs: [],
    }),
    shown(ids, { modelIds: [1, 2] }),
    feedback(ids, { modelId: 1, wasAccepted: true, receivedAt: '2026-03-01T10:20:01.000Z' }),
    feedback(ids, { modelId: 2, wasAccepted: false, receivedAt: '2026-03-01T10:20:01.000Z' }),
    feedback(ids, { modelId: 1, groundTruth: 'return x;  # ok', receivedAt: '2026-03-01T10:20:16.000Z' }),
  ];
}

async function hourly(userId: string) {
  return env.db
    .selectFrom('analytics_hourly')
    .select([
      'model_id',
      'generated',
      'shown',
      'accepted',
      'shown_chars',
      'accepted_chars',
      'language_id',
      'trigger_type_id',
      'plugin_version_id',
    ])
    .select(sql<string>`to_char(bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')`.as('bucket'))
    .where('user_id', '=', userId)
    .orderBy('model_id')
    .execute();
}

async function bins(userId: string, kind: number) {
  return env.db
    .selectFrom('analytics_hourly_bins')
    .select(['model_id', 'bin', 'n', 'hits', 'total', 'total_square', 'total_hit'])
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .orderBy(['model_id', 'bin'])
    .execute();
}

async function pairs(userId: string) {
  return env.db
    .selectFrom('analytics_hourly_pairs')
    .select(['model_a', 'model_b', 'both_accepted', 'only_a', 'only_b', 'neither'])
    .where('user_id', '=', userId)
    .execute();
}

describe('analytics read model', () => {
  it('counts generated, shown and accepted completions and their characters per model in the request hour', async () => {
    const ids = newQueryIds();
    await appendAndWait(...twoModelQuery(ids));
    expect(await hourly(ids.userId)).toEqual([
      {
        model_id: 1,
        generated: 1,
        shown: 1,
        accepted: 1,
        shown_chars: 9,
        accepted_chars: 9,
        language_id: 47,
        trigger_type_id: 2,
        plugin_version_id: 3,
        bucket: '2026-03-01 10:00',
      },
      {
        model_id: 2,
        generated: 1,
        shown: 1,
        accepted: 0,
        shown_chars: 8,
        accepted_chars: 0,
        language_id: 47,
        trigger_type_id: 2,
        plugin_version_id: 3,
        bucket: '2026-03-01 10:00',
      },
    ]);
    expect(await bins(ids.userId, BIN_KIND.generationMs)).toEqual([
      { model_id: 1, bin: latencyBin(100), n: 1, hits: 0, total: 0, total_square: 0, total_hit: 0 },
      { model_id: 2, bin: latencyBin(300), n: 1, hits: 0, total: 0, total_square: 0, total_hit: 0 },
    ]);
    // Confidence 0.5 → fine bin 50, 500 000 micro-units; accepted, so it counts in the hit sums too.
    expect(await bins(ids.userId, BIN_KIND.confidence)).toEqual([
      {
        model_id: 1,
        bin: 50,
        n: 1,
        hits: 1,
        total: 500_000,
        total_square: 250_000_000_000,
        total_hit: 500_000,
      },
      { model_id: 2, bin: 80, n: 1, hits: 0, total: 800_000, total_square: 640_000_000_000, total_hit: 0 },
    ]);
    // 15 s after the acceptance: es = 100·2·9/(9+15) = 75; all 9 characters survive: retained.
    expect(await bins(ids.userId, BIN_KIND.survival)).toEqual([
      { model_id: 1, bin: 15, n: 1, hits: 1, total: 75_000_000, total_square: 0, total_hit: 0 },
    ]);
    expect(await pairs(ids.userId)).toEqual([
      { model_a: 1, model_b: 2, both_accepted: 0, only_a: 1, only_b: 0, neither: 0 },
    ]);
  });

  it('follows the latest feedback: a completion no longer accepted leaves the accepted counts and survival', async () => {
    const ids = newQueryIds();
    await appendAndWait(
      ...twoModelQuery(ids),
      feedback(ids, { modelId: 1, wasAccepted: false, receivedAt: '2026-03-01T10:20:30.000Z' }),
    );
    const rows = await hourly(ids.userId);
    expect(rows.map((r) => [r.model_id, r.accepted, r.accepted_chars])).toEqual([
      [1, 0, 0],
      [2, 0, 0],
    ]);
    expect((await bins(ids.userId, BIN_KIND.survival)).map((b) => b.n)).toEqual([0]);
    expect((await bins(ids.userId, BIN_KIND.confidence)).map((b) => b.hits)).toEqual([0, 0]);
    expect(await pairs(ids.userId)).toEqual([
      { model_a: 1, model_b: 2, both_accepted: 0, only_a: 0, only_b: 0, neither: 1 },
    ]);
  });

  it('counts a generation that came before its request once the request is there', async () => {
    const ids = newQueryIds();
    const [request, first, ...rest] = twoModelQuery(ids);
    await appendAndWait(first!);
    expect(await hourly(ids.userId)).toEqual([]);
    await appendAndWait(request!, ...rest);
    expect((await hourly(ids.userId)).map((r) => [r.model_id, r.generated, r.accepted])).toEqual([
      [1, 1, 1],
      [2, 1, 0],
    ]);
  });

  it('changes nothing when an event is applied again (a redelivery)', async () => {
    const ids = newQueryIds();
    const events = twoModelQuery(ids);
    const last = await appendAndWait(...events);
    const before = {
      h: await hourly(ids.userId),
      b: await bins(ids.userId, BIN_KIND.survival),
      p: await pairs(ids.userId),
    };
    await env.db.transaction().execute(async (trx) => {
      await analyticsProjectors['completion.generated']!(trx, events[1] as never, last - 6);
      await analyticsProjectors['completion.shown']!(trx, events[4] as never, last - 3);
      await analyticsProjectors['completion.feedback']!(trx, events[7] as never, last);
    });
    expect({
      h: await hourly(ids.userId),
      b: await bins(ids.userId, BIN_KIND.survival),
      p: await pairs(ids.userId),
    }).toEqual(before);
  });

  it("removes every row of an erased user and leaves other users' rows", async () => {
    const erased = newQueryIds();
    const kept = newQueryIds();
    await appendAndWait(...twoModelQuery(erased), ...twoModelQuery(kept));
    await appendAndWait(
      makeEvent('user.erased', { userId: erased.userId, correlationId: 'c' }, { deleteData: true }),
    );
    // The rollups (all users) hold exactly what the hourly rows of the users left hold.
    const total = async (table: string, column: string) =>
      Number(
        (
          await sql<{
            n: string;
          }>`SELECT coalesce(sum(${sql.ref(column)}), 0) AS n FROM ${sql.table(table)}`.execute(env.db)
        ).rows[0]!.n,
      );
    for (const [hourly, daily, column] of [
      ['analytics_hourly', 'analytics_all_hourly', 'accepted'],
      ['analytics_hourly', 'analytics_all_daily', 'accepted'],
      ['analytics_hourly_bins', 'analytics_all_hourly_bins', 'total'],
      ['analytics_hourly_bins', 'analytics_all_daily_bins', 'total'],
      ['analytics_hourly_pairs', 'analytics_all_daily_pairs', 'only_a'],
    ] as const) {
      expect(await total(daily, column), daily).toBe(await total(hourly, column));
      expect(await total(daily, column), daily).toBeGreaterThan(0);
    }
    for (const table of analyticsReadModel.tables.filter((t) => !t.startsWith('analytics_all_'))) {
      const count = async (user: string) =>
        Number(
          (
            await sql<{
              n: string;
            }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE user_id = ${user}`.execute(env.db)
          ).rows[0]!.n,
        );
      expect(await count(erased.userId)).toBe(0);
      expect(await count(kept.userId)).toBeGreaterThan(0);
    }
  });
});
