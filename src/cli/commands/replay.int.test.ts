// `c4m replay` against a real stream of its own, as a researcher runs it (the real CLI in a child process
// where the process matters: stdout, exit codes, files left behind; in process elsewhere, for speed): the
// slice is the events appended, in order; the same slice gives the same bytes, also after more events
// arrive when pinned with --until-seq; Arrow reads back with apache-arrow; mistakes are usage errors.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromIPC, Type, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSubject, eventTypes } from '../../../events/index.js';
import { ensureEventStream } from '../../bus/ensure-stream.js';
import type { Nats } from '../../platform/nats.js';
import type { Config } from '../../platform/config.js';
import { runCli as spawnCli } from '../../../tests/support/cli-process.js';
import {
  appendReplayHistory,
  appendStored,
  laterEvents,
  occurredAt,
  type ReplayHistory,
  type ReplayedEvent,
} from '../../../tests/support/replay-events.js';
import { startReplayStream, type ReplayStream } from '../../../tests/support/replay-stream.js';
import { createTestEnv, type TestEnv } from '../../../tests/support/test-env.js';
import { runCliInProcess } from '../../../tests/support/cli-in-process.js';

let stream: ReplayStream;
let env: TestEnv;
let nats: Nats;
let history: ReplayHistory;
let dir: string;

beforeAll(async () => {
  stream = await startReplayStream('replay-cli-test');
  ({ env, nats, history } = stream);
  dir = await mkdtemp(path.join(tmpdir(), 'c4m-replay-'));
});
afterAll(async () => {
  await stream?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A child process takes seconds to start on a busy machine: the tests that spawn one get longer. */
const SPAWNED = 90_000;

/** `c4m replay ...` in this process (stdout as text). */
async function c4m(args: string[], config: Config = env.config, isTTY = false) {
  return runCliInProcess(config, ['replay', ...args], { isTTY });
}
const replay = (...args: string[]) => c4m(args);

/** Runs a replay into a new file and returns its bytes (and the run). */
async function replayToFile(...args: string[]) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.out`);
  const run = await replay(...args, '--out', file);
  expect(run.stderr).not.toMatch(/^c4m:/m);
  expect(run.code).toBe(0);
  return { ...run, bytes: await readFile(file) };
}

const lines = (ndjson: string): unknown[] =>
  ndjson
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);

describe('c4m replay', () => {
  it(
    'writes the whole stream to stdout as the events appended, in order, and names the pin',
    async () => {
      const run = await spawnCli(env.config, ['replay']);
      expect(run.code).toBe(0);
      expect(lines(run.stdout)).toEqual(history.events);
      expect(run.stderr).toContain(
        'replayed 12 events (12 read) as ndjson to stdout, up to stream sequence 12',
      );
      expect(run.stderr).toContain('add --until-seq 12 to replay exactly this slice again');
    },
    SPAWNED,
  );

  it('applies every filter it is given, with --type repeated or comma-separated', async () => {
    const { userA } = history;
    const run = await replay(
      ...['--from', occurredAt(5).toISOString(), '--to', '2026-03-01T11:08:00+01:00'],
      ...['--type', 'completion.generated', '--type', 'completion.shown,completion.feedback'],
      ...['--user', userA.userId, '--project', userA.projectId, '--model', '5', '--out', '-'],
    );
    expect(run.code).toBe(0);
    const picked = (seqs: number[]) => history.events.filter((e) => seqs.includes(e.seq));
    expect(lines(run.stdout)).toEqual(picked([6, 7, 8]));
    expect(run.stderr).toContain('replayed 3 events');
  });

  it('gives the same bytes for the same slice twice, in NDJSON and in Arrow', async () => {
    const first = await replayToFile('--type', 'completion.generated');
    const second = await replayToFile('--type', 'completion.generated');
    expect(first.bytes.length).toBeGreaterThan(0);
    expect(second.bytes.equals(first.bytes)).toBe(true);
    const arrow = await replayToFile('--format', 'arrow');
    expect((await replayToFile('--format', 'arrow')).bytes.equals(arrow.bytes)).toBe(true);
  });

  it('writes Arrow that apache-arrow reads back with the schema and the rows of the events', async () => {
    const { bytes, stderr } = await replayToFile('--format', 'arrow', '--user', history.userA.userId);
    expect(stderr).toContain('as arrow to');
    const table = tableFromIPC(bytes);
    expect(table.schema.fields.map((f) => [f.name, Type[f.typeId], f.nullable])).toEqual([
      ['seq', 'Int', false],
      ['subject', 'Utf8', false],
      ['event_id', 'Utf8', false],
      ['type', 'Dictionary', false],
      ['version', 'Int', false],
      ['occurred_at', 'Timestamp', false],
      ['user_id', 'Utf8', true],
      ['session_id', 'Utf8', true],
      ['project_id', 'Utf8', true],
      ['query_id', 'Utf8', true],
      ['correlation_id', 'Utf8', false],
      ['data', 'Utf8', false],
      ['extra_envelope', 'Utf8', true],
    ]);
    expect(String(table.schema.fields[0]!.type)).toBe('Int64');
    expect(String(table.schema.fields[5]!.type)).toMatch(/Timestamp<MICROSECOND, UTC>/);
    expect(table.schema.fields[0]!.metadata.get('description')).toBe('JetStream stream sequence');
    expect(table.schema.metadata.get('c4m.replay.until_seq')).toBe('12');
    expect(JSON.parse(table.schema.metadata.get('c4m.replay.slice')!)).toMatchObject({
      userId: history.userA.userId,
    });
    const expected = history.events.filter((e) => e.event.userId === history.userA.userId);
    expect(arrowRows(table)).toEqual(expected.map(asArrowRow));
  });

  it(
    'refuses an unknown event type with exit 2 and the list of types, before reading anything',
    async () => {
      const run = await spawnCli(env.config, ['replay', '--type', 'completion.generatd']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain("unknown event type 'completion.generatd' (one of ");
      for (const type of eventTypes) expect(run.stderr).toContain(type);
    },
    SPAWNED,
  );

  it('refuses times without a zone, a bad model, an unknown format and a pin past the stream end with exit 2', async () => {
    const noZone = await replay('--from', '2026-03-01T10:00');
    expect([noZone.code, noZone.stderr]).toEqual([
      2,
      expect.stringMatching(/from: '2026-03-01T10:00' is not an ISO-8601/),
    ]);
    expect((await replay('--model', 'tiny')).stderr).toContain('the model id must be a whole number');
    expect((await replay('--format', 'csv')).code).toBe(2);
    const past = await replay('--until-seq', '9999');
    expect([past.code, past.stderr]).toEqual([
      2,
      expect.stringContaining('sequence 9999 is past the end of the stream (its last sequence is 12)'),
    ]);
  });

  it('refuses to write Arrow to a terminal, with a hint, and writes NDJSON there', async () => {
    const arrow = await c4m(['--format', 'arrow'], env.config, true);
    expect([arrow.code, arrow.stdout]).toEqual([2, '']);
    expect(arrow.stderr).toContain('arrow output is binary: write it to a file with --out FILE, or pipe it');
    expect(lines((await c4m(['--until-seq', '2'], env.config, true)).stdout)).toHaveLength(2);
  });
});

// These run last: they append after the history.
describe('c4m replay pinned with --until-seq', () => {
  it('gives the same bytes after more events arrived, where the unpinned replay now holds them', async () => {
    const ndjson = await replayToFile('--user', history.userA.userId);
    const arrow = await replayToFile('--user', history.userA.userId, '--format', 'arrow');
    expect(ndjson.stderr).toContain('--until-seq 12');
    await appendStored(nats, env.config.natsPrefix, laterEvents(history.userA, 5));
    const pinned = await replayToFile('--user', history.userA.userId, '--until-seq', '12');
    expect(pinned.bytes.equals(ndjson.bytes)).toBe(true);
    expect(pinned.stderr).toContain('up to stream sequence 12 (--until-seq 12)');
    const pinnedArrow = await replayToFile(
      '--user',
      history.userA.userId,
      '--until-seq',
      '12',
      '--format',
      'arrow',
    );
    expect(pinnedArrow.bytes.equals(arrow.bytes)).toBe(true);
    const now = await replayToFile('--user', history.userA.userId);
    expect(lines(now.bytes.toString())).toHaveLength(8 + 5);
    expect(now.stderr).toContain('up to stream sequence 17');
  });
});

describe('c4m replay of a stream with an event it cannot decode', () => {
  let broken: TestEnv;
  beforeAll(async () => {
    broken = await createTestEnv({ migrate: false });
    await ensureEventStream(nats.jsm, broken.config.streamName, broken.config.natsPrefix);
    const { userA } = await appendReplayHistory(nats, broken.config.natsPrefix);
    const subject = eventSubject(broken.config.natsPrefix, 'completion.generated', userA.userId);
    await nats.js.publish(subject, '{"written":"by nobody"}');
  });
  afterAll(() => broken?.cleanup());

  it(
    'fails with exit 1 naming the event, and leaves no half file and an older file as it was',
    async () => {
      const file = path.join(dir, 'broken.ndjson');
      await writeFile(file, 'an older replay\n');
      // Arrow writes its schema before the first batch: the failure comes with bytes already written.
      const run = await spawnCli(broken.config, ['replay', '--format', 'arrow', '--out', file]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/the event at stream sequence 13 cannot be decoded: bad envelope/);
      expect(await readFile(file, 'utf8')).toBe('an older replay\n');
      expect((await readdir(dir)).filter((f) => f.endsWith('.partial'))).toEqual([]);
    },
    SPAWNED,
  );

  it('skips and counts it with --skip-undecodable', async () => {
    const run = await c4m(['--skip-undecodable'], broken.config);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toHaveLength(12);
    expect(run.stderr).toMatch(/replayed 12 events \(13 read\)/);
    expect(run.stderr).toMatch(/skipped 1 undecodable events \(seq 13: bad envelope/);
  });
});

function arrowRows(table: Table): Record<string, unknown>[] {
  return table.toArray().map((row: { toJSON(): Record<string, unknown> }) => {
    const values = row.toJSON();
    return { ...values, data: JSON.parse(values.data as string) as unknown };
  });
}

/** What a replayed event's Arrow row holds, as apache-arrow reads it back. */
function asArrowRow({ seq, subject, event }: ReplayedEvent): Record<string, unknown> {
  return {
    seq: BigInt(seq),
    subject,
    event_id: event.id,
    type: event.type,
    version: event.version,
    occurred_at: Date.parse(event.occurredAt),
    user_id: event.userId,
    session_id: event.sessionId,
    project_id: event.projectId,
    query_id: event.queryId,
    correlation_id: event.correlationId,
    data: event.data,
    extra_envelope: null,
  };
}
