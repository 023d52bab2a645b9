// Whole days from the daily rollups and the hours around them from the hourly rows give the same numbers as
// the hourly rows alone, for everyone and for one user, for windows cut at any hour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsReadModel } from '../../projections/analytics/index.js';
import { readCheckpoint } from '../../projections/runner/index.js';
import {
  createProjectionTestEnv,
  type ProjectionTestEnv,
} from '../../projections/testing/projection-test-env.js';
import {
  feedback,
  generated,
  newQueryIds,
  requested,
  shown,
} from '../../projections/testing/query-events.js';
import { eventually } from '../../tests/support/eventually.js';
import type { AnalyticsFilter } from './analytics-filter.js';
import { readStatsSums } from './read-stats.js';

let env: ProjectionTestEnv;
const users = [newQueryIds().userId, newQueryIds().userId];
const TIMES = [
  '2026-03-01T00:30:00Z',
  '2026-03-01T23:30:00Z',
  '2026-03-02T12:00:00Z',
  '2026-03-03T00:10:00Z',
  '2026-03-04T05:00:00Z',
];

beforeAll(async () => {
  env = await createProjectionTestEnv();
  env.workers([analyticsReadModel]).start();
  let last = 0;
  for (const [i, at] of TIMES.entries()) {
    for (const userId of users) {
      const ids = newQueryIds({ userId });
      const events = [
        requested(ids, { requestedAt: at }),
        generated(ids, { modelId: 1, generationTimeMs: 50 + 100 * i }),
        generated(ids, { modelId: 2, generationTimeMs: 900 }),
        shown(ids, { modelIds: [1, 2] }),
        feedback(ids, { modelId: 1, wasAccepted: i % 2 === 0 }),
      ];
      for (const e of events) last = (await env.publisher.append(e)).seq;
    }
  }
  await eventually(async () =>
    expect(await readCheckpoint(env.db, 'analytics')).toBeGreaterThanOrEqual(last),
  );
});
afterAll(async () => {
  await env?.cleanup();
});

/** The groups of a grouping, summed: each way of reading must give the same totals. */
async function total(filter: AnalyticsFilter, grouping: 'all' | 'user' | 'hour') {
  const rows = [...(await readStatsSums(env.db, filter, grouping)).values()];
  const bins = new Map<number, number>();
  for (const r of rows) for (const [bin, n] of r.generationBins) bins.set(bin, (bins.get(bin) ?? 0) + n);
  return {
    generated: rows.reduce((s, r) => s + r.generated, 0),
    accepted: rows.reduce((s, r) => s + r.accepted, 0),
    bins: [...bins].sort((a, b) => a[0] - b[0]),
  };
}

describe('readStatsSums', () => {
  it('reads the same numbers through the daily rollups as from the hourly rows, for windows cut at any hour', async () => {
    const windows = [
      ['2026-02-28T00:00:00Z', '2026-03-05T00:00:00Z'],
      ['2026-03-01T00:45:00Z', '2026-03-03T00:05:00Z'],
      ['2026-03-01T12:00:00Z', '2026-03-02T12:00:00Z'],
      ['2026-03-01T23:00:00Z', '2026-03-04T06:00:00Z'],
    ];
    for (const [from, to] of windows) {
      const filter = { from: new Date(from!), to: new Date(to!) };
      const expected = await total(filter, 'hour'); // the all-users hourly rows alone
      expect(await total(filter, 'all'), `${from} – ${to}`).toEqual(expected);
      expect(await total(filter, 'user'), `${from} – ${to}`).toEqual(expected);
      const own = { ...filter, userId: users[0]! };
      expect(await total(own, 'all'), `own ${from} – ${to}`).toEqual(await total(own, 'hour'));
      expect(expected.generated, `${from} – ${to}`).toBeGreaterThan(0);
    }
  });

  it('counts a whole window, and one user alone under their filter', async () => {
    const filter = { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
    expect((await readStatsSums(env.db, filter, 'all')).get('all')).toMatchObject({
      generated: 20,
      shown: 20,
      accepted: 6,
    });
    const own = await readStatsSums(env.db, { ...filter, userId: users[0]! }, 'all');
    expect(own.get('all')).toMatchObject({ generated: 10, accepted: 3 });
    const days = await readStatsSums(env.db, filter, 'day');
    expect([...days.keys()].sort()).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
      '2026-03-03T00:00:00.000Z',
      '2026-03-04T00:00:00.000Z',
    ]);
    expect(days.get('2026-03-01T00:00:00.000Z')?.generated).toBe(8);
  });
});
