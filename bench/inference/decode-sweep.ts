// Where does a batched decode step's time go? Times bare cached decode steps of the model for 1-8 rows at
// several past lengths and thread counts. Cost that grows with rows × past is the KV cache (the graph's
// Concat copies it every step, and attention reads it); cost that stays flat is the per-step runtime work.
// ONNX Runtime's own profiler is no help at this size: it added ~7 ms to a 0.6 ms step.
// Usage: npx tsx bench/inference/decode-sweep.ts [modelDir] [--repeats 5] [--steps 40]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOnnxModel } from '../../src/inference/onnx/load-onnx-model.js';
import { rawDecodeStep } from './raw-steps.js';
import { round } from './stats.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    repeats: { type: 'string', default: '5' },
    steps: { type: 'string', default: '40' },
    out: { type: 'string', default: 'bench/results/decode-sweep.json' },
  },
});
const modelDir = positionals[0] ?? 'models/builtin/code4me-tiny';
const ROWS = [1, 2, 4, 8];
const PASTS = [16, 64, 128, 240];
const THREADS = [2, 1];

const cells: { threads: number; rows: number; past: number; stepMs: number }[] = [];
for (const threads of THREADS) {
  const model = await loadOnnxModel(modelDir, { threads });
  for (const rows of ROWS)
    for (const past of PASTS) {
      const stepMs = await rawDecodeStep(model, rows, past, Number(values.steps), Number(values.repeats));
      cells.push({ threads, rows, past, stepMs: round(stepMs, 3) });
    }
  await model.session.release();
}

const result = { model: modelDir, date: new Date().toISOString(), cells };
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);

const lines = [
  `Bare decode step (ms) of ${modelDir}, best of ${values.repeats} means of ${values.steps} steps (${result.date})`,
  '',
  `| threads | rows | ${PASTS.map((p) => `past ${p}`).join(' | ')} |`,
  `| --- | --- | ${PASTS.map(() => '---').join(' | ')} |`,
  ...THREADS.flatMap((threads) =>
    ROWS.map((rows) => {
      const row = PASTS.map((past) =>
        cells.find((c) => c.threads === threads && c.rows === rows && c.past === past),
      );
      return `| ${threads} | ${rows} | ${row.map((c) => c?.stepMs ?? '-').join(' | ')} |`;
    }),
  ),
];
console.log(lines.join('\n'));
console.log(`\nwrote ${values.out}`);
