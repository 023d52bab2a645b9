// The key/value cache of a running batch: one [batch, heads, length, headDim] tensor per past input, rows
// left-padded to a common length. Rows join, leave and shrink by copying into a fresh right-aligned cache.
import * as ort from 'onnxruntime-node';
import type { OnnxModel } from './load-onnx-model.js';

export interface KvCache {
  batch: number;
  length: number;
  /** In the order of `model.pastSlots`. */
  tensors: ort.Tensor[];
}

export function emptyKvCache(model: OnnxModel, batch: number): KvCache {
  const dims = [batch, model.kvHeads, 0, model.headDim];
  return {
    batch,
    length: 0,
    tensors: model.pastSlots.map(() => new ort.Tensor('float32', new Float32Array(0), dims)),
  };
}

export interface CacheRow {
  cache: KvCache;
  row: number;
}

/**
 * Stacks the given rows into a new cache of `length` positions, each row right-aligned: shorter rows gain
 * zero padding on the left (masked out by attention_mask 0), longer ones lose their leftmost positions,
 * which the caller guarantees are padding.
 */
export function assembleKvCache(model: OnnxModel, rows: CacheRow[], length: number): KvCache {
  const heads = model.kvHeads;
  const dim = model.headDim;
  const tensors = model.pastSlots.map((_, slot) => {
    const out = new Float32Array(rows.length * heads * length * dim);
    rows.forEach(({ cache, row }, dst) => copyRow(cache, slot, row, out, dst, length, heads, dim));
    return new ort.Tensor('float32', out, [rows.length, heads, length, dim]);
  });
  return { batch: rows.length, length, tensors };
}

function copyRow(
  cache: KvCache,
  slot: number,
  row: number,
  out: Float32Array,
  dst: number,
  length: number,
  heads: number,
  dim: number,
): void {
  const src = cache.tensors[slot]?.data as Float32Array;
  const keep = Math.min(length, cache.length);
  const skip = cache.length - keep;
  for (let h = 0; h < heads; h++) {
    const from = ((row * heads + h) * cache.length + skip) * dim;
    const to = ((dst * heads + h) * length + (length - keep)) * dim;
    out.set(src.subarray(from, from + keep * dim), to);
  }
}
