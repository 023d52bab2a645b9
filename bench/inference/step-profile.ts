// Where does a decode step's time go? Runs cached decode steps of the model for 1 and 8 rows under ONNX
// Runtime's own profiler and sums the kernel time per operator type, next to the whole session.run as
// ONNX Runtime (model_run) and JavaScript see it. The part of a step outside the kernels is the runtime's
// per-step cost (feeds, fetches, allocation, thread-pool hand-offs); the Concat share is the KV-cache copy.
// Usage: npx tsx bench/inference/step-profile.ts [modelDir] [--past 240] [--steps 60] [--threads 2]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOnnxModel } from '../../src/inference/onnx/load-onnx-model.js';
import { decodeStepFeeds } from './raw-steps.js';
import { percentile, round } from './stats.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    past: { type: 'string', default: '240' },
    steps: { type: 'string', default: '60' },
    threads: { type: 'string', default: '2' },
    rows: { type: 'string', default: '1,8' },
    out: { type: 'string', default: 'bench/results/step-profile.json' },
  },
});
const modelDir = positionals[0] ?? 'models/builtin/code4me-tiny';
const past = Number(values.past);
const steps = Number(values.steps);
const threads = Number(values.threads);
const WARMUP = 10;

interface ProfileEvent {
  cat?: string;
  name: string;
  dur: number;
  args?: { op_name?: string };
}

interface RowsProfile {
  rows: number;
  /** Median of session.run as JavaScript times it. */
  jsStepMs: number;
  /** Mean of ONNX Runtime's model_run event. */
  modelRunMs: number;
  kernelMs: number;
  outsideKernelsMs: number;
  /** Mean milliseconds per step by operator type, largest first. */
  byOperator: { op: string; ms: number; sharePct: number }[];
}

async function profileRows(rows: number): Promise<RowsProfile> {
  const dir = mkdtempSync(join(tmpdir(), 'c4m-step-profile-'));
  try {
    const model = await loadOnnxModel(modelDir, { threads, profileFilePrefix: join(dir, 'profile') });
    const feeds = decodeStepFeeds(model, rows, past);
    const times: number[] = [];
    for (let i = 0; i < WARMUP + steps; i++) {
      const started = performance.now();
      await model.session.run(feeds);
      if (i >= WARMUP) times.push(performance.now() - started);
    }
    model.session.endProfiling();
    await model.session.release();
    const file = readdirSync(dir).find((f) => f.endsWith('.json'));
    if (!file) throw new Error('onnxruntime wrote no profile');
    const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ProfileEvent[];
    return summarise(rows, events, percentile(times, 50));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Only the measured steps count. A run's kernel events precede its model_run event, so the kernels of the
 * measured steps are those after the last warm-up run's model_run. */
function summarise(rows: number, events: ProfileEvent[], jsStepMs: number): RowsProfile {
  const runs = events.filter((e) => e.name === 'model_run');
  const measured = runs.slice(-steps);
  const lastWarmUp = runs[runs.length - steps - 1];
  const kernels = events
    .slice(lastWarmUp ? events.indexOf(lastWarmUp) + 1 : 0)
    .filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'));
  const byOp = new Map<string, number>();
  for (const e of kernels) {
    const op = e.args?.op_name ?? 'unknown';
    byOp.set(op, (byOp.get(op) ?? 0) + e.dur);
  }
  const n = measured.length;
  const kernelUs = [...byOp.values()].reduce((a, b) => a + b, 0) / n;
  const modelRunUs = measured.reduce((a, e) => a + e.dur, 0) / n;
  return {
    rows,
    jsStepMs: round(jsStepMs, 3),
    modelRunMs: round(modelRunUs / 1000, 3),
    kernelMs: round(kernelUs / 1000, 3),
    outsideKernelsMs: round((modelRunUs - kernelUs) / 1000, 3),
    byOperator: [...byOp.entries()]
      .map(([op, us]) => ({ op, ms: round(us / n / 1000, 3), sharePct: round((100 * us) / n / kernelUs) }))
      .sort((a, b) => b.ms - a.ms),
  };
}

const profiles: RowsProfile[] = [];
for (const rows of values.rows.split(',').map(Number)) profiles.push(await profileRows(rows));

const result = { model: modelDir, threads, past, steps, date: new Date().toISOString(), profiles };
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');

const ops = [...new Set(profiles.flatMap((p) => p.byOperator.slice(0, 8).map((o) => o.op)))];
const cell = (p: RowsProfile, op: string) => {
  const o = p.byOperator.find((x) => x.op === op);
  return o ? `${o.ms} ms (${o.sharePct}%)` : '-';
};
const header = profiles.map((p) => `${p.rows} row${p.rows === 1 ? '' : 's'}`);
const lines = [
  `Decode step of ${modelDir}, past ${past}, ${threads} threads, ${steps} steps (${result.date})`,
  '',
  `| | ${header.join(' | ')} |`,
  `| --- | ${header.map(() => '---').join(' | ')} |`,
  `| session.run (JS, p50) | ${profiles.map((p) => `${p.jsStepMs} ms`).join(' | ')} |`,
  `| model_run (ORT, mean) | ${profiles.map((p) => `${p.modelRunMs} ms`).join(' | ')} |`,
  `| all kernels | ${profiles.map((p) => `${p.kernelMs} ms`).join(' | ')} |`,
  `| outside kernels | ${profiles.map((p) => `${p.outsideKernelsMs} ms`).join(' | ')} |`,
  ...ops.map((op) => `| ${op} | ${profiles.map((p) => cell(p, op)).join(' | ')} |`),
];
console.log(lines.join('\n'));
console.log(`\nwrote ${values.out}`);
