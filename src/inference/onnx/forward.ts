// One call of the decoder: feeds ids, mask, positions and the past; returns the last position's logits per
// row and the present cache. int64 inputs travel as BigInt64Array; time in session.run is recorded.
import * as ort from 'onnxruntime-node';
import type { KvCache } from './kv-cache.js';
import type { OnnxModel } from './load-onnx-model.js';

export interface ForwardRow {
  /** New tokens of this row; all rows of one call have the same count. */
  ids: readonly number[];
  /** Real (non-padding) positions this row already has in the past cache. */
  pastLength: number;
}

export interface ForwardResult {
  /** Logits of the last new position of row `b`: a view into the output tensor. */
  lastLogits(b: number): Float32Array;
  present: KvCache;
}

export async function runForward(
  model: OnnxModel,
  rows: readonly ForwardRow[],
  past: KvCache,
): Promise<ForwardResult> {
  const batch = rows.length;
  const seq = rows[0]?.ids.length ?? 0;
  const total = past.length + seq;
  const ids = new BigInt64Array(batch * seq);
  const mask = new BigInt64Array(batch * total);
  const positions = new BigInt64Array(batch * seq);
  rows.forEach((r, b) => {
    for (let s = 0; s < seq; s++) {
      ids[b * seq + s] = BigInt(r.ids[s] ?? 0);
      positions[b * seq + s] = BigInt(r.pastLength + s);
    }
    // Left padding: the row's real past sits at the right end of the cache.
    mask.fill(1n, b * total + (past.length - r.pastLength), (b + 1) * total);
  });
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', ids, [batch, seq]),
    attention_mask: new ort.Tensor('int64', mask, [batch, total]),
  };
  if (model.hasPositionIds) feeds.position_ids = new ort.Tensor('int64', positions, [batch, seq]);
  if (model.hasUseCacheBranch) feeds.use_cache_branch = new ort.Tensor('bool', [past.length > 0], [1]);
  model.pastSlots.forEach((slot, i) => {
    feeds[slot.input] = past.tensors[i] as ort.Tensor;
  });
  const started = performance.now();
  const out = await model.session.run(feeds);
  model.stats.runMs += performance.now() - started;
  model.stats.runs++;
  return readOutputs(model, out, batch, total);
}

function readOutputs(
  model: OnnxModel,
  out: ort.InferenceSession.OnnxValueMapType,
  batch: number,
  total: number,
): ForwardResult {
  const logits = out.logits;
  if (!logits) throw new Error('the graph has no logits output');
  const data = logits.data as Float32Array;
  const vocab = Number(logits.dims[2]);
  // Some exports return only the last position's logits.
  const positions = Number(logits.dims[1]);
  const tensors = model.pastSlots.map((slot) => {
    const t = out[slot.output];
    if (!t) throw new Error(`the graph returned no ${slot.output}`);
    return t;
  });
  return {
    lastLogits: (b) => data.subarray(((b + 1) * positions - 1) * vocab, (b + 1) * positions * vocab),
    present: { batch, length: total, tensors },
  };
}
