// Is an in-place KV cache worth exporting for CPU batching? Times one attention layer of code4me-tiny's shape
// for 1 and 8 rows at a 240-token past in two forms: plain ONNX ops that concatenate (copy) the cache every
// step, as our export does, and ONNX Runtime's GroupQueryAttention writing into a shared past/present buffer.
// Graphs: make-graphs.py (committed outputs). Usage: npx tsx bench/inference/attention-probe/run.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { percentile, round } from '../stats.js';

const { values } = parseArgs({
  options: {
    past: { type: 'string', default: '240' },
    steps: { type: 'string', default: '300' },
    threads: { type: 'string', default: '2' },
    out: { type: 'string', default: 'bench/results/attention-probe.json' },
  },
});
const HEADS = 4;
const HEAD_DIM = 32;
const MAX = 256;
const past = Number(values.past);
const steps = Number(values.steps);
const here = dirname(fileURLToPath(import.meta.url));

const random = (n: number) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
const f32 = (dims: number[]) => new ort.Tensor('float32', random(dims.reduce((a, b) => a * b, 1)), dims);

async function timeSteps(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return percentile(times, 50);
}

async function concatStep(session: ort.InferenceSession, rows: number): Promise<number> {
  const feeds = {
    q: f32([rows, HEADS, 1, HEAD_DIM]),
    k: f32([rows, HEADS, 1, HEAD_DIM]),
    v: f32([rows, HEADS, 1, HEAD_DIM]),
    past_key: f32([rows, HEADS, past, HEAD_DIM]),
    past_value: f32([rows, HEADS, past, HEAD_DIM]),
  };
  return timeSteps(() => session.run(feeds));
}

async function gqaStep(session: ort.InferenceSession, rows: number): Promise<number> {
  const cacheKey = f32([rows, HEADS, MAX, HEAD_DIM]);
  const cacheValue = f32([rows, HEADS, MAX, HEAD_DIM]);
  const feeds = {
    q: f32([rows, 1, HEADS * HEAD_DIM]),
    k: f32([rows, 1, HEADS * HEAD_DIM]),
    v: f32([rows, 1, HEADS * HEAD_DIM]),
    past_key: cacheKey,
    past_value: cacheValue,
    seqlens_k: new ort.Tensor('int32', new Int32Array(rows).fill(past), [rows]),
    total_sequence_length: new ort.Tensor('int32', Int32Array.from([past + 1]), []),
  };
  // The present outputs are bound to the past inputs' memory: ONNX Runtime writes the new position in place.
  const fetches = {
    out: new ort.Tensor('float32', new Float32Array(rows * HEADS * HEAD_DIM), [rows, 1, HEADS * HEAD_DIM]),
    present_key: cacheKey,
    present_value: cacheValue,
  };
  return timeSteps(() => session.run(feeds, fetches));
}

const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: Number(values.threads) };
const concat = await ort.InferenceSession.create(join(here, 'concat-attention.onnx'), options);
const gqa = await ort.InferenceSession.create(join(here, 'gqa-attention.onnx'), options);
const rows = [1, 8].map((n) => ({ n, concat: 0, gqa: 0 }));
for (const row of rows) {
  row.concat = round(await concatStep(concat, row.n), 3);
  row.gqa = round(await gqaStep(gqa, row.n), 3);
}

console.log(`one attention layer, ${HEADS} heads x ${HEAD_DIM}, past ${past}, p50 ms per step`);
console.log('| rows | Concat + MatMul (copies the cache) | GroupQueryAttention, shared buffer |');
console.log('| --- | --- | --- |');
for (const row of rows) console.log(`| ${row.n} | ${row.concat} ms | ${row.gqa} ms |`);
const result = { at: new Date().toISOString(), past, steps, threads: Number(values.threads), rows };
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
