// The aggregation on a hand-made set of generations; every expected number is worked out beside it.
import { describe, expect, it } from 'vitest';
import { aggregateEvaluation } from './aggregate-evaluation.js';
import type { CompletionEvaluationRow } from './completion-evaluation-row.js';
import type { EvaluationSummary } from './evaluation-summary.js';

const t0 = new Date('2025-03-01T10:00:00Z').getTime();
const after = (seconds: number) => new Date(t0 + seconds * 1000);

function row(overrides: Partial<CompletionEvaluationRow>): CompletionEvaluationRow {
  return {
    modelId: 1,
    modelName: 'deepseek-coder-1.3b',
    languageId: 1,
    languageName: 'python',
    triggerTypeId: 1,
    triggerTypeName: 'manual',
    completion: 'x',
    wasAccepted: false,
    shown: true,
    requestedAt: after(0),
    acceptedAt: null,
    groundTruths: [],
    ...overrides,
  };
}

const auto = { triggerTypeId: 2, triggerTypeName: 'auto' };
const rows: CompletionEvaluationRow[] = [
  // A: accepted 2 s after the request; snapshots at +15.1 s, +45.2 s (edited) and +90 s (whitespace only).
  row({
    completion: 'foo(a, b)',
    wasAccepted: true,
    acceptedAt: after(2),
    groundTruths: [
      { text: '  foo(a, b)\n', at: after(17.1) },
      { text: 'foo(a, c)', at: after(47.2) },
      { text: '   ', at: after(92) },
    ],
  }),
  // B: shown, not accepted. C: empty after strip. D: never shown.
  row({ completion: 'x = 1' }),
  row({ completion: '  \n' }),
  row({ completion: 'bar()', shown: false }),
  // E (auto): accepted, acceptedAt unknown so ages count from the request; one snapshot at 16 s, one at 300 s.
  row({
    ...auto,
    completion: 'ab',
    wasAccepted: true,
    groundTruths: [
      { text: 'ab', at: after(300) },
      { text: 'ba', at: after(16) },
    ],
  }),
  // F (auto): accepted without any ground truth.
  row({ ...auto, completion: 'zz', wasAccepted: true }),
  // G: another model, a query without contextual telemetry (no language, no trigger), not accepted.
  row({
    modelId: 2,
    modelName: 'starcoder2-3b',
    languageId: null,
    languageName: null,
    triggerTypeId: null,
    triggerTypeName: null,
    completion: 'q',
  }),
];

async function* stream(items: CompletionEvaluationRow[]): AsyncGenerator<CompletionEvaluationRow> {
  for (const item of items) yield item;
}

const slot = (summary: EvaluationSummary, name: string) => summary.slots.find((s) => s.slot === name)!;

describe('aggregateEvaluation', () => {
  it('counts generations, shown, empty, valid and accepted per model × language × trigger and overall', async () => {
    const result = await aggregateEvaluation(stream(rows));
    expect(result.map((s) => [s.grouping.join(','), s.modelId, s.languageId, s.triggerTypeId])).toEqual([
      ['model,language,trigger', 1, 1, 1],
      ['model,language,trigger', 1, 1, 2],
      ['model,language,trigger', 2, null, null],
      ['', null, null, null],
    ]);
    const [manual, autoGroup, other, total] = result as [
      EvaluationSummary,
      EvaluationSummary,
      EvaluationSummary,
      EvaluationSummary,
    ];
    // manual: A B C D; shown A B C; empty C; valid A B; accepted A.
    expect(manual).toMatchObject({ generations: 4, shown: 3, emptyPredictions: 1, valid: 2, accepted: 1 });
    expect(manual.acceptanceRate).toBe(0.5);
    // Wilson(1, 2): centre 0.5, half = (1.96/2.9208)·√(0.125 + 0.2401) = 0.405471.
    expect(manual.acceptanceInterval!.low).toBeCloseTo(0.094529, 5);
    expect(manual.acceptanceInterval!.high).toBeCloseTo(0.905471, 5);
    // auto: E F, both valid and accepted.
    expect(autoGroup).toMatchObject({ generations: 2, valid: 2, accepted: 2, acceptanceRate: 1 });
    expect(other).toMatchObject({ modelName: 'starcoder2-3b', languageName: null, valid: 1, accepted: 0 });
    expect(other.acceptanceRate).toBe(0);
    // overall: 7 generations, 6 shown (all but D), 1 empty (C), 5 valid (A B E F G), 3 accepted (A E F).
    expect(total).toMatchObject({ generations: 7, shown: 6, emptyPredictions: 1, valid: 5, accepted: 3 });
    expect(total.acceptanceRate).toBe(0.6);
    // Wilson(3, 5) = [0.230720, 0.882382].
    expect(total.acceptanceInterval!.low).toBeCloseTo(0.23072, 5);
    expect(total.acceptanceInterval!.high).toBeCloseTo(0.882382, 5);
  });

  it('scores accepted completions against the snapshot of each slot and averages per group', async () => {
    const [manual, autoGroup, , total] = await aggregateEvaluation(stream(rows));
    // A at 15s (age 15.1 s from acceptance): "foo(a, b)" equals the stripped snapshot: all 100.
    expect(slot(manual!, '15s')).toEqual({
      slot: '15s',
      n: 1,
      exactMatch: 100,
      editSimilarity: 100,
      rougeL: 100,
      retained: 100,
    });
    // A at 45s (age 45.2 s): "foo(a, c)": em 0, es 200·8/18 = 88.888…, ROUGE-L 5/6 = 83.333…, not retained.
    expect(slot(manual!, '45s')).toMatchObject({ n: 1, exactMatch: 0, retained: 0 });
    expect(slot(manual!, '45s').editSimilarity).toBeCloseTo(1600 / 18, 10);
    expect(slot(manual!, '45s').rougeL).toBeCloseTo(500 / 6, 10);
    // A at 90s: only whitespace, so not evaluated; counted as an empty ground truth.
    expect(slot(manual!, '90s')).toEqual({
      slot: '90s',
      n: 0,
      exactMatch: null,
      editSimilarity: null,
      rougeL: null,
      retained: null,
    });
    expect(manual).toMatchObject({
      acceptedWithGroundTruth: 1,
      acceptedWithoutGroundTruth: 0,
      emptyGroundTruths: 1,
      snapshotsOutsideSlots: 0,
    });
    // E at 15s (age 16 s from the request): "ab" / "ba": em 0, es 200·1/4 = 50, tokens [ab]/[ba] share none;
    // its 300 s snapshot is in no slot. F has no ground truth.
    expect(slot(autoGroup!, '15s')).toEqual({
      slot: '15s',
      n: 1,
      exactMatch: 0,
      editSimilarity: 50,
      rougeL: 0,
      retained: 0,
    });
    expect(autoGroup).toMatchObject({
      acceptedWithGroundTruth: 1,
      acceptedWithoutGroundTruth: 1,
      snapshotsOutsideSlots: 1,
    });
    // overall 15s: A and E: em (100 + 0)/2 = 50, es (100 + 50)/2 = 75, ROUGE-L (100 + 0)/2 = 50, retained 50.
    expect(slot(total!, '15s')).toEqual({
      slot: '15s',
      n: 2,
      exactMatch: 50,
      editSimilarity: 75,
      rougeL: 50,
      retained: 50,
    });
    expect(slot(total!, '45s').n).toBe(1);
    expect(total).toMatchObject({ acceptedWithGroundTruth: 2, acceptedWithoutGroundTruth: 1 });
  });

  it('groups by the chosen dimensions only, and by none for the total alone', async () => {
    const byModel = await aggregateEvaluation(rows, { groupBy: ['model'] });
    expect(
      byModel.map((s) => [s.grouping.join(','), s.modelName, s.languageName, s.valid, s.accepted]),
    ).toEqual([
      ['model', 'deepseek-coder-1.3b', null, 4, 3],
      ['model', 'starcoder2-3b', null, 1, 0],
      ['', null, null, 5, 3],
    ]);
    const totalOnly = await aggregateEvaluation(rows, { groupBy: [] });
    expect(totalOnly).toHaveLength(1);
    expect(totalOnly[0]).toMatchObject({ generations: 7, accepted: 3 });
  });

  it('gives no rate, interval or means for an empty slice, only zero counts', async () => {
    const [total] = await aggregateEvaluation(stream([]));
    expect(total).toMatchObject({ generations: 0, valid: 0, acceptanceRate: null, acceptanceInterval: null });
    expect(total!.slots.every((s) => s.n === 0 && s.editSimilarity === null)).toBe(true);
  });
});
