// The plain generation loop for one request: prefill, then one token per step from the KV cache (or, for
// checking the cache, a full recompute each step). The signal is checked between steps, so a passed deadline
// stops generation within one step and rejects with the signal's reason.
import { emptyKvCache } from './kv-cache.js';
import type { OnnxModel } from './load-onnx-model.js';
import { runForward } from './forward.js';
import {
  acceptLogits,
  createSequence,
  sequenceResult,
  type GenerationRequest,
  type GenerationResult,
  type Vocabulary,
} from './sequence.js';

export interface GenerateOptions {
  /** false recomputes the whole sequence every step: slow, only for testing the cache. */
  useCache?: boolean;
}

export async function generate(
  model: OnnxModel,
  vocab: Vocabulary,
  request: GenerationRequest,
  signal: AbortSignal,
  options: GenerateOptions = {},
): Promise<GenerationResult> {
  signal.throwIfAborted();
  const seq = createSequence(request);
  if (seq.finished !== null) return sequenceResult(seq);
  let out = await runForward(model, [{ ids: request.promptIds, pastLength: 0 }], emptyKvCache(model, 1));
  while (seq.finished === null) {
    const token = acceptLogits(seq, out.lastLogits(0), vocab);
    if (seq.finished !== null) break;
    signal.throwIfAborted();
    if (options.useCache === false) {
      const ids = [...request.promptIds, ...seq.tokens];
      out = await runForward(model, [{ ids, pastLength: 0 }], emptyKvCache(model, 1));
    } else {
      const pastLength = request.promptIds.length + seq.tokens.length - 1;
      out = await runForward(model, [{ ids: [token], pastLength }], out.present);
    }
  }
  return sequenceResult(seq);
}
