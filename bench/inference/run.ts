// bench/inference: the in-process ONNX engine on this machine. Single-request latency (time to first token,
// 32 new tokens p50/p99, decode tokens/s) against bare session.run steps, and throughput at 1, 4 and 8
// concurrent requests through the dynamic batch scheduler against the same requests one by one.
// Run: npx tsx bench/inference/run.ts [modelDir] [--runs N] [--prompt-tokens N] [--threads N]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadOnnxEngine, type OnnxEngine } from '../../src/inference/onnx/onnx-engine.js';
import type { GenerationRequest } from '../../src/inference/onnx/sequence.js';
import { createBatchScheduler } from '../../src/inference/onnx/batch-scheduler.js';
import { rawDecodeStep, rawGeneration, rawPrefill } from './raw-steps.js';
import { mean, percentile, round } from './stats.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '20' },
    'prompt-tokens': { type: 'string', default: '256' },
    threads: { type: 'string', default: '2' },
    out: { type: 'string', default: 'bench/results/inference.json' },
  },
});
const NEW_TOKENS = 32;
const dir =
  positionals[0] ??
  (existsSync('models/builtin/code4me-tiny/tokenizer.json')
    ? 'models/builtin/code4me-tiny'
    : 'tests/fixtures/tiny-llama');
const runs = Number(values.runs);

const engine = await loadOnnxEngine(dir, { threads: Number(values.threads) });
const promptTokens = Math.min(
  Number(values['prompt-tokens']),
  (engine.model.config.maxPositions ?? 512) - NEW_TOKENS,
);
const prompts = loadPrompts(engine, promptTokens, 16);
// End tokens and stop strings are ignored so every request produces exactly NEW_TOKENS tokens.
const vocab = { ...engine.vocab, stopIds: new Set<number>() };
const request = (promptIds: number[]): GenerationRequest => ({
  promptIds,
  maxNewTokens: NEW_TOKENS,
  sampling: { temperature: 0, topP: 1 },
  stops: [],
});

const single = await measureSingle();
// Where the time goes: a prompt pass is compute-bound and cannot be shared by batching, only decode steps can.
const rawPrefillMs = await rawPrefill(engine.model, prompts[0] ?? []);
const rawDecodeOneMs = await rawDecodeStep(engine.model, 1, promptTokens + NEW_TOKENS / 2, 16);
const concurrency = [];
for (const c of [1, 4, 8]) concurrency.push(await measureConcurrency(c));
const peakRssMb = process.resourceUsage().maxRSS / 1024;
await engine.close();

const result = {
  model: dir,
  weights: engine.model.weightsFile,
  threads: Number(values.threads),
  promptTokens,
  newTokens: NEW_TOKENS,
  runs,
  single,
  rawPrefillMs: round(rawPrefillMs, 2),
  rawDecodeStepOneRowMs: round(rawDecodeOneMs, 2),
  concurrency,
  peakRssMb: round(peakRssMb),
  machine: {
    cpus: (await import('node:os')).cpus().length,
    loadAverage: (await import('node:os')).loadavg().map((l) => round(l, 2)),
  },
  date: new Date().toISOString(),
};
printMarkdown(result);
mkdirSync('bench/results', { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);

/** Real code from the held-out cut points, cut to `tokens` tokens each; synthetic code if they are absent. */
function loadPrompts(e: OnnxEngine, tokens: number, count: number): number[][] {
  const file = 'models/eval/heldout-cuts.jsonl';
  const texts = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { prefix: string }).prefix)
    : [];
  const filler = 'function step(total) {\n  return total + compute(total, 2);\n}\n'.repeat(200);
  const ids = texts
    .map((t) => e.tokenizer.encode(e.tokenizer.stripSpecialTokens(t)))
    .filter((x) => x.length >= tokens);
  while (ids.length < count) ids.push(e.tokenizer.encode(filler.slice(ids.length)));
  return ids.slice(0, count).map((x) => x.slice(x.length - tokens));
}

async function measureSingle() {
  const signal = new AbortController().signal;
  const rawMs: number[] = [];
  const engineMs: number[] = [];
  const ttft: number[] = [];
  const decodeRate: number[] = [];
  const scheduler = createBatchScheduler(engine.model, vocab);
  // One warm-up each, so neither side pays for first-run allocation.
  await rawGeneration(engine.model, prompts[0] ?? [], NEW_TOKENS);
  await scheduler.submit(request(prompts[0] ?? []), signal);
  for (let i = 0; i < runs; i++) {
    const prompt = prompts[i % prompts.length] ?? [];
    rawMs.push(await rawGeneration(engine.model, prompt, NEW_TOKENS));
    const r = await scheduler.submit(request(prompt), signal);
    engineMs.push(r.totalMs);
    ttft.push(r.firstTokenMs);
    decodeRate.push(((NEW_TOKENS - 1) * 1000) / (r.totalMs - r.firstTokenMs));
  }
  await scheduler.close();
  return {
    timeToFirstTokenMs: { p50: round(percentile(ttft, 50)), p99: round(percentile(ttft, 99)) },
    engineMs: {
      p50: round(percentile(engineMs, 50)),
      p99: round(percentile(engineMs, 99)),
      mean: round(mean(engineMs)),
    },
    rawSessionRunMs: {
      p50: round(percentile(rawMs, 50)),
      p99: round(percentile(rawMs, 99)),
      mean: round(mean(rawMs)),
    },
    engineOverheadPct: round(((mean(engineMs) - mean(rawMs)) / mean(rawMs)) * 100),
    decodeTokensPerSecond: round(percentile(decodeRate, 50)),
    /** Prompt pass share of one request: batching amortises decode steps, not this. */
    prefillSharePct: round((mean(ttft) / mean(engineMs)) * 100),
  };
}

/** `c` requests submitted at once through the scheduler, against the same requests one after another. */
async function measureConcurrency(c: number) {
  const signal = new AbortController().signal;
  const batch = prompts.slice(0, c).map(request);
  const scheduler = createBatchScheduler(engine.model, vocab, { maxBatch: 8 });
  await scheduler.submit(batch[0] as GenerationRequest, signal);
  const best = { batched: Infinity, sequential: Infinity, batchedRunMs: 0 };
  for (let rep = 0; rep < 3; rep++) {
    const before = engine.model.stats.runMs;
    let started = performance.now();
    await Promise.all(batch.map((r) => scheduler.submit(r, signal)));
    const batched = performance.now() - started;
    if (batched < best.batched)
      Object.assign(best, { batched, batchedRunMs: engine.model.stats.runMs - before });
    started = performance.now();
    for (const r of batch) await scheduler.submit(r, signal);
    best.sequential = Math.min(best.sequential, performance.now() - started);
  }
  await scheduler.close();
  const tokens = c * NEW_TOKENS;
  const stepMs = await rawDecodeStep(engine.model, c, promptTokens + NEW_TOKENS / 2, 16);
  return {
    concurrent: c,
    rawDecodeStepMs: round(stepMs, 2),
    ...speedupBounds(c, stepMs),
    batchedMs: round(best.batched),
    sequentialMs: round(best.sequential),
    batchedTokensPerSecond: round((tokens * 1000) / best.batched),
    sequentialTokensPerSecond: round((tokens * 1000) / best.sequential),
    speedup: round(best.sequential / best.batched, 2),
    batchedSessionRunMs: round(best.batchedRunMs),
    batchedOverheadPct: round(((best.batched - best.batchedRunMs) / best.batchedRunMs) * 100),
  };
}

/**
 * The speedup bare session.run steps allow: c prompt passes (never shared) plus NEW_TOKENS - 1 decode steps of c
 * rows, against c times one prompt pass plus NEW_TOKENS - 1 one-row steps. `ceiling` uses the measured c-row
 * step; `perfectBatchingCeiling` assumes c rows cost no more than one, the most any batching could give.
 */
function speedupBounds(c: number, stepMs: number) {
  const steps = NEW_TOKENS - 1;
  const sequential = c * (rawPrefillMs + steps * rawDecodeOneMs);
  return {
    ceiling: round(sequential / (c * rawPrefillMs + steps * stepMs), 2),
    perfectBatchingCeiling: round(sequential / (c * rawPrefillMs + steps * rawDecodeOneMs), 2),
  };
}

function printMarkdown(r: typeof result): void {
  const s = r.single;
  const lines = [
    `\n### ONNX engine: ${r.model} (${r.promptTokens}-token prompts, ${r.newTokens} new tokens, ${r.threads} threads)\n`,
    '| Single request | p50 | p99 |',
    '|---|---|---|',
    `| Time to first token (ms) | ${s.timeToFirstTokenMs.p50} | ${s.timeToFirstTokenMs.p99} |`,
    `| Engine, 32 tokens (ms) | ${s.engineMs.p50} | ${s.engineMs.p99} |`,
    `| Bare session.run steps, 32 tokens (ms) | ${s.rawSessionRunMs.p50} | ${s.rawSessionRunMs.p99} |`,
    `\nEngine overhead over bare session.run: ${s.engineOverheadPct}% (mean); decode ${s.decodeTokensPerSecond} tok/s ` +
      `(p50); prompt pass ${s.prefillSharePct}% of a request; peak RSS ${r.peakRssMb} MB\n`,
    `Bare prompt pass: ${r.rawPrefillMs} ms; bare one-row decode step: ${r.rawDecodeStepOneRowMs} ms\n`,
    '| Concurrent | Batched (ms) | One by one (ms) | Batched tok/s | One by one tok/s | Speedup | ' +
      'session.run in batched (ms) | Overhead | Bare decode step (ms) | Ceiling | Perfect-batching ceiling |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.concurrency.map(
      (c) =>
        `| ${c.concurrent} | ${c.batchedMs} | ${c.sequentialMs} | ${c.batchedTokensPerSecond} | ` +
        `${c.sequentialTokensPerSecond} | ${c.speedup}x | ${c.batchedSessionRunMs} | ${c.batchedOverheadPct}% | ` +
        `${c.rawDecodeStepMs} | ${c.ceiling}x | ${c.perfectBatchingCeiling}x |`,
    ),
    `\nload average during the run: ${r.machine.loadAverage.join(', ')} on ${r.machine.cpus} CPUs`,
  ];
  console.log(lines.join('\n'));
}
