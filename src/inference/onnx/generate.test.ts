import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_GPT2, TINY_LLAMA, pytorchReference } from '../../../tests/inference/fixture-models.js';
import { generate } from './generate.js';
import { loadOnnxEngine, type OnnxEngine } from './onnx-engine.js';
import type { GenerationRequest, Vocabulary } from './sequence.js';
import { concatBytes, decodeUtf8Prefix } from './token-bytes.js';
import { healPrompt } from './token-healing.js';

const greedy = { temperature: 0, topP: 1 };
const open = (): AbortSignal => new AbortController().signal;

describe.each([
  ['a llama-style model with GQA and position_ids', TINY_LLAMA],
  ['a gpt2-style model without position_ids', TINY_GPT2],
])('generation on %s', (_name, dir) => {
  let engine: OnnxEngine;
  /** Control tokens do not end generation here, so every run yields exactly maxNewTokens tokens. */
  let noStops: Vocabulary;
  beforeAll(async () => {
    engine = await loadOnnxEngine(dir, { threads: 1 });
    noStops = { ...engine.vocab, stopIds: new Set() };
  });
  afterAll(() => engine.close());

  it('reproduces the greedy tokens PyTorch produced, with and without the KV cache', async () => {
    const ref = pytorchReference(dir);
    const request: GenerationRequest = {
      promptIds: ref.prompt,
      maxNewTokens: ref.greedy.length,
      sampling: greedy,
      stops: [],
    };
    const cached = await generate(engine.model, noStops, request, open());
    const recomputed = await generate(engine.model, noStops, request, open(), { useCache: false });
    expect(cached.tokens).toEqual(ref.greedy);
    expect(recomputed.tokens).toEqual(ref.greedy);
  });

  it('reports a confidence in (0, 1] equal to exp(mean logprob)', async () => {
    const r = await generate(
      engine.model,
      noStops,
      { promptIds: [10, 20, 30], maxNewTokens: 8, sampling: greedy, stops: [] },
      open(),
    );
    const mean = r.logprobs.reduce((s, l) => s + l, 0) / r.logprobs.length;
    expect(r.logprobs).toHaveLength(8);
    expect(r.logprobs.every((l) => l <= 0 && Number.isFinite(l))).toBe(true);
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(r.confidence).toBeCloseTo(Math.exp(mean), 10);
  });

  it('ends the completion just before a stop string', async () => {
    const request: GenerationRequest = {
      promptIds: [10, 20, 30],
      maxNewTokens: 12,
      sampling: greedy,
      stops: [],
    };
    const full = await generate(engine.model, noStops, request, open());
    const stop = full.text.slice(5, 7);
    const stopped = await generate(engine.model, noStops, { ...request, stops: [stop] }, open());
    expect(stopped.finishReason).toBe('stop');
    expect(stopped.text).toBe(full.text.slice(0, full.text.indexOf(stop)));
    expect(stopped.tokens.length).toBeLessThan(full.tokens.length);
  });

  it('stops at an end token', async () => {
    const first = await generate(
      engine.model,
      noStops,
      { promptIds: [10, 20, 30], maxNewTokens: 3, sampling: greedy, stops: [] },
      open(),
    );
    const third = first.tokens[2] as number;
    const vocab = { ...noStops, stopIds: new Set([third]) };
    const r = await generate(
      engine.model,
      vocab,
      { promptIds: [10, 20, 30], maxNewTokens: 10, sampling: greedy, stops: [] },
      open(),
    );
    expect(r.finishReason).toBe('eos');
    expect(r.tokens).toEqual(first.tokens.slice(0, 3));
  });

  it('stops within a step once the deadline signal fires, rejecting with its reason', async () => {
    const controller = new AbortController();
    const request = { promptIds: [10, 20, 30], maxNewTokens: 100_000, sampling: greedy, stops: [] };
    const started = performance.now();
    setTimeout(() => controller.abort(new Error('deadline exceeded')), 30);
    await expect(generate(engine.model, noStops, request, controller.signal)).rejects.toThrow(
      'deadline exceeded',
    );
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('heals the last prompt token: output starts with its bytes, which the text leaves out', async () => {
    const ids = engine.tokenizer.encode('const value = compute(items.len');
    const healed = healPrompt(ids, engine.tokenizer.tokenBytes, engine.tokenizer.specialIds);
    expect(healed.residual.length).toBeGreaterThan(0);
    const request = {
      promptIds: healed.ids,
      residual: healed.residual,
      maxNewTokens: 8,
      sampling: greedy,
      stops: [],
    };
    const r = await generate(engine.model, noStops, request, open());
    const bytes = concatBytes(r.tokens.map((t) => engine.tokenizer.tokenBytes?.[t] ?? new Uint8Array(0)));
    expect(bytes.subarray(0, healed.residual.length)).toEqual(healed.residual);
    expect(r.text).toBe(decodeUtf8Prefix(bytes.subarray(healed.residual.length)));
  });

  it('samples reproducibly for a fixed seed', async () => {
    const request = {
      promptIds: [10, 20, 30],
      maxNewTokens: 8,
      sampling: { temperature: 1.5, topP: 0.9 },
      stops: [],
      seed: 3,
    };
    const a = await generate(engine.model, noStops, request, open());
    const b = await generate(engine.model, noStops, request, open());
    expect(a.tokens).toEqual(b.tokens);
  });
});
