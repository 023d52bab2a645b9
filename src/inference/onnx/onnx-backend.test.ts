import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_MODEL, TINY_LLAMA, builtinModelPresent } from '../../../tests/inference/fixture-models.js';
import { ModelUnavailableError, type CompletionInput } from '../model-backend.js';
import { ModelEntrySchema } from '../model-registry.js';
import { runForward } from './forward.js';
import { emptyKvCache } from './kv-cache.js';
import { createOnnxBackend, type OnnxModelEntry } from './onnx-backend.js';
import { loadOnnxEngine } from './onnx-engine.js';

function entry(path: string, extra: Record<string, unknown> = {}): OnnxModelEntry {
  const e = ModelEntrySchema.parse({
    id: 99,
    name: 'tiny',
    fullName: 'test/tiny',
    kind: 'completion',
    backend: 'onnx',
    path,
    promptFormat: 'code4me',
    contextLength: 128,
    ...extra,
  });
  if (e.backend !== 'onnx') throw new Error('not onnx');
  return e;
}

const input: CompletionInput = {
  prefix: 'function main() {\n  const total = ',
  suffix: '\n}\n',
  fileName: 'main.ts',
  contextFiles: [],
  stopSequences: [],
};
const open = (): AbortSignal => new AbortController().signal;

describe('the ONNX backend without a usable model', () => {
  it('is unavailable when the folder does not exist', async () => {
    const backend = createOnnxBackend(entry(join(tmpdir(), 'c4m-missing-model')));
    await expect(backend.warmup()).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(backend.complete(input, open())).rejects.toBeInstanceOf(ModelUnavailableError);
    await backend.close();
  });

  it('is unavailable when the folder has a tokenizer but no weights, or broken weights', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c4m-model-'));
    for (const f of ['tokenizer.json', 'tokenizer_config.json', 'config.json'])
      copyFileSync(join(TINY_LLAMA, f), join(dir, f));
    await expect(createOnnxBackend(entry(dir)).warmup()).rejects.toThrow(/no ONNX weights/);
    mkdirSync(join(dir, 'onnx'));
    writeFileSync(join(dir, 'onnx', 'model.onnx'), 'not a model');
    await expect(createOnnxBackend(entry(dir)).warmup()).rejects.toBeInstanceOf(ModelUnavailableError);
  });
});

describe('the ONNX backend on a tiny model', () => {
  const backend = createOnnxBackend(entry(TINY_LLAMA, { generation: { maxNewTokens: 12, stop: ['\n'] } }), {
    threads: 1,
  });
  beforeAll(() => backend.warmup());
  afterAll(() => backend.close());

  it('completes with a confidence in (0, 1] and one logprob per generated token', async () => {
    const out = await backend.complete(input, open());
    expect(out.confidence).toBeGreaterThan(0);
    expect(out.confidence).toBeLessThanOrEqual(1);
    expect(out.logprobs.length).toBeGreaterThan(0);
    expect(out.logprobs.length).toBeLessThanOrEqual(12);
    expect(out.completion).not.toContain('\n');
    expect(out.generationTimeMs).toBeGreaterThan(0);
  });

  it('reports each token beside its log-probability, the parameters it used and its revision', async () => {
    const out = await backend.complete({ ...input, stopSequences: ['END'] }, open());
    expect(out.tokens).toHaveLength(out.logprobs.length);
    expect(out.tokens.every((t) => typeof t === 'string')).toBe(true);
    expect(out.parameters).toEqual({ maxNewTokens: 12, temperature: 0, topP: 1, stop: ['\n', 'END'] });
    // The fixture folder has no SHA256SUMS and the entry pins nothing.
    expect(out.revision).toBeNull();
    const pinned = createOnnxBackend(entry(TINY_LLAMA, { revision: 'commit-abc' }), { threads: 1 });
    expect((await pinned.complete(input, open())).revision).toBe('commit-abc');
    await pinned.close();
  });

  it('answers concurrent requests like sequential ones', async () => {
    const inputs = ['', 'x', 'def f(a):\n    return a', 'import { readFileSync } from'].map((prefix) => ({
      ...input,
      prefix,
    }));
    const sequential = [];
    for (const i of inputs) sequential.push((await backend.complete(i, open())).completion);
    const concurrent = await Promise.all(inputs.map((i) => backend.complete(i, open())));
    expect(concurrent.map((o) => o.completion)).toEqual(sequential);
  });

  it('rejects a request whose deadline already passed', async () => {
    await expect(backend.complete(input, AbortSignal.abort(new Error('deadline exceeded')))).rejects.toThrow(
      'deadline exceeded',
    );
  });

  it('honours the request maxNewTokens and FIM mode', async () => {
    const fim = createOnnxBackend(entry(TINY_LLAMA), { threads: 1, promptMode: 'fim' });
    const out = await fim.complete({ ...input, maxNewTokens: 3 }, open());
    expect(out.logprobs.length).toBeLessThanOrEqual(3);
    await fim.close();
  });
});

describe.skipIf(!builtinModelPresent)('the built-in code4me-tiny model', () => {
  it('loads, warms up and completes code', async () => {
    const backend = createOnnxBackend(entry(BUILTIN_MODEL, { contextLength: 512 }), { threads: 2 });
    await backend.warmup();
    const prefix = 'export function add(a: number, b: number) {\n  return a';
    const out = await backend.complete({ ...input, prefix }, open());
    expect(out.confidence).toBeGreaterThan(0);
    expect(typeof out.completion).toBe('string');
    await backend.close();
  });

  const golden = existsSync(join(BUILTIN_MODEL, 'ref.json'));
  it.skipIf(!golden)('tokenizes the golden prompt as the trainer did and reproduces its logits', async () => {
    const ref = JSON.parse(readFileSync(join(BUILTIN_MODEL, 'ref.json'), 'utf8')) as GoldenLogits;
    const full = existsSync(join(BUILTIN_MODEL, 'onnx', 'model.onnx'));
    const engine = await loadOnnxEngine(BUILTIN_MODEL, { threads: 1, prefer: full ? 'full' : 'quantized' });
    const tolerance = full ? ref.tolerance.fp32 * 10 : ref.tolerance.int8;
    expect(engine.tokenizer.encode(ref.prompt)).toEqual(ref.input_ids);
    const first = await runForward(
      engine.model,
      [{ ids: ref.input_ids, pastLength: 0 }],
      emptyKvCache(engine.model, 1),
    );
    expect(maxDifference(first.lastLogits(0), ref.logits_last)).toBeLessThan(tolerance);
    const step = [{ ids: [ref.next_token], pastLength: ref.input_ids.length }];
    const second = await runForward(engine.model, step, first.present);
    expect(maxDifference(second.lastLogits(0), ref.logits_cached_step)).toBeLessThan(tolerance);
    await engine.close();
  });
});

interface GoldenLogits {
  prompt: string;
  input_ids: number[];
  next_token: number;
  logits_last: number[];
  logits_cached_step: number[];
  tolerance: { fp32: number; int8: number };
}

function maxDifference(a: Float32Array, b: number[]): number {
  return b.reduce((m, v, i) => Math.max(m, Math.abs(v - (a[i] ?? NaN))), 0);
}
