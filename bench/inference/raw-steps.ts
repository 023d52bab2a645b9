// The floor the engine is measured against: the same prefill and decode steps as bare session.run calls,
// with feeds built up front and the present tensors passed straight back as the past.
import * as ort from 'onnxruntime-node';
import type { OnnxModel } from '../../src/inference/onnx/load-onnx-model.js';

/** Milliseconds for one prompt pass plus `newTokens - 1` cached steps of a single sequence. */
export async function rawGeneration(
  model: OnnxModel,
  promptIds: number[],
  newTokens: number,
): Promise<number> {
  const started = performance.now();
  let past: ort.Tensor[] = model.pastSlots.map(
    () => new ort.Tensor('float32', new Float32Array(0), [1, model.kvHeads, 0, model.headDim]),
  );
  let ids = promptIds;
  let length = 0;
  for (let step = 0; step < newTokens; step++) {
    const total = length + ids.length;
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
    };
    if (model.hasPositionIds) {
      feeds.position_ids = new ort.Tensor(
        'int64',
        BigInt64Array.from(ids, (_, i) => BigInt(length + i)),
        [1, ids.length],
      );
    }
    model.pastSlots.forEach((slot, i) => (feeds[slot.input] = past[i] as ort.Tensor));
    const out = await model.session.run(feeds);
    past = model.pastSlots.map((slot) => out[slot.output] as ort.Tensor);
    length = total;
    // The token fed back does not change the cost of a step; a fixed one keeps sampling out of the floor.
    ids = [promptIds[0] ?? 0];
  }
  return performance.now() - started;
}

/** Feeds for one cached decode step of `batch` rows with `pastLength` positions of (constant) past. */
export function decodeStepFeeds(
  model: OnnxModel,
  batch: number,
  pastLength: number,
): Record<string, ort.Tensor> {
  const dims = [batch, model.kvHeads, pastLength, model.headDim];
  const size = batch * model.kvHeads * pastLength * model.headDim;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', new BigInt64Array(batch).fill(5n), [batch, 1]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(batch * (pastLength + 1)).fill(1n), [
      batch,
      pastLength + 1,
    ]),
  };
  if (model.hasPositionIds)
    feeds.position_ids = new ort.Tensor('int64', new BigInt64Array(batch).fill(BigInt(pastLength)), [
      batch,
      1,
    ]);
  for (const slot of model.pastSlots)
    feeds[slot.input] = new ort.Tensor('float32', new Float32Array(size).fill(0.01), dims);
  return feeds;
}

/**
 * Milliseconds of one cached decode step for `batch` rows with `pastLength` positions of past: the best of
 * `repeats` means of `steps` steps, since the machine's noise only ever adds time.
 */
export async function rawDecodeStep(
  model: OnnxModel,
  batch: number,
  pastLength: number,
  steps = 8,
  repeats = 5,
): Promise<number> {
  const feeds = decodeStepFeeds(model, batch, pastLength);
  await model.session.run(feeds);
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    for (let i = 0; i < steps; i++) await model.session.run(feeds);
    best = Math.min(best, (performance.now() - started) / steps);
  }
  return best;
}

/** Median milliseconds of one prompt pass (empty past) of `promptIds` for a single row. */
export async function rawPrefill(model: OnnxModel, promptIds: number[], repeats = 9): Promise<number> {
  const n = promptIds.length;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(promptIds, BigInt), [1, n]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
  };
  if (model.hasPositionIds)
    feeds.position_ids = new ort.Tensor(
      'int64',
      BigInt64Array.from(promptIds, (_, i) => BigInt(i)),
      [1, n],
    );
  for (const slot of model.pastSlots)
    feeds[slot.input] = new ort.Tensor('float32', new Float32Array(0), [1, model.kvHeads, 0, model.headDim]);
  await model.session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await model.session.run(feeds);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeats / 2)] ?? NaN;
}
