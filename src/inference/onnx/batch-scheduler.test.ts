import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_GPT2, TINY_LLAMA } from '../../../tests/inference/fixture-models.js';
import { createBatchScheduler } from './batch-scheduler.js';
import { generate } from './generate.js';
import { loadOnnxEngine, type OnnxEngine } from './onnx-engine.js';
import type { GenerationRequest, Vocabulary } from './sequence.js';

const open = (): AbortSignal => new AbortController().signal;

/** Prompts of different lengths and budgets, so rows are padded differently and leave at different steps. */
const requests: GenerationRequest[] = [
  [5, 6, 7],
  [100, 200, 300, 400, 150, 250, 350, 450, 12, 13, 14],
  [42],
  [77, 88, 99, 111, 222, 333],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 300, 301, 302, 303, 304, 305, 306, 307],
  [310, 320],
].map((promptIds, i) => ({
  promptIds,
  maxNewTokens: 6 + 3 * i,
  sampling: { temperature: 0, topP: 1 },
  stops: [],
}));

describe.each([
  ['llama-style', TINY_LLAMA],
  ['gpt2-style', TINY_GPT2],
])('the dynamic batch scheduler on a %s model', (_name, dir) => {
  let engine: OnnxEngine;
  let noStops: Vocabulary;
  let expected: number[][];
  beforeAll(async () => {
    engine = await loadOnnxEngine(dir, { threads: 1 });
    noStops = { ...engine.vocab, stopIds: new Set() };
    expected = [];
    for (const r of requests) expected.push((await generate(engine.model, noStops, r, open())).tokens);
  });
  afterAll(() => engine.close());

  it('gives every concurrent request the tokens it gets alone', async () => {
    const scheduler = createBatchScheduler(engine.model, noStops, { maxBatch: 4 });
    const results = await Promise.all(requests.map((r) => scheduler.submit(r, open())));
    expect(results.map((r) => r.tokens)).toEqual(expected);
    expect(scheduler.stats.decodedRows / scheduler.stats.decodeSteps).toBeGreaterThan(1.5);
    await scheduler.close();
  });

  it('lets requests join a batch that is already decoding', async () => {
    const scheduler = createBatchScheduler(engine.model, noStops);
    const pending: Promise<number[]>[] = [];
    for (const r of requests) {
      pending.push(scheduler.submit(r, open()).then((x) => x.tokens));
      // Let a decoding step or two run before the next request arrives.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(pending)).toEqual(expected);
    await scheduler.close();
  });

  it('drops an aborted row without disturbing the others', async () => {
    const scheduler = createBatchScheduler(engine.model, noStops);
    const controller = new AbortController();
    const long = { ...requests[1], maxNewTokens: 10_000 } as GenerationRequest;
    const aborted = scheduler.submit(long, controller.signal);
    const others = requests.map((r) => scheduler.submit(r, open()));
    setTimeout(() => controller.abort(new Error('deadline exceeded')), 20);
    await expect(aborted).rejects.toThrow('deadline exceeded');
    expect((await Promise.all(others)).map((r) => r.tokens)).toEqual(expected);
    await scheduler.close();
  });

  it('rejects a request waiting behind a full batch when its deadline passes', async () => {
    const scheduler = createBatchScheduler(engine.model, noStops, { maxBatch: 1 });
    const running = scheduler.submit({ ...requests[0], maxNewTokens: 10_000 } as GenerationRequest, open());
    const runningOutcome = running.catch((error: unknown) => error);
    const controller = new AbortController();
    const waiting = scheduler.submit(requests[1] as GenerationRequest, controller.signal);
    setTimeout(() => controller.abort(new Error('deadline exceeded')), 20);
    await expect(waiting).rejects.toThrow('deadline exceeded');
    await scheduler.close();
    expect(await runningOutcome).toEqual(new Error('the model is closed'));
  });

  it('rejects what is still queued when closed', async () => {
    const scheduler = createBatchScheduler(engine.model, noStops);
    const running = scheduler.submit({ ...requests[0], maxNewTokens: 10_000 } as GenerationRequest, open());
    const outcome = running.catch((error: unknown) => error);
    await scheduler.close();
    expect(await outcome).toEqual(new Error('the model is closed'));
    await expect(scheduler.submit(requests[0] as GenerationRequest, open())).rejects.toThrow('closed');
  });
});
