// Verifies the shipped ONNX files in onnxruntime-node against ref.json: empty-past first step, one cached step,
// and a left-padded batch against the single run. Usage: node verify-onnx.mjs <modeldir>
import fs from 'node:fs';
import * as ort from 'onnxruntime-node';

const dir = process.argv[2];
const cfg = JSON.parse(fs.readFileSync(`${dir}/config.json`, 'utf8'));
const ref = JSON.parse(fs.readFileSync(`${dir}/ref.json`, 'utf8'));
const { num_hidden_layers: L, num_key_value_heads: H, head_dim: hd, vocab_size: V } = cfg;

const i64 = (rows) =>
  new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);
const emptyPast = (B) => {
  const feeds = {};
  for (let i = 0; i < L; i++)
    for (const kv of ['key', 'value']) {
      feeds[`past_key_values.${i}.${kv}`] = new ort.Tensor('float32', new Float32Array(0), [B, H, 0, hd]);
    }
  return feeds;
};
const lastLogits = (out, b = 0) => {
  const [, S] = out.logits.dims;
  return out.logits.data.subarray((b * S + S - 1) * V, (b * S + S) * V);
};
const maxDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const argmax = (a) => a.reduce((best, v, i) => (v > a[best] ? i : best), 0);

async function check(file, tol) {
  const s = await ort.InferenceSession.create(`${dir}/onnx/${file}`, {
    intraOpNumThreads: 2,
    graphOptimizationLevel: 'all',
  });
  const ids = ref.input_ids;
  const n = ids.length;
  const out1 = await s.run({
    input_ids: i64([ids]),
    attention_mask: i64([ids.map(() => 1)]),
    position_ids: i64([ids.map((_, i) => i)]),
    ...emptyPast(1),
  });
  const d1 = maxDiff(lastLogits(out1), ref.logits_last);
  const past = {};
  for (let i = 0; i < L; i++)
    for (const kv of ['key', 'value']) past[`past_key_values.${i}.${kv}`] = out1[`present.${i}.${kv}`];
  const out2 = await s.run({
    input_ids: i64([[ref.next_token]]),
    attention_mask: i64([[...ids, 0].map(() => 1)]),
    position_ids: i64([[n]]),
    ...past,
  });
  const d2 = maxDiff(lastLogits(out2), ref.logits_cached_step);
  // Left-padded batch: row 0 is the prompt behind 3 pad tokens (mask 0), row 1 a full-length other sequence.
  const pad = 4;
  const other = [...ids, ...ids.slice(0, 3)];
  const out3 = await s.run({
    input_ids: i64([[pad, pad, pad, ...ids], other]),
    attention_mask: i64([[0, 0, 0, ...ids.map(() => 1)], other.map(() => 1)]),
    position_ids: i64([[0, 0, 0, ...ids.map((_, i) => i)], other.map((_, i) => i)]),
    ...emptyPast(2),
  });
  const d3 = maxDiff(lastLogits(out3, 0), lastLogits(out1));
  const nan = out3.logits.data.some(Number.isNaN);
  const am = argmax(lastLogits(out1)) === ref.argmax_last;
  const ok = d1 <= tol && d2 <= tol && d3 <= tol && !nan;
  console.log(
    `${file}: step1 ${d1.toExponential(2)} cached ${d2.toExponential(2)} leftpad ${d3.toExponential(2)} nan ${nan} ` +
      `argmax ${am ? 'equal' : 'differs'} -> ${ok ? 'OK' : 'FAIL'}`,
  );
  console.log(
    `  inputs ${s.inputNames.slice(0, 5).join(', ')}, ... (${s.inputNames.length}); outputs ${s.outputNames.slice(0, 3).join(', ')}, ... (${s.outputNames.length})`,
  );
  // Rough latency on this machine: prompt pass + 16 cached greedy steps (single sequence).
  const t0 = performance.now();
  let out = out1;
  let pos = n;
  let feeds = { ...past };
  for (let k = 0; k < 16; k++, pos++) {
    for (let i = 0; i < L; i++)
      for (const kv of ['key', 'value']) feeds[`past_key_values.${i}.${kv}`] = out[`present.${i}.${kv}`];
    const t = argmax(lastLogits(out));
    out = await s.run({
      input_ids: i64([[t]]),
      attention_mask: i64([Array(pos + 1).fill(1)]),
      position_ids: i64([[pos]]),
      ...feeds,
    });
  }
  console.log(`  16 cached steps: ${(performance.now() - t0).toFixed(1)} ms`);
  return ok;
}

let ok = true;
if (fs.existsSync(`${dir}/onnx/model.onnx`)) ok = (await check('model.onnx', ref.tolerance.fp32)) && ok;
// int8 is built only on request (INT8=1 in run.sh)
if (fs.existsSync(`${dir}/onnx/model_quantized.onnx`))
  ok = (await check('model_quantized.onnx', ref.tolerance.int8)) && ok;
process.exit(ok ? 0 : 1);
