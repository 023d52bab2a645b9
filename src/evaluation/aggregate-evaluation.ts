// The evaluation over a stream of generations: one pass, one running tally per group (model × language ×
// trigger by default) and one for all rows, so memory grows with the number of groups, never with the rows.
import type { CompletionEvaluationRow } from './completion-evaluation-row.js';
import { evaluateRow } from './evaluate-row.js';
import {
  EVALUATION_DIMENSIONS,
  type EvaluationDimension,
  type EvaluationSummary,
  type GroupLabel,
} from './evaluation-summary.js';
import { addToTally, createTally, summarizeTally, type EvaluationTally } from './evaluation-tally.js';

export interface EvaluationOptions {
  /** The dimensions of the groups (default: all three); [] gives the overall total alone. */
  groupBy?: readonly EvaluationDimension[];
  /** The normal quantile of the acceptance interval (default 1.96: 95 %). */
  z?: number;
}

/**
 * Evaluates every row once. Returns the groups ordered by model, language and trigger id (rows without a language
 * or trigger after the others), then the overall total, whose `grouping` is [].
 */
export async function aggregateEvaluation(
  rows: AsyncIterable<CompletionEvaluationRow> | Iterable<CompletionEvaluationRow>,
  options: EvaluationOptions = {},
): Promise<EvaluationSummary[]> {
  const grouping = EVALUATION_DIMENSIONS.filter((d) =>
    (options.groupBy ?? EVALUATION_DIMENSIONS).includes(d),
  );
  const z = options.z ?? 1.96;
  const groups = new Map<string, EvaluationTally>();
  const total = createTally(labelOf(null, []));
  for await (const row of rows) {
    const evaluation = evaluateRow(row);
    addToTally(total, evaluation);
    if (grouping.length === 0) continue;
    const key = groupKey(row, grouping);
    let tally = groups.get(key);
    if (!tally) groups.set(key, (tally = createTally(labelOf(row, grouping))));
    addToTally(tally, evaluation);
  }
  const ordered = [...groups.values()].sort((a, b) => compareLabels(a.label, b.label));
  return [...ordered.map((t) => summarizeTally(t, grouping, z)), summarizeTally(total, [], z)];
}

function groupKey(row: CompletionEvaluationRow, grouping: readonly EvaluationDimension[]): string {
  const ids = { model: row.modelId, language: row.languageId, trigger: row.triggerTypeId };
  return grouping.map((d) => String(ids[d])).join('/');
}

function labelOf(row: CompletionEvaluationRow | null, grouping: readonly EvaluationDimension[]): GroupLabel {
  const model = row !== null && grouping.includes('model');
  const language = row !== null && grouping.includes('language');
  const trigger = row !== null && grouping.includes('trigger');
  return {
    modelId: model ? row.modelId : null,
    modelName: model ? row.modelName : null,
    languageId: language ? row.languageId : null,
    languageName: language ? row.languageName : null,
    triggerTypeId: trigger ? row.triggerTypeId : null,
    triggerTypeName: trigger ? row.triggerTypeName : null,
  };
}

function compareLabels(a: GroupLabel, b: GroupLabel): number {
  const byId = (x: number | null, y: number | null) =>
    x === y ? 0 : x === null ? 1 : y === null ? -1 : x - y;
  return (
    byId(a.modelId, b.modelId) || byId(a.languageId, b.languageId) || byId(a.triggerTypeId, b.triggerTypeId)
  );
}
