// Compares the completion path of two checkouts side by side: each checkout's bench servers (API + instant
// model) run at once, and short load slices alternate between them, so load from elsewhere on a shared machine
// hits both alike. Reports the median p50 of each and the median of the per-slice p50 ratios (B / A).
// Run: npx tsx bench/completion-overhead/compare-checkouts.ts <checkout A> <checkout B> [clients] [slices]
// (a checkout is a folder with node_modules, e.g. `git archive <commit> | tar -x -C /tmp/a` plus a link).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createTestEnv, type TestEnv } from '../../tests/support/test-env.js';
import { runLoad, type LoadTarget } from '../lib/load.js';
import { signUpPluginUser } from '../lib/plugin-session.js';
import { BENCH_REGISTRY, benchServerEnv } from './server-env.js';

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB)
  throw new Error('usage: compare-checkouts.ts <checkout A> <checkout B> [clients] [slices]');
const clients = Number(process.argv[4] ?? 10);
const slices = Number(process.argv[5] ?? 20);
const children: ChildProcess[] = [];
const envs: TestEnv[] = [];

async function startCheckout(dir: string): Promise<LoadTarget> {
  const env = await createTestEnv({ overrides: { modelRegistryFile: BENCH_REGISTRY } });
  envs.push(env);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/completion-overhead/servers.ts'], {
    cwd: dir,
    env: benchServerEnv(env.config),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const { apiPort } = await new Promise<{ apiPort: number }>((resolve) => {
    if (child.stdout)
      createInterface({ input: child.stdout }).once('line', (l) => resolve(JSON.parse(l) as never));
  });
  const cookie = await signUpPluginUser(apiPort);
  const body = {
    model_ids: [5],
    context: { prefix: 'def add(a, b):\n    return ', suffix: '\n', file_name: 'a.py', context_files: [] },
    contextual_telemetry: { version_id: 3, trigger_type_id: 2, language_id: 47 },
    behavioral_telemetry: { time_since_last_shown: 1200, time_since_last_accepted: 5000, typing_speed: 4 },
    store_context: false,
    store_contextual_telemetry: true,
    store_behavioral_telemetry: true,
  };
  const headers = { 'content-type': 'application/json; charset=utf-8', cookie };
  return {
    port: apiPort,
    method: 'POST',
    path: '/api/completion/request',
    headers,
    body: JSON.stringify(body),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

try {
  const a = await startCheckout(dirA);
  const b = await startCheckout(dirB);
  await runLoad(a, 4, 1500);
  await runLoad(b, 4, 1500);
  const p50 = { a: [] as number[], b: [] as number[] };
  const ratios: number[] = [];
  let errors = 0;
  for (let i = 0; i < slices; i++) {
    // Alternate which goes first, so neither always meets the other's after-effects.
    const order = i % 2 ? (['b', 'a'] as const) : (['a', 'b'] as const);
    const got = { a: 0, b: 0 };
    for (const side of order) {
      const r = await runLoad(side === 'a' ? a : b, clients, 1500);
      got[side] = r.p50Ms;
      p50[side].push(r.p50Ms);
      errors += r.errors;
    }
    ratios.push(got.b / got.a);
  }
  const result = { at: new Date().toISOString(), dirA, dirB, clients, slices, errors, p50, ratios };
  const summary = { medianP50A: median(p50.a), medianP50B: median(p50.b), medianRatio: median(ratios) };
  console.log(JSON.stringify({ ...summary, errors }));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/completion-compare.json', JSON.stringify({ ...result, ...summary }, null, 2));
} finally {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
  for (const e of envs) await e.cleanup();
}
