// bench/export: how fast the completions dataset downloads, side by side with PostgreSQL's own COPY of the
// same rows in the same run. Fills a fresh database of its own with N generated completions straight through
// COPY (fill-database.ts), then for each size (a pin at which the dataset holds that many rows) runs each pass
// in a node process of its own (its own heap and peak RSS): (a) `COPY (<the dataset's SELECT>) TO STDOUT`
// drained, the row source alone, then the Arrow, Parquet, NDJSON and CSV downloads (pass.ts), round after round.
// Run: npm run bench:export [-- --completions 1000000 --sizes 100000,1000000 --rounds 1 --seed 1
// --passes copy,rows,arrow,parquet,ndjson,csv --out bench/results/export.json]. `--keep` keeps the database,
// `--reuse <url>` measures a kept one again. Removes its database at the end (unless kept).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest } from '../../migrations/migrate.js';
import { loadConfig } from '../../src/platform/config.js';
import { uniqueSuffix } from '../../tests/support/test-env.js';
import { describeHardware, dropDatabase } from '../rebuild/report.js';
import { fillDatabase, type FillResult } from './fill-database.js';
import { PASS_NAMES, type PassJob, type PassName, type PassResult } from './pass-result.js';
import { printTable, summarise } from './report.js';
import { findSizePins } from './size-pins.js';

const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const completions = Number(option('completions') ?? 1_000_000);
const sizes = (option('sizes') ?? `${Math.min(100_000, completions / 10)},${completions}`)
  .split(',')
  .map(Number);
const rounds = Number(option('rounds') ?? 1);
const seed = Number(option('seed') ?? 1);
const passes = (option('passes') ?? PASS_NAMES.join(',')).split(',') as PassName[];
const reuse = option('reuse');
const out = option('out') ?? 'bench/results/export.json';
const keep = process.argv.includes('--keep') || reuse !== undefined;

const databaseUrl = reuse ?? freshDatabaseUrl();
let filled: FillResult | null = null;
try {
  if (!reuse) {
    await migrateToLatest(databaseUrl);
    console.error(`filling ${databaseUrl} with ${completions} completions ...`);
    filled = await fillDatabase(databaseUrl, completions, seed);
    console.error(`filled in ${filled.seconds.toFixed(1)} s (${filled.rowsWritten} rows)`);
  }
  const pins = await findSizePins(databaseUrl, sizes);
  const loadBefore = os.loadavg();
  const results: Map<number, PassResult[]>[] = [];
  for (let round = 0; round < rounds; round++) {
    const byPin = new Map<number, PassResult[]>();
    for (const { size, pin } of pins) {
      const done: PassResult[] = [];
      for (const pass of passes) {
        done.push(await runPass(pass, { databaseUrl, pin }));
        const r = done.at(-1)!;
        console.error(
          `round ${round + 1}, ${size}: ${pass} ${r.rowsPerSecond.toFixed(0)} rows/s, ${r.maxRssMiB.toFixed(0)} MiB`,
        );
      }
      byPin.set(size, done);
    }
    results.push(byPin);
  }
  const summary = summarise(results, sizes);
  printTable(summary);
  const report = {
    at: new Date().toISOString(),
    seed,
    fill: filled,
    pins,
    hardware: withoutNats(await describeHardware(databaseUrl, '')),
    loadAverage: { before: loadBefore, after: os.loadavg() },
    summary,
    rounds: results.map((r) => Object.fromEntries(r)),
  };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
} finally {
  if (keep) console.error(`kept database ${databaseUrl}`);
  else await dropDatabase(databaseUrl);
}

function freshDatabaseUrl(): string {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? loadConfig().databaseUrl);
  url.pathname = `/c4m_bench_export_${uniqueSuffix()}`;
  return url.toString();
}

/** Runs one pass in a fresh node process and reads its JSON line. */
async function runPass(pass: PassName, job: PassJob): Promise<PassResult> {
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const args = [...flags, '--import', 'tsx', 'bench/export/pass.ts', pass, JSON.stringify(job)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`pass ${pass} exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as PassResult;
}

function withoutNats<T extends { natsServer: string }>(hardware: T): Omit<T, 'natsServer'> {
  const { natsServer: _, ...rest } = hardware;
  return rest;
}
