// The study report on seeded read model rows: per arm tallies counted by hand, completions outside a user's
// arm (another config, before the assignment, after the release) left out, the difference to the default
// exact and its bootstrap interval equal to an independent run of the documented procedure.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../platform/db.js';
import { createTestEnv, type TestEnv } from '../../tests/support/test-env.js';
import { seedUser } from '../../tests/support/seed-user.js';
import { seededRandom } from '../platform/seeded-random.js';
import { DEFAULT_BOOTSTRAP, quantile, studyReport } from './index.js';

let env: TestEnv;
let db: Db;
const studyId = randomUUID();
const START = new Date('2030-01-01T00:00:00Z');
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);
const clock = { now: () => at(24 * 60), monotonicMs: () => performance.now() };

/** Per user: the arm, then each completion as [shown, accepted]. */
const SEED: Record<string, { arm: number; completions: [boolean, boolean][] }> = {
  A: {
    arm: 1,
    completions: [
      [true, true],
      [true, false],
      [true, false],
      [true, false],
    ],
  },
  B: {
    arm: 1,
    completions: [
      [true, true],
      [true, false],
    ],
  },
  C: {
    arm: 1,
    completions: [
      [true, true],
      [true, true],
      [true, false],
      [true, false],
    ],
  },
  D: {
    arm: 2,
    completions: [
      [true, true],
      [true, true],
      [true, true],
    ],
  },
  E: {
    arm: 2,
    completions: [
      [true, true],
      [true, true],
      [true, false],
      [true, false],
      [true, false],
      [false, false],
    ],
  },
  F: {
    arm: 2,
    completions: [
      [true, true],
      [true, false],
    ],
  },
};
const ids: Record<string, string> = {};

async function completion(
  userId: string,
  configId: number,
  when: Date,
  shown: boolean,
  accepted: boolean,
  ms: number,
) {
  const id = randomUUID();
  await db
    .insertInto('meta_query')
    .values({
      meta_query_id: id,
      user_id: userId,
      session_id: randomUUID(),
      project_id: randomUUID(),
      timestamp: when,
      query_type: 'completion',
      config_id: configId,
      multi_file_context_changes_indexes: JSON.stringify({}),
    })
    .execute();
  await db.insertInto('completion_query').values({ meta_query_id: id }).execute();
  await db
    .insertInto('had_generation')
    .values({
      meta_query_id: id,
      model_id: 1,
      completion: 'foo(x)',
      generation_time: ms,
      serving_time: ms + 10,
      shown_at: shown ? [when] : [],
      was_accepted: accepted,
      confidence: 0.5,
      logprobs: [],
    })
    .execute();
  return id;
}

beforeAll(async () => {
  env = await createTestEnv();
  db = createDb(env.config.databaseUrl, 2);
  await db
    .insertInto('config')
    .values([
      { config_id: 1, config_data: 'default', name: 'control' },
      { config_id: 2, config_data: 'arm', name: 'treatment' },
    ])
    .onConflict((oc) => oc.column('config_id').doNothing())
    .execute();
  const row = {
    study_id: studyId,
    name: 'seeded',
    description: '',
    config_ids: [1, 2],
    default_config_id: 1,
    starts_at: START,
    ends_at: at(600),
    created_at: START,
  };
  await db
    .insertInto('study')
    .values({ ...row })
    .execute();
  await db
    .insertInto('study_definition')
    .values({ ...row, stream_seq: 1 })
    .execute();
  let ms = 100;
  for (const [name, seed] of Object.entries(SEED)) {
    const { userId } = await seedUser(db, { verified: true });
    ids[name] = userId;
    await db
      .insertInto('study_arm_assignment')
      .values({
        study_id: studyId,
        user_id: userId,
        config_id: seed.arm,
        previous_config_id: 1,
        assigned_at: at(10),
        stream_seq: 2,
      })
      .execute();
    for (const [shown, accepted] of seed.completions)
      await completion(userId, seed.arm, at(20), shown, accepted, (ms += 10));
  }
  // Not the arm's: before D was assigned, under another config, after the study's end.
  await completion(ids.D!, 2, at(5), true, false, 1);
  await completion(ids.D!, 1, at(30), true, false, 1);
  await completion(ids.D!, 2, at(601), true, false, 1);
  // Ground truth: D's accepted "foo(x)" survived as it was (100); A's later changed to "foo(y)".
  const [dQuery] = await db
    .selectFrom('meta_query')
    .select('meta_query_id')
    .where('user_id', '=', ids.D!)
    .where('timestamp', '=', at(20))
    .execute();
  const [aQuery] = await db
    .selectFrom('meta_query')
    .select('meta_query_id')
    .where('user_id', '=', ids.A!)
    .execute();
  await db
    .insertInto('ground_truth')
    .values([
      {
        completion_query_id: dQuery!.meta_query_id,
        truth_timestamp: at(21),
        ground_truth: 'foo(x)',
        model_id: 1,
      },
      {
        completion_query_id: aQuery!.meta_query_id,
        truth_timestamp: at(21),
        ground_truth: 'foo(x)',
        model_id: 1,
      },
      {
        completion_query_id: aQuery!.meta_query_id,
        truth_timestamp: at(22),
        ground_truth: 'foo(y)',
        model_id: 1,
      },
    ])
    .execute();
});
afterAll(async () => {
  await db?.destroy();
  await env?.cleanup();
});

/** The documented procedure, written out again: users in id order, arm resampled before the control. */
function independentBootstrap(arm: [number, number][], control: [number, number][]) {
  const random = seededRandom(DEFAULT_BOOTSTRAP.seed);
  const rate = (group: [number, number][]) => {
    let shown = 0;
    let accepted = 0;
    for (let i = 0; i < group.length; i += 1) {
      const [s, a] = group[Math.floor(random() * group.length)]!;
      shown += s;
      accepted += a;
    }
    return accepted / shown;
  };
  const diffs = Array.from({ length: DEFAULT_BOOTSTRAP.samples }, () => rate(arm) - rate(control)).sort(
    (x, y) => x - y,
  );
  return { low: quantile(diffs, 0.025), high: quantile(diffs, 0.975) };
}

describe('the study report', () => {
  it('counts each arm by hand: users, generated, shown, accepted, Wilson interval, edit similarity, latency', async () => {
    const report = await studyReport({ db, clock }, studyId);
    expect(report.study.status).toBe('ended');
    const [control, treatment] = report.arms;
    expect(control).toMatchObject({
      configId: 1,
      configName: 'control',
      isDefault: true,
      users: 3,
      activeUsers: 3,
      generated: 10,
      shown: 10,
      accepted: 4,
      difference: null,
    });
    expect(treatment).toMatchObject({
      configId: 2,
      isDefault: false,
      users: 3,
      generated: 11,
      shown: 10,
      accepted: 6,
    });
    expect(control!.acceptanceRate!.value).toBe(0.4);
    expect(control!.acceptanceRate!.low).toBeCloseTo(0.16818, 4); // Wilson 4/10, z = 1.96
    expect(control!.acceptanceRate!.high).toBeCloseTo(0.68736, 4);
    // A's latest ground truth "foo(y)" against "foo(x)": 2·5/12; D's "foo(x)": 100.
    expect(control!.meanEditSimilarity).toBeCloseTo((100 * 10) / 12, 10);
    expect(treatment!.meanEditSimilarity).toBe(100);
    expect(control!.generationMs.p50).toBeCloseTo(155, 10); // 110..200 by tens: the median of A, B, C's ten
  });

  it("gives the arm's difference to the default exactly and the interval of an independent bootstrap", async () => {
    const report = await studyReport({ db, clock }, studyId);
    const difference = report.arms[1]!.difference!;
    expect(difference.value).toBeCloseTo(0.6 - 0.4, 15);
    const byUser = (names: string[]) =>
      names
        .map((n) => [ids[n]!, SEED[n]!.completions] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(
          ([, cs]) =>
            [cs.filter(([s]) => s).length, cs.filter(([s, a]) => s && a).length] as [number, number],
        );
    const expected = independentBootstrap(byUser(['D', 'E', 'F']), byUser(['A', 'B', 'C']));
    expect(difference.low).toBeCloseTo(expected.low, 12);
    expect(difference.high).toBeCloseTo(expected.high, 12);
    expect(difference.low).toBeLessThan(difference.value);
    expect(difference.high).toBeGreaterThan(difference.value);
    // Three users an arm: the interval spans 0, so the p-value is above 0.05.
    expect(difference.low).toBeLessThan(0);
    expect(difference.pValue).toBeGreaterThan(0.05);
  });
});
