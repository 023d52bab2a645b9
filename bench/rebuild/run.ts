// bench/rebuild: how fast the read models are rebuilt from the stream, side by side with the bare read of the
// same stream in the same run. Generates N plugin-like events into a stream, prefix and database of its own,
// then times (a) a bare ordered-consumer read, (b) the read + decodeEvent, (c) the read + decode + the bulk
// folds + COPY into empty tables, and (d) `c4m rebuild all` once the rebuild engine is in (rebuild-all.ts).
// Run: npm run bench:rebuild [-- --events 1000000 --seed 1 --max-messages 1000]; BENCH_PROF=1 writes CPU
// profiles of each pass to /tmp/prof, BENCH_NODE_FLAGS passes node flags to each pass. Removes its stream and
// databases at the end.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { migrateToLatest } from '../../migrations/migrate.js';
import { ensureEventStream } from '../../src/bus/ensure-stream.js';
import { loadConfig } from '../../src/platform/config.js';
import { createNats } from '../../src/platform/nats.js';
import { uniqueSuffix } from '../../tests/support/test-env.js';
import type { PhaseJob, PhaseName, PhaseResult } from './phase-result.js';
import { publishEventMix } from './publish-mix.js';
import { measureRebuildAll } from './rebuild-all.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const events = arg('events', 1_000_000);
const seed = arg('seed', 1);
const maxMessages = arg('max-messages', 1_000);

const config = loadConfig();
const id = uniqueSuffix();
const prefix = `brb${id}`;
const stream = `BENCH_REBUILD_${id}`;
const databaseUrl = (suffix: string) => {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? config.databaseUrl);
  url.pathname = `/c4m_bench_rebuild_${id}_${suffix}`;
  return url.toString();
};
const databases = [databaseUrl('fold'), databaseUrl('rebuild')];
const nats = await createNats(config.natsUrl, 'bench-rebuild');

try {
  await ensureEventStream(nats.jsm, stream, prefix);
  console.error(`publishing ${events} events into ${stream} ...`);
  const published = await publishEventMix(nats.js, prefix, { events, seed });
  const { state } = await nats.jsm.streams.info(stream);
  console.error(`published in ${published.seconds.toFixed(1)} s; stream holds ${state.messages} messages`);
  await Promise.all(databases.map((url) => migrateToLatest(url)));
  const job = (db: string): PhaseJob => ({
    natsUrl: config.natsUrl,
    stream,
    lastSeq: state.last_seq,
    maxMessages,
    databaseUrl: db,
  });
  const loadBefore = os.loadavg()[0]!;
  const results: PhaseResult[] = [];
  for (const phase of ['bare', 'decode', 'fold'] as PhaseName[]) {
    results.push(await runPhase(phase, job(databases[0]!)));
    console.error(`${phase}: ${results.at(-1)!.eventsPerSecond.toFixed(0)} events/s`);
  }
  const rebuild = await measureRebuildAll({ ...job(databases[1]!), prefix });
  if (rebuild) results.push(rebuild);
  const report = {
    at: new Date().toISOString(),
    events,
    seed,
    maxMessages,
    streamMegabytes: state.bytes / 1e6,
    publish: { seconds: published.seconds, eventsPerSecond: published.events / published.seconds },
    hardware: await hardware(databases[0]!),
    loadAverageBefore: loadBefore,
    loadAverageAfter: os.loadavg()[0],
    phases: results.map((r) => ({ ...r, ratioToBare: r.eventsPerSecond / results[0]!.eventsPerSecond })),
    rebuildAll: rebuild
      ? 'measured'
      : 'not run: the rebuild engine (projections/rebuild) is not in this checkout',
  };
  printTable(report.phases);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/rebuild.json', JSON.stringify(report, null, 2) + '\n');
} finally {
  await nats.jsm.streams.delete(stream).catch(() => undefined);
  await nats.nc.close();
  await Promise.all(databases.map(dropDatabase));
}

/** Runs one pass in a fresh node process (its own heap, its own peak RSS) and reads its JSON line. */
async function runPhase(phase: PhaseName, job: PhaseJob): Promise<PhaseResult> {
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const prof = process.env.BENCH_PROF
    ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', `--cpu-prof-name=${phase}.cpuprofile`]
    : [];
  const child = spawn(
    process.execPath,
    [...flags, ...prof, '--import', 'tsx', 'bench/rebuild/phase.ts', phase, JSON.stringify(job)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`phase ${phase} exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as PhaseResult;
}

async function hardware(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>('SELECT version()');
    return {
      nproc: os.availableParallelism(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: os.totalmem() / 2 ** 30,
      node: process.version,
      natsServer: nats.nc.info?.version ?? 'unknown',
      postgres: rows[0]?.version.split(' ').slice(0, 2).join(' ') ?? 'unknown',
    };
  } finally {
    await client.end();
  }
}

async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = '/postgres';
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

function printTable(rows: (PhaseResult & { ratioToBare: number })[]): void {
  console.log('| pass | events/s | ratio to bare read | seconds | peak RSS MiB | detail |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const detail = Object.entries(r.detail)
      .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(2)}`)
      .join(', ');
    console.log(
      `| ${r.phase} | ${r.eventsPerSecond.toFixed(0)} | ${r.ratioToBare.toFixed(2)} | ${r.seconds.toFixed(1)} | ${r.maxRssMiB.toFixed(0)} | ${detail} |`,
    );
  }
}
