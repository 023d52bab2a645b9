// Writes the committed evaluation set models/eval/heldout-cuts.jsonl from the recipe's held-out files
// (packages never trained on). Run: npx tsx models/eval/make-cuts.ts [heldout.jsonl] [count] [seed] [out]
// Another seed and out file give a development set, so decisions are never tuned on the committed set.
import { readFileSync, writeFileSync } from 'node:fs';
import { sampleCutPoints, type HeldOutFile } from './cut-points.js';

const input = process.argv[2] ?? 'models/recipe/work/heldout.jsonl';
const count = Number(process.argv[3] ?? 300);
const seed = Number(process.argv[4] ?? 7);
const out = process.argv[5] ?? 'models/eval/heldout-cuts.jsonl';
const files = readFileSync(input, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as HeldOutFile)
  .map((f) => ({ ...f, path: f.path.replace(/^.*node_modules\//, '').replace(/^\/usr\/lib\//, '') }));
const cuts = sampleCutPoints(files, count, seed);
writeFileSync(out, cuts.map((c) => JSON.stringify(c)).join('\n') + '\n');
const langs = cuts.reduce<Record<string, number>>((m, c) => ({ ...m, [c.lang]: (m[c.lang] ?? 0) + 1 }), {});
console.log(`wrote ${cuts.length} cut points to ${out} from ${files.length} files`, langs);
