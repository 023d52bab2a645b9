// One measured pass over the bench stream, run in a process of its own so each pass has its own heap and
// peak RSS: `bare` (receive only), `decode` (+ decodeEvent), `fold` (+ every read model's bulk fold, then
// COPY into the empty tables of a fresh database, in one transaction), `rebuild` (`c4m rebuild all` through
// the rebuild engine: rebuild-all.ts) or `stages` (stage-costs.ts on the first messages). Prints one JSON line.
// Started by run.ts: `node --import tsx bench/rebuild/phase.ts <phase> '<job json>'`.
import pg from 'pg';
import { decodeEvent, EventValidationError } from '../../events/index.js';
import { readModels } from '../../projections/read-models.js';
import { createNats } from '../../src/platform/nats.js';
import type { PhaseJob, PhaseName, PhaseResult } from './phase-result.js';
import { readWholeStream } from './read-stream.js';
import { rebuildAll } from './rebuild-all.js';
import { measureStageCosts, type StageCosts } from './stage-costs.js';

const [phase, jobJson] = process.argv.slice(2) as [PhaseName | 'stages', string];
const job = JSON.parse(jobJson) as PhaseJob;
const nats = await createNats(job.natsUrl, `bench-rebuild-${phase}`);
try {
  const result = phase === 'stages' ? await stageCosts(job) : await runPhase(phase, job);
  console.log(JSON.stringify(result));
} finally {
  await nats.nc.close();
}

/** The first `lastSeq` messages, copied out of the client's buffers, then measured stage by stage. */
async function stageCosts(job: PhaseJob): Promise<StageCosts> {
  const sample: Uint8Array[] = [];
  await readWholeStream(nats.js, job.stream, job.lastSeq, (m) => sample.push(new Uint8Array(m.data)), job);
  return measureStageCosts(sample.slice(0, job.lastSeq));
}

async function runPhase(name: PhaseName, job: PhaseJob): Promise<PhaseResult> {
  const started = performance.now();
  const detail: Record<string, number> = {};
  let events: number;
  if (name === 'bare') {
    let bytes = 0;
    events = await readWholeStream(nats.js, job.stream, job.lastSeq, (m) => (bytes += m.data.length), job);
    detail.megabytes = bytes / 1e6;
  } else if (name === 'decode') {
    let invalid = 0;
    events = await readWholeStream(
      nats.js,
      job.stream,
      job.lastSeq,
      (m) => {
        if (!decodes(m.data)) invalid += 1;
      },
      job,
    );
    detail.invalid = invalid;
  } else if (name === 'fold') {
    events = await foldAndCopy(job, detail, started);
  } else {
    events = await rebuildAll(nats, job, detail, started);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    phase: name,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    detail,
  };
}

function decodes(bytes: Uint8Array): boolean {
  try {
    decodeEvent(bytes);
    return true;
  } catch (err) {
    if (err instanceof EventValidationError) return false;
    throw err;
  }
}

async function foldAndCopy(job: PhaseJob, detail: Record<string, number>, started: number): Promise<number> {
  const folds = readModels.map((m) => m.createBulkFold!());
  let deadLetters = 0;
  let invalid = 0;
  const events = await readWholeStream(
    nats.js,
    job.stream,
    job.lastSeq,
    (m) => {
      let event;
      try {
        event = decodeEvent(m.data);
      } catch (err) {
        if (!(err instanceof EventValidationError)) throw err;
        invalid += 1;
        return;
      }
      for (const fold of folds) if (fold.add(event, m.seq) !== null) deadLetters += 1;
    },
    job,
  );
  detail.readFoldSeconds = (performance.now() - started) / 1000;
  const memory = process.memoryUsage();
  detail.heapUsedMiB = memory.heapUsed / 2 ** 20;
  detail.offHeapMiB = memory.arrayBuffers / 2 ** 20;
  const copyStarted = performance.now();
  const client = new pg.Client({ connectionString: job.databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    let rows = 0;
    for (const fold of folds) rows += await fold.write(client);
    await client.query('COMMIT');
    detail.rowsWritten = rows;
  } finally {
    await client.end();
  }
  detail.copySeconds = (performance.now() - copyStarted) / 1000;
  detail.deadLetters = deadLetters;
  detail.invalid = invalid;
  return events;
}
