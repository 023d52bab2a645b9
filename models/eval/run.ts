// npm run eval:model -- <model id> [--limit N] [--concurrency C] [--registry file] [--cuts file] [--out file]
// Completes the rest of the line at the committed held-out cut points through the model's own backend and
// reports exact match, edit similarity and latency (written to models/eval/results/<model name>.json).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { findModel, loadModelRegistry } from '../../src/inference/model-registry.js';
import { createBackend } from '../../src/inference/backends/create-backend.js';
import { CutPointSchema, type CutPoint } from './cut-points.js';
import { scoreCompletions, type Scored } from './score.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    limit: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
    registry: { type: 'string', default: 'models/registry.json' },
    cuts: { type: 'string', default: 'models/eval/heldout-cuts.jsonl' },
    /** Default models/eval/results/<model name>.json: the official figures; point elsewhere for dev runs. */
    out: { type: 'string' },
  },
});
const modelId = Number(positionals[0] ?? 5);
const entry = findModel(loadModelRegistry(values.registry), modelId);
if (!entry) throw new Error(`model ${modelId} is not in ${values.registry}`);

const cuts: CutPoint[] = readFileSync(values.cuts, 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, Number(values.limit))
  .map((l) => CutPointSchema.parse(JSON.parse(l)));

const backend = createBackend(entry, {});
await backend.warmup();
const results: Scored[] = [];
let next = 0;
const started = performance.now();
const worker = async (): Promise<void> => {
  while (next < cuts.length) {
    const cut = cuts[next++];
    if (!cut) break;
    const t0 = performance.now();
    const out = await backend.complete(
      { prefix: cut.prefix, suffix: cut.suffix, fileName: cut.file, contextFiles: [], stopSequences: ['\n'] },
      AbortSignal.timeout(30_000),
    );
    results.push({
      cut,
      prediction: out.completion.split('\n')[0] ?? '',
      latencyMs: performance.now() - t0,
      confidence: out.confidence,
    });
  }
};
await Promise.all(Array.from({ length: Number(values.concurrency) }, worker));
const wallS = (performance.now() - started) / 1000;
await backend.close();

const report = {
  model: entry.name,
  modelId,
  at: new Date().toISOString(),
  wallS,
  ...scoreCompletions(results),
};
console.log(JSON.stringify({ ...report, samples: undefined }, null, 2));
console.log('\nsamples:');
for (const s of report.samples)
  console.log(
    `  ${JSON.stringify(s.prefixTail)} => ${JSON.stringify(s.prediction)}   (truth ${JSON.stringify(s.truth)})`,
  );
const out = values.out ?? `models/eval/results/${entry.name}.json`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
