// bench/evaluation: how fast aggregateEvaluation goes through generated completion rows (no services): N rows,
// a share of them accepted with the plugin's three ground-truth snapshots (the completion edited a little, with
// 32 characters either side), each scored with exact match, edit similarity, ROUGE-L and retention.
// Run: npx tsx bench/evaluation/run.ts [-- --rows 1000000 --accepted 0.3 --length 60 --seed 1]
import { aggregateEvaluation, type CompletionEvaluationRow } from '../../src/evaluation/index.js';

const option = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const rowCount = option('rows', 1_000_000);
const acceptedShare = option('accepted', 0.3);
const completionLength = option('length', 60);
let seed = option('seed', 1);

function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}

const CODE = 'abcdefghijklmnopqrstuvwxyz_ABCDEFG0123456789 ().,;=+-[]{}:"\n';
const text = (n: number) =>
  Array.from({ length: n }, () => CODE[Math.floor(random() * CODE.length)]).join('');
/** The completion with a few characters replaced, as a user's edit. */
const edit = (s: string) => [...s].map((c) => (random() < 0.05 ? text(1) : c)).join('');

/** A pool of distinct rows, cycled through: generating a million random texts would cost more than scoring. */
function makePool(size: number): CompletionEvaluationRow[] {
  const t0 = Date.UTC(2025, 0, 1);
  return Array.from({ length: size }, (_, i) => {
    const completion = text(Math.max(1, Math.round(completionLength * (0.5 + random()))));
    const accepted = random() < acceptedShare;
    const requestedAt = new Date(t0 + i * 1000);
    const acceptedAt = new Date(requestedAt.getTime() + 2000);
    const snapshot = (s: number) => ({
      text: `${text(32)}${s < 30 ? completion : edit(completion)}${text(32)}`,
      at: new Date(acceptedAt.getTime() + s * 1000),
    });
    return {
      modelId: 1 + (i % 3),
      modelName: `model-${1 + (i % 3)}`,
      languageId: 1 + (i % 12),
      languageName: `language-${1 + (i % 12)}`,
      triggerTypeId: 1 + (i % 2),
      triggerTypeName: ['manual', 'auto'][i % 2]!,
      completion,
      wasAccepted: accepted,
      shown: true,
      requestedAt,
      acceptedAt: accepted ? acceptedAt : null,
      groundTruths: accepted ? [snapshot(15), snapshot(45), snapshot(90)] : [],
    };
  });
}

const pool = makePool(10_007);
async function* rows(): AsyncGenerator<CompletionEvaluationRow> {
  for (let i = 0; i < rowCount; i++) yield pool[i % pool.length]!;
}

const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await aggregateEvaluation(rows());
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
const total = result[result.length - 1]!;
console.log(
  `${rowCount} rows (${total.accepted} accepted, ${total.accepted * 3} snapshots, completions ~${completionLength} ` +
    `chars) in ${result.length - 1} groups: ${(wallMs / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s ` +
    `CPU (${Math.round(rowCount / (cpuMs / 1000)).toLocaleString('en-US')} rows per CPU second); ` +
    `heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
);
console.log(
  `overall: acceptance ${total.acceptanceRate?.toFixed(4)}, 15s es ${total.slots[0]?.editSimilarity?.toFixed(2)}, ` +
    `45s es ${total.slots[1]?.editSimilarity?.toFixed(2)}, 45s ROUGE-L ${total.slots[1]?.rougeL?.toFixed(2)}`,
);
