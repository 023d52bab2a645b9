// bench/completion-overhead: the platform's own time per completion with a model that answers instantly,
// against a bare Hono route making one NATS request-reply, at 1, 10 and 50 concurrent clients.
// Run: npm run bench:completion-overhead [-- --seconds 5]. Needs NATS, PostgreSQL and Redis.
import { spawn } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createTestEnv } from '../../tests/support/test-env.js';
import { runLoad, type LoadResult, type LoadTarget } from '../lib/load.js';
import { signUpPluginUser } from '../lib/plugin-session.js';
import { BENCH_REGISTRY, benchServerEnv } from './server-env.js';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 5;
const env = await createTestEnv({
  overrides: { modelRegistryFile: BENCH_REGISTRY },
});
const childEnv = benchServerEnv(env.config);
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
  await runLoad(platform, 4, 1500); // warm-up both paths (JIT, connections)
  await runLoad(bare, 4, 1500);
  const rows: Array<{ clients: number; platform: LoadResult; bare: LoadResult }> = [];
  for (const clients of (process.env.BENCH_CLIENTS ?? '1,10,50').split(',').map(Number)) {
    const p = await runLoad(platform, clients, seconds * 1000);
    const b = await runLoad(bare, clients, seconds * 1000);
    rows.push({ clients, platform: p, bare: b });
  }
  printTable(rows);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/completion-overhead.json',
    JSON.stringify({ at: new Date().toISOString(), seconds, rows }, null, 2),
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await env.cleanup();
}

function printTable(rows: Array<{ clients: number; platform: LoadResult; bare: LoadResult }>): void {
  const f = (n: number) => n.toFixed(2);
  console.log(
    '| clients | platform p50 ms | p99 ms | req/s | bare NATS route p50 ms | p99 ms | req/s | overhead p50 ms | p50 ratio | errors |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { clients, platform: p, bare: b } of rows) {
    console.log(
      `| ${clients} | ${f(p.p50Ms)} | ${f(p.p99Ms)} | ${p.rps.toFixed(0)} | ${f(b.p50Ms)} | ${f(b.p99Ms)} | ${b.rps.toFixed(0)} | ${f(p.p50Ms - b.p50Ms)} | ${(p.p50Ms / b.p50Ms).toFixed(2)}x | ${p.errors + b.errors} |`,
    );
  }
}
