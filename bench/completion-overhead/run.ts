// bench/completion-overhead: the platform's own time per completion with a model that answers instantly,
// against a bare Hono route making one NATS request-reply, at 1, 10 and 50 concurrent clients; and, as a floor,
// that route with the writes a completion requires (bare-writes.ts: three acknowledged appends, two Redis calls).
// Each cell alternates short slices of the two targets (--rounds of each), so that load from elsewhere on a shared
// machine falls on both alike; the ratios are the figures to read. Beside latency and throughput: the servers
// process's CPU time per request (the API and the worker, or the bare route and the worker), and the NATS and
// Redis servers'.
// Run: npm run bench:completion-overhead [-- --seconds 5 --rounds 5 --worker own-process|in-process]. Needs NATS,
// PostgreSQL and Redis.
// BENCH_CLIENTS=10 picks the client counts; BENCH_TARGETS=platform one target (platform, bare, bare-writes);
// BENCH_PROF=1 writes CPU profiles of the servers process to /tmp/prof.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createTestEnv } from '../../tests/support/test-env.js';
import {
  runLoad,
  runLoadSamples,
  summarizeLoad,
  type LoadResult,
  type LoadSamples,
  type LoadTarget,
} from '../lib/load.js';
import { signUpPluginUser } from '../lib/plugin-session.js';
import { BENCH_REGISTRY, benchServerEnv } from './server-env.js';

const argOf = (name: string) =>
  process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : NaN;
const seconds = argOf('--seconds') || 5;
const rounds = Math.max(1, Math.floor(argOf('--rounds') || 5));
const env = await createTestEnv({
  overrides: { modelRegistryFile: BENCH_REGISTRY },
});
// --worker in-process (the default, as `npm start` runs every role in one process) runs the inference worker inside
// the servers process; --worker own-process runs it in a process of its own, as in a deployment of separate roles
// (`npm run start:api`, `npm run start:inference`), so the servers process holds only the two routes.
const workerMode = process.argv.includes('--worker')
  ? process.argv[process.argv.indexOf('--worker') + 1]
  : 'in-process';
if (workerMode !== 'own-process' && workerMode !== 'in-process')
  throw new Error(`--worker takes own-process or in-process, not ${workerMode}`);
const childEnv = { ...benchServerEnv(env.config), BENCH_WORKER: workerMode };
const worker =
  workerMode === 'own-process'
    ? spawn(process.execPath, ['--import', 'tsx', 'bench/completion-overhead/worker.ts'], {
        env: childEnv,
        stdio: ['ignore', 'pipe', 'inherit'],
      })
    : undefined;
if (worker) await new Promise((resolve) => createInterface({ input: worker.stdout }).once('line', resolve));
const child = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
    '--import',
    'tsx',
    'bench/completion-overhead/servers.ts',
  ],
  {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const ports = await new Promise<{ apiPort: number; barePort: number }>((resolve) => {
  createInterface({ input: child.stdout }).once('line', (l) => resolve(JSON.parse(l) as never));
});

try {
  const cookies = await signUpPluginUser(ports.apiPort);
  const body = JSON.stringify({
    model_ids: [5],
    context: { prefix: 'def add(a, b):\n    return ', suffix: '\n', file_name: 'a.py', context_files: [] },
    contextual_telemetry: { version_id: 3, trigger_type_id: 2, language_id: 47 },
    behavioral_telemetry: { time_since_last_shown: 1200, time_since_last_accepted: 5000, typing_speed: 4 },
    store_context: false,
    store_contextual_telemetry: true,
    store_behavioral_telemetry: true,
  });
  const headers = { 'content-type': 'application/json; charset=utf-8', cookie: cookies };
  const platform: LoadTarget = {
    port: ports.apiPort,
    method: 'POST',
    path: '/api/completion/request',
    headers,
    body,
  };
  const bare: LoadTarget = { port: ports.barePort, method: 'POST', path: '/bare', headers, body };
  const bareWrites: LoadTarget = { ...bare, path: '/bare-writes' };
  const targetOf = { platform, bare, 'bare-writes': bareWrites } as const;
  // Warm-up of every path (JIT, connections); the platform's first, whose events bare-writes sends again.
  for (const t of [platform, bare, bareWrites]) await runLoad(t, 4, 1500);
  const rows: Row[] = [];
  // BENCH_TARGETS=platform runs one target alone (to profile it with BENCH_PROF=1: the profile then holds it alone).
  const targets = (process.env.BENCH_TARGETS ?? 'platform,bare,bare-writes').split(',');
  // The servers process and, when it runs apart, the worker's: both sides' route and model work. Beside them the
  // NATS and Redis servers. CPU time and system calls (reads and writes: sockets, and the NATS file store) so far.
  const own = [child.pid ?? 0, ...(worker ? [worker.pid ?? 0] : [])];
  const services = servicePids();
  const counters = (): Counters => ({
    cpuMs: own.reduce((a, pid) => a + cpuMsOf(pid), 0),
    serviceCpuMs: services.reduce((a, pid) => a + cpuMsOf(pid), 0),
    syscalls: own.reduce((a, pid) => a + syscallsOf(pid), 0),
    serviceSyscalls: services.reduce((a, pid) => a + syscallsOf(pid), 0),
  });
  for (const clients of (process.env.BENCH_CLIENTS ?? '1,10,50').split(',').map(Number)) {
    const names = ['platform', 'bare', 'bare-writes'] as const;
    const slices = {
      platform: [] as LoadSamples[],
      bare: [] as LoadSamples[],
      'bare-writes': [] as LoadSamples[],
    };
    const zero = (): Counters => ({ cpuMs: 0, serviceCpuMs: 0, syscalls: 0, serviceSyscalls: 0 });
    const spent = { platform: zero(), bare: zero(), 'bare-writes': zero() };
    for (let round = 0; round < rounds; round++) {
      // Rotate which target goes first, so none always follows another's backlog.
      const order = names.map((_, i) => names[(i + round) % names.length]!);
      for (const which of order.filter((t) => targets.includes(t))) {
        const before = counters();
        slices[which].push(await runLoadSamples(targetOf[which], clients, (seconds * 1000) / rounds));
        const after = counters();
        for (const k of Object.keys(before) as Array<keyof Counters>) spent[which][k] += after[k] - before[k];
      }
    }
    const measured = (which: (typeof names)[number]): Measured => {
      const r = summarizeLoad(slices[which]);
      const used = spent[which];
      return {
        ...r,
        cpuMsPerRequest: used.cpuMs / r.requests,
        serviceCpuMsPerRequest: used.serviceCpuMs / r.requests,
        syscallsPerRequest: used.syscalls / r.requests,
        serviceSyscallsPerRequest: used.serviceSyscalls / r.requests,
      };
    };
    const [p, b, w] = [measured('platform'), measured('bare'), measured('bare-writes')];
    rows.push({
      clients,
      platform: p,
      bare: b,
      bareWrites: w,
      throughputRatio: p.rps / b.rps,
      p50Ratio: p.p50Ms / b.p50Ms,
      floorThroughputRatio: w.rps / b.rps,
      floorP50Ratio: w.p50Ms / b.p50Ms,
    });
  }
  printTable(rows);
  printFloorTable(rows);
  printSyscallTable(rows);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/completion-overhead.json',
    JSON.stringify({ at: new Date().toISOString(), seconds, rounds, worker: workerMode, rows }, null, 2),
  );
} finally {
  for (const p of [child, worker]) {
    if (!p) continue;
    p.kill('SIGTERM');
    await new Promise((r) => p.once('exit', r));
  }
  await env.cleanup();
}

/** CPU time per request of the servers process, and of the NATS and Redis servers together. */
type Measured = LoadResult & {
  cpuMsPerRequest: number;
  serviceCpuMsPerRequest: number;
  /** Read and write system calls per request: of the servers process, and of the NATS and Redis servers. */
  syscallsPerRequest: number;
  serviceSyscallsPerRequest: number;
};

interface Counters {
  cpuMs: number;
  serviceCpuMs: number;
  syscalls: number;
  serviceSyscalls: number;
}
interface Row {
  clients: number;
  platform: Measured;
  bare: Measured;
  /** The bare route with the writes a completion requires: the floor those writes set. */
  bareWrites: Measured;
  throughputRatio: number;
  p50Ratio: number;
  /** bare-writes against bare: how far the required writes alone take the bare route. */
  floorThroughputRatio: number;
  floorP50Ratio: number;
}

/** The local nats-server and redis-server processes (found by name in /proc): the services both targets use. */
function servicePids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return /^(nats-server|redis-server)$/.test(readFileSync(`/proc/${d}/comm`, 'utf8').trim());
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** User + system CPU time of a process so far, in ms (from /proc; clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Read and write system calls of a process so far (syscr + syscw of /proc/<pid>/io). */
function syscallsOf(pid: number): number {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const count = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? 0);
  return count('syscr') + count('syscw');
}

function printTable(rows: Row[]): void {
  const f = (n: number) => n.toFixed(2);
  console.log(
    '| clients | platform p50 ms | p99 ms | req/s | CPU ms/req | NATS+Redis CPU ms/req | bare NATS route p50 ms | p99 ms | req/s | CPU ms/req | NATS+Redis CPU ms/req | throughput ratio | p50 ratio | errors |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { clients, platform: p, bare: b, throughputRatio, p50Ratio } of rows) {
    console.log(
      `| ${clients} | ${f(p.p50Ms)} | ${f(p.p99Ms)} | ${p.rps.toFixed(0)} | ${f(p.cpuMsPerRequest)} | ${f(p.serviceCpuMsPerRequest)} | ${f(b.p50Ms)} | ${f(b.p99Ms)} | ${b.rps.toFixed(0)} | ${f(b.cpuMsPerRequest)} | ${f(b.serviceCpuMsPerRequest)} | ${f(throughputRatio)}x | ${f(p50Ratio)}x | ${p.errors + b.errors} |`,
    );
  }
}

function printFloorTable(rows: Row[]): void {
  const f = (n: number) => n.toFixed(2);
  console.log('\nThe floor: the bare route with the writes a completion requires (bare-writes.ts)\n');
  console.log(
    '| clients | bare + writes p50 ms | p99 ms | req/s | CPU ms/req | NATS+Redis CPU ms/req | throughput against bare | p50 against bare | platform throughput against the floor | platform p50 against the floor | errors |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { clients, platform: p, bareWrites: w, floorThroughputRatio, floorP50Ratio } of rows) {
    console.log(
      `| ${clients} | ${f(w.p50Ms)} | ${f(w.p99Ms)} | ${w.rps.toFixed(0)} | ${f(w.cpuMsPerRequest)} | ${f(w.serviceCpuMsPerRequest)} | ${f(floorThroughputRatio)}x | ${f(floorP50Ratio)}x | ${f(p.rps / w.rps)}x | ${f(p.p50Ms / w.p50Ms)}x | ${w.errors} |`,
    );
  }
}

function printSyscallTable(rows: Row[]): void {
  const f = (n: number) => n.toFixed(1);
  console.log(
    '\nSystem calls (reads and writes) per request: the servers process | the NATS and Redis servers\n',
  );
  console.log('| clients | platform | bare | bare + writes |');
  console.log('| --- | --- | --- | --- |');
  const cell = (m: Measured) => `${f(m.syscallsPerRequest)} \\| ${f(m.serviceSyscallsPerRequest)}`;
  for (const { clients, platform, bare, bareWrites } of rows) {
    console.log(`| ${clients} | ${cell(platform)} | ${cell(bare)} | ${cell(bareWrites)} |`);
  }
}
