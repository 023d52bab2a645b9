// bench/rebuild: how fast the read models are rebuilt from the stream, side by side with the bare read of the
// same stream in the same run. Generates N plugin-like events into a stream, prefix and database of its own,
// then times (a) a bare ordered-consumer read, (b) the read + decodeEvent, (c) the read + decode + the bulk
// folds + COPY into empty tables, (d) `c4m rebuild all` through the rebuild engine into a database of its own
// (rebuild-all.ts), each in a process of its own, and where the CPU time goes per event (stage-costs.ts).
// Run: npm run bench:rebuild [-- --events 1000000 --seed 1 --max-messages 1000 --stage-sample 100000].
// BENCH_PROF=1 writes CPU profiles of each pass to /tmp/prof; BENCH_NODE_FLAGS passes node flags to each
// pass; `--keep` keeps the stream, `--reuse <stream>` measures a kept one again, `--passes fold,stages`
// runs only those. Removes its stream (unless
// kept) and its databases at the end.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { migrateToLatest } from '../../migrations/migrate.js';
import { ensureEventStream } from '../../src/bus/ensure-stream.js';
import { loadConfig } from '../../src/platform/config.js';
import { createNats } from '../../src/platform/nats.js';
import { uniqueSuffix } from '../../tests/support/test-env.js';
import type { PhaseJob, PhaseName, PhaseResult } from './phase-result.js';
import { publishEventMix, type PublishResult } from './publish-mix.js';
import { describeHardware, dropDatabase, printTable } from './report.js';
import type { StageCosts } from './stage-costs.js';

const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const events = Number(option('events') ?? 1_000_000);
const seed = Number(option('seed') ?? 1);
const maxMessages = Number(option('max-messages') ?? 1_000);
const stageSample = Number(option('stage-sample') ?? 100_000);
const passes = (option('passes') ?? 'bare,decode,fold,rebuild,stages').split(',');
const reuse = option('reuse');
const keep = process.argv.includes('--keep') || reuse !== undefined;

const config = loadConfig();
const id = uniqueSuffix();
const stream = reuse ?? `BENCH_REBUILD_${id}`;
const databaseUrl = (suffix: string) => {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? config.databaseUrl);
  url.pathname = `/c4m_bench_rebuild_${id}_${suffix}`;
  return url.toString();
};
const databases = [databaseUrl('fold'), databaseUrl('rebuild')];
const nats = await createNats(config.natsUrl, 'bench-rebuild');

try {
  const published = reuse ? null : await publish();
  const { state, config: streamConfig } = await nats.jsm.streams.info(stream);
  // A reused stream keeps the subject prefix it was published under.
  const prefix = streamConfig.subjects[0]?.split('.')[0] ?? `brb${id}`;
  await Promise.all(databases.map((url) => migrateToLatest(url)));
  const job = (db: string, lastSeq = state.last_seq): PhaseJob => ({
    natsUrl: config.natsUrl,
    stream,
    lastSeq,
    maxMessages,
    databaseUrl: db,
    prefix,
  });
  const loadBefore = os.loadavg();
  const results: PhaseResult[] = [];
  const phaseNames: PhaseName[] = ['bare', 'decode', 'fold', 'rebuild'];
  for (const phase of phaseNames.filter((p) => passes.includes(p))) {
    results.push(await runPhase<PhaseResult>(phase, job(databases[phase === 'rebuild' ? 1 : 0]!)));
    console.error(`${phase}: ${results.at(-1)!.eventsPerSecond.toFixed(0)} events/s`);
  }
  const loadAfter = os.loadavg();
  const stages = passes.includes('stages')
    ? await runPhase<StageCosts>('stages', job(databases[0]!, Math.min(stageSample, state.last_seq)))
    : null;
  const phases = results.map((r) => ({ ...r, ratioToBare: r.eventsPerSecond / results[0]!.eventsPerSecond }));
  const report = {
    at: new Date().toISOString(),
    events: state.messages,
    seed,
    maxMessages,
    streamMegabytes: state.bytes / 1e6,
    publish: published && {
      seconds: published.seconds,
      eventsPerSecond: published.events / published.seconds,
    },
    hardware: await describeHardware(databases[0]!, nats.nc.info?.version ?? 'unknown'),
    loadAverage: { before: loadBefore, after: loadAfter },
    phases,
    stageCostsMicrosecondsPerEvent: stages,
  };
  printTable(phases);
  console.log(JSON.stringify(stages));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/rebuild.json', JSON.stringify(report, null, 2) + '\n');
} finally {
  if (!keep) await nats.jsm.streams.delete(stream).catch(() => undefined);
  else console.error(`kept stream ${stream}`);
  await nats.nc.close();
  await Promise.all(databases.map(dropDatabase));
}

async function publish(): Promise<PublishResult> {
  const prefix = `brb${id}`;
  await ensureEventStream(nats.jsm, stream, prefix);
  console.error(`publishing ${events} events into ${stream} ...`);
  const published = await publishEventMix(nats.js, prefix, { events, seed });
  console.error(`published in ${published.seconds.toFixed(1)} s`);
  return published;
}

/** Runs one pass in a fresh node process (its own heap, its own peak RSS) and reads its JSON line. */
async function runPhase<T>(phase: PhaseName | 'stages', job: PhaseJob): Promise<T> {
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const prof = process.env.BENCH_PROF
    ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', `--cpu-prof-name=${phase}.cpuprofile`]
    : [];
  const args = [...flags, ...prof, '--import', 'tsx', 'bench/rebuild/phase.ts', phase, JSON.stringify(job)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`phase ${phase} exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}
