// Compares greedy outputs of the int8 and fp32 ONNX files on held-out prefixes (16 tokens, left-to-right), and
// times them. Usage: node compare-int8.mjs <modeldir> <heldout.jsonl> [n=30]
import fs from 'node:fs';
import * as ort from 'onnxruntime-node';
import { Tokenizer } from '@huggingface/tokenizers';

const [dir, file, nArg = '30'] = process.argv.slice(2);
const cfg = JSON.parse(fs.readFileSync(`${dir}/config.json`, 'utf8'));
const tok = new Tokenizer(
  JSON.parse(fs.readFileSync(`${dir}/tokenizer.json`, 'utf8')),
  JSON.parse(fs.readFileSync(`${dir}/tokenizer_config.json`, 'utf8')),
);
const { num_hidden_layers: L, num_key_value_heads: H, head_dim: hd, vocab_size: V } = cfg;
const i64 = (row) => new ort.Tensor('int64', BigInt64Array.from(row.map(BigInt)), [1, row.length]);

async function greedy(s, ids, steps = 16) {
  const feeds = {};
  for (let i = 0; i < L; i++)
    for (const kv of ['key', 'value']) {
      feeds[`past_key_values.${i}.${kv}`] = new ort.Tensor('float32', new Float32Array(0), [1, H, 0, hd]);
    }
  let input = ids;
  let pos = 0;
  const out = [];
  for (let k = 0; k < steps; k++) {
    const r = await s.run({
      input_ids: i64(input),
      attention_mask: i64(Array(pos + input.length).fill(1)),
      position_ids: i64(input.map((_, i) => pos + i)),
      ...feeds,
    });
    const last = r.logits.data.subarray((input.length - 1) * V, input.length * V);
    const next = last.reduce((b, v, i) => (v > last[b] ? i : b), 0);
    out.push(next);
    for (let i = 0; i < L; i++)
      for (const kv of ['key', 'value']) feeds[`past_key_values.${i}.${kv}`] = r[`present.${i}.${kv}`];
    pos += input.length;
    input = [next];
  }
  return out;
}

const docs = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).text);
const prompts = [];
for (let k = 0; k < Number(nArg); k++) {
  const t = docs[(k * 7919) % docs.length];
  const cut = 100 + Math.floor((((k * 104729) % 1000) / 1000) * (t.length - 100)); // non-empty prompt
  prompts.push(
    tok.encode(t.slice(Math.max(0, cut - 600), cut), { add_special_tokens: false }).ids.slice(-200),
  );
}
const opts = { intraOpNumThreads: 2, graphOptimizationLevel: 'all' };
const results = {};
for (const f of ['model.onnx', 'model_quantized.onnx']) {
  const s = await ort.InferenceSession.create(`${dir}/onnx/${f}`, opts);
  await greedy(s, prompts[0], 2); // warm-up
  const t0 = performance.now();
  results[f] = [];
  for (const p of prompts) results[f].push(await greedy(s, p));
  console.log(
    `${f}: ${((performance.now() - t0) / prompts.length).toFixed(1)} ms per 200-token prompt + 16 tokens`,
  );
}
let same = 0;
let agree = 0;
results['model.onnx'].forEach((a, i) => {
  const b = results['model_quantized.onnx'][i];
  if (a.join() === b.join()) same++;
  let j = 0;
  while (j < a.length && a[j] === b[j]) j++;
  agree += j;
});
console.log(
  `int8 vs fp32: identical ${same}/${prompts.length}; mean common prefix ${(agree / prompts.length).toFixed(1)}/16 tokens`,
);
