// The Code4Me metrics on the real platform, both ways a researcher gets them: the evaluation dataset through
// GET /api/datasets/evaluation (read back with apache-arrow) and `c4m metrics` (in process), over the same
// plugin traffic, with the numbers worked out by hand from it, and each pinned to a stream sequence.
import { tableFromIPC, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDataset } from '../../datasets/index.js';
import { canonicalArrowRows } from '../../datasets/formats/testing/read-back.js';
import {
  askCompletion,
  createResearcher,
  MODELS,
  sendFeedback,
  signUpPlugin,
  startResearchPlatform,
  type ResearchPlatform,
} from '../../../tests/support/research-platform.js';
import { runCliInProcess } from '../../../tests/support/cli-in-process.js';

let platform: ResearchPlatform;
let researcher: Record<string, string>;
/** The pin before any feedback: two generations, none accepted. */
let beforeFeedback = 0;
let lastSeq = 0;

// The echo models answer the prefix's last line reversed: 'abcd' → 'dcba'. The accepted one's ground truth
// 'dcba + 1' arrives right after the acceptance (slot 15s): exact match 0; edit similarity
// 200·LCS/(|p|+|t|) = 200·4/(4+8) = 66.67; ROUGE-L over tokens [dcba] / [dcba, +, 1]: P = 1, R = 1/3, F = 50;
// retained 100 ('dcba' is in it).
beforeAll(async () => {
  platform = await startResearchPlatform();
  researcher = await createResearcher(platform, 'grace@example.org');
  const alice = await signUpPlugin(platform.app, 'alice@example.org');
  const bob = await signUpPlugin(platform.app, 'bob@example.org');
  const first = await askCompletion(alice, { models: [MODELS.echo, MODELS.silent], prefix: 'abcd' });
  beforeFeedback = await platform.caughtUp();
  await sendFeedback(alice, first, MODELS.echo, true);
  await sendFeedback(alice, first, MODELS.echo, true, 'dcba + 1');
  await askCompletion(alice, { models: [MODELS.echo], prefix: 'wxyz' });
  await askCompletion(bob, { models: [MODELS.echo], prefix: 'pq', storeTelemetry: false });
  lastSeq = await platform.caughtUp();
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

async function evaluation(
  query = '',
): Promise<{ table: Table; rows: Record<string, unknown>[]; seq: string }> {
  const res = await platform.app.request(`/api/datasets/evaluation${query}`, { headers: researcher });
  expect(res.status, res.status === 200 ? '' : await res.text()).toBe(200);
  const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
  const rows = canonicalArrowRows(findDataset('evaluation')!.schema, table) as Record<string, unknown>[];
  return { table, rows, seq: res.headers.get('x-stream-sequence') ?? '' };
}

describe('GET /api/datasets/evaluation', () => {
  it('has a row per model, language and trigger and one overall, with the acceptance and the 15 s snapshot metrics', async () => {
    const { table, rows, seq } = await evaluation();
    expect(seq).toBe(String(lastSeq));
    expect(table.schema.metadata.get('c4m.evaluation.z')).toBe('1.96');
    expect(table.schema.metadata.get('stream_sequence')).toBe(String(lastSeq));
    const groups = rows.map((r) => [r.grouping, r.model_name, r.language_name, r.trigger_type_name]);
    expect(groups).toEqual([
      ['model,language,trigger', 'test/echo-model', 'Python', 'manual'],
      ['model,language,trigger', 'test/echo-model', null, null],
      ['model,language,trigger', 'test/silent-model', 'Python', 'manual'],
      ['overall', null, null, null],
    ]);
    const [echoPython, echoNoTelemetry, silent, overall] = rows;
    expect(echoPython).toMatchObject({ generations: 2n, shown: 2n, valid: 2n, accepted: 1n });
    expect(echoPython).toMatchObject({ acceptance_rate: 0.5, accepted_with_ground_truth: 1n });
    expect(echoPython!.acceptance_ci_low).toBeCloseTo(0.094529, 5);
    expect(echoPython!.acceptance_ci_high).toBeCloseTo(0.905471, 5);
    expect(echoPython).toMatchObject({ snapshots_15s: 1n, exact_match_15s: 0, retained_15s: 100 });
    expect(echoPython!.rouge_l_15s).toBeCloseTo(50, 9);
    expect(echoPython!.edit_similarity_15s).toBeCloseTo(200 / 3, 9);
    expect(echoPython).toMatchObject({ snapshots_45s: 0n, edit_similarity_45s: null, snapshots_90s: 0n });
    expect(echoNoTelemetry).toMatchObject({ generations: 1n, accepted: 0n, acceptance_rate: 0 });
    expect(silent).toMatchObject({ generations: 1n, valid: 1n, accepted: 0n, snapshots_15s: 0n });
    expect(overall).toMatchObject({ generations: 4n, valid: 4n, accepted: 1n, acceptance_rate: 0.25 });
    expect(overall!.acceptance_ci_low).toBeCloseTo(0.045586, 5);
    expect(overall!.edit_similarity_15s).toBeCloseTo(200 / 3, 9);
  });

  it('takes the completions filters and pin: one model, and the slice before the feedback', async () => {
    const silentOnly = await evaluation(`?model_id=${MODELS.silent}`);
    expect(silentOnly.rows.map((r) => [r.model_name, r.generations])).toEqual([
      ['test/silent-model', 1n],
      [null, 1n],
    ]);
    const pinned = await evaluation(`?as_of_seq=${beforeFeedback}`);
    expect(pinned.seq).toBe(String(beforeFeedback));
    expect(pinned.rows.at(-1)).toMatchObject({ grouping: 'overall', generations: 2n, accepted: 0n });
  });
});

async function metrics(...args: string[]) {
  return runCliInProcess(platform.env.config, ['metrics', ...args]);
}

/** The cells of the table line that starts with `first`, split on runs of spaces. */
function line(stdout: string, first: string, nth = 0): string[] {
  const lines = stdout.split('\n').filter((l) => l.startsWith(`${first} `));
  return (lines[nth] ?? '').trim().split(/\s{2,}/);
}

describe('c4m metrics', () => {
  it('prints the acceptance and snapshot metrics per model and overall, and the pin', async () => {
    const run = await metrics('--by', 'model');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(line(run.stdout, 'test/echo-model')).toEqual([
      'test/echo-model',
      '3',
      '3',
      '0',
      '3',
      '1',
      '33.3%',
      '[6.1%, 79.2%]',
    ]);
    expect(line(run.stdout, 'test/silent-model')).toEqual([
      'test/silent-model',
      '1',
      '1',
      '0',
      '1',
      '0',
      '0.0%',
      '[0.0%, 79.3%]',
    ]);
    expect(line(run.stdout, 'overall')).toEqual([
      'overall',
      '4',
      '4',
      '0',
      '4',
      '1',
      '25.0%',
      '[4.6%, 69.9%]',
    ]);
    // The second table: model, snapshot slot, n, EM, ES, ROUGE-L, retained.
    expect(line(run.stdout, 'test/echo-model', 1)).toEqual([
      'test/echo-model',
      '15s',
      '1',
      '0.0',
      '66.7',
      '50.0',
      '100.0',
    ]);
    expect(run.stdout).toContain(
      `consistent with stream sequence ${lastSeq} (pass it as --as-of-seq to repeat)`,
    );
  });

  it('gives the slice as of --as-of-seq, and refuses a sequence beyond the stream as a usage error', async () => {
    const pinned = await metrics('--by', 'none', '--as-of-seq', String(beforeFeedback));
    expect(pinned.code).toBe(0);
    expect(line(pinned.stdout, 'overall')).toEqual([
      'overall',
      '2',
      '2',
      '0',
      '2',
      '0',
      '0.0%',
      '[0.0%, 65.8%]',
    ]);
    expect(pinned.stdout).toContain(`consistent with stream sequence ${beforeFeedback} `);
    const beyond = await metrics('--as-of-seq', String(lastSeq + 1000));
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain(`beyond the event stream, whose last sequence is ${lastSeq}`);
  });
});
