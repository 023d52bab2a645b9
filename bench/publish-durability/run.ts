// bench/publish-durability: what an fsync before every acknowledgement (sync_interval: always) costs the API's
// appends, against NATS' default lazy flush, side by side in one run at 1, 10 and 50 concurrent publishers.
// Run: npm run bench:publish-durability [-- --nats-server PATH --seconds 6 --rounds 3]. Starts its own servers.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEventPublisher } from '../../src/bus/event-publisher.js';
import { ensureEventStream } from '../../src/bus/ensure-stream.js';
import { createNats, type Nats } from '../../src/platform/nats.js';
import { loadNatsServerVersion, supportsSyncAlways } from '../../src/platform/nats-server-version.js';
import { findServiceBinDir } from '../../src/platform/service-binaries.js';
import { encodeEvent } from '../../events/index.js';
import { fsMagic, isTmpfs, startBenchNatsServer, type BenchNatsServer } from './bench-nats-server.js';
import { pluginEventMix } from './plugin-events.js';
import {
  runAtRate,
  runPublishers,
  summarise,
  type PublishResult,
  type PublishSample,
} from './publish-load.js';

const HELP = `npm run bench:publish-durability -- [options]
  --nats-server PATH  nats-server binary, 2.10 or later to measure sync_interval: always
                      (default: .data/nats-2.10/usr/sbin/nats-server, else the installed one)
  --seconds N         seconds per server and publisher count, split over the rounds (default 6)
  --rounds N          alternations of the two servers per publisher count (default 3)
  --publishers LIST   concurrent publishers, each sending when the last was acknowledged (default 1,10,50)
  --rates LIST        open-loop rates in events/s, as plugin traffic arrives (default 50,200)
  --store-root DIR    where the temporary JetStream stores go; not tmpfs (default the OS temp folder)
  --out FILE          JSON results (default bench/results/publish-durability.json)`;

const { values: args } = parseArgs({
  options: {
    'nats-server': { type: 'string' },
    seconds: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '3' },
    publishers: { type: 'string', default: '1,10,50' },
    rates: { type: 'string', default: '50,200' },
    'store-root': { type: 'string', default: os.tmpdir() },
    out: { type: 'string', default: 'bench/results/publish-durability.json' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(HELP);
  process.exit(0);
}

const executable = args['nats-server'] ?? defaultExecutable();
const version = loadNatsServerVersion(executable);
if (path.basename(executable) !== 'nats-server' || version === null) {
  console.error(`${executable} is not a nats-server binary that runs here.\n${HELP}`);
  process.exit(2);
}
const canSync = supportsSyncAlways(version);
if (!canSync) {
  console.warn(
    `nats-server ${version.text} has no sync_interval (2.10+ has): measuring the default only. ` +
      'bench/publish-durability/fetch-nats-server.sh fetches a newer one into .data/.',
  );
}
const storeRoot = args['store-root'];
if (isTmpfs(storeRoot))
  console.warn(`${storeRoot} is tmpfs: an fsync costs nothing there, choose --store-root`);

interface Target {
  name: 'default' | 'syncAlways';
  server: BenchNatsServer;
  nats: Nats;
}

const targets: Target[] = [];
try {
  for (const name of canSync ? (['default', 'syncAlways'] as const) : (['default'] as const)) {
    const server = await startBenchNatsServer({ executable, syncAlways: name === 'syncAlways', storeRoot });
    const nats = await createNats(server.url, `bench-${name}`);
    targets.push({ name, server, nats });
    await ensureEventStream(nats.jsm, 'BENCH_EVENTS', 'bench');
  }
  const rows = await measure(targets);
  printTable(rows);
  writeResults(rows);
} finally {
  for (const t of targets) {
    await t.nats.nc.close();
    await t.server.stop();
  }
}

async function measure(ts: Target[]) {
  const mix = pluginEventMix();
  const seconds = Number(args.seconds);
  const rounds = Math.max(1, Number(args.rounds));
  const publisherOf = (t: Target) => createEventPublisher(t.nats.js, 'bench');
  for (const t of ts) await runPublishers(publisherOf(t), mix, 10, 1_000); // warm-up: JIT, connections, files
  const loads = [
    ...args.publishers
      .split(',')
      .map((n) => ({ load: `${n} publisher${n === '1' ? '' : 's'}`, publishers: Number(n) })),
    ...args.rates
      .split(',')
      .filter(Boolean)
      .map((n) => ({ load: `${n} events/s`, rate: Number(n) })),
  ];
  const rows: Array<{ load: string } & Partial<Record<Target['name'], PublishResult>>> = [];
  for (const l of loads) {
    const samples = new Map<Target['name'], PublishSample[]>(ts.map((t) => [t.name, []]));
    const ms = (seconds * 1000) / rounds;
    for (let r = 0; r < rounds; r++) {
      // Alternate which server goes first, so drift in the machine's load falls on both alike.
      for (const t of r % 2 === 0 ? ts : [...ts].reverse()) {
        const p = publisherOf(t);
        const s =
          'rate' in l ? await runAtRate(p, mix, l.rate, ms) : await runPublishers(p, mix, l.publishers, ms);
        samples.get(t.name)?.push(s);
      }
    }
    rows.push({ load: l.load, ...Object.fromEntries([...samples].map(([n, s]) => [n, summarise(s)])) });
  }
  return rows;
}

type Row = Awaited<ReturnType<typeof measure>>[number];

function printTable(rows: Row[]): void {
  const f = (n: number | undefined, d = 2) => (n === undefined ? '—' : n.toFixed(d));
  const ratio = (a?: number, b?: number) =>
    a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}x`;
  console.log(
    `nats-server ${version?.text}; events of ${pluginEventMix()
      .map((e) => encodeEvent(e).byteLength)
      .join(', ')} bytes in turn`,
  );
  console.log(
    '| load | default p50 ms | p99 ms | events/s | sync always p50 ms | p99 ms | events/s | p50 ratio | p99 ratio | throughput ratio | errors |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { load, default: d, syncAlways: s } of rows) {
    console.log(
      `| ${load} | ${f(d?.p50Ms)} | ${f(d?.p99Ms)} | ${f(d?.eventsPerS, 0)} | ${f(s?.p50Ms)} | ${f(s?.p99Ms)} | ` +
        `${f(s?.eventsPerS, 0)} | ${ratio(s?.p50Ms, d?.p50Ms)} | ${ratio(s?.p99Ms, d?.p99Ms)} | ` +
        `${ratio(s?.eventsPerS, d?.eventsPerS)} | ${(d?.errors ?? 0) + (s?.errors ?? 0)} |`,
    );
  }
}

function writeResults(rows: Row[]): void {
  const hardware = {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    kernel: `${os.type()} ${os.release()}`,
    storeFsMagic: fsMagic(storeRoot),
    node: process.version,
  };
  const eventBytes = pluginEventMix().map((e) => ({ type: e.type, bytes: encodeEvent(e).byteLength }));
  const out = {
    at: new Date().toISOString(),
    natsServer: version?.text,
    seconds: Number(args.seconds),
    rounds: Number(args.rounds),
    hardware,
    eventBytes,
    rows,
  };
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`results in ${args.out}`);
}

function defaultExecutable(): string {
  const fetched = '.data/nats-2.10/usr/sbin/nats-server';
  if (existsSync(fetched)) return fetched;
  return path.join(findServiceBinDir('nats') ?? '/usr/sbin', 'nats-server');
}
