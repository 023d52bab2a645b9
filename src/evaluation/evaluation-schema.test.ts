// The evaluation dataset's rows match its schema: the same columns in the same order, values of the declared kinds.
import { describe, expect, it } from 'vitest';
import { aggregateEvaluation } from './aggregate-evaluation.js';
import type { CompletionEvaluationRow } from './completion-evaluation-row.js';
import type { ColumnSpec } from '../datasets/formats/index.js';
import { evaluationDatasetRow, evaluationMetadata } from './evaluation-dataset-rows.js';
import { EVALUATION_SCHEMA } from './evaluation-schema.js';

const requestedAt = new Date('2025-03-01T10:00:00Z');
const base: CompletionEvaluationRow = {
  modelId: 1,
  modelName: 'deepseek-coder-1.3b',
  languageId: 2,
  languageName: 'java',
  triggerTypeId: 2,
  triggerTypeName: 'auto',
  completion: 'return x;',
  wasAccepted: true,
  shown: true,
  requestedAt,
  acceptedAt: requestedAt,
  groundTruths: [{ text: 'int f() { return x; }', at: new Date(requestedAt.getTime() + 15_000) }],
};

function matchesKind(column: ColumnSpec, value: unknown): boolean {
  if (value === null) return column.nullable;
  switch (column.type.kind) {
    case 'int32':
    case 'int64':
      return Number.isSafeInteger(value);
    case 'float64':
      return typeof value === 'number' && Number.isFinite(value);
    case 'dictionary':
    case 'string':
      return typeof value === 'string';
    default:
      return false;
  }
}

describe('EVALUATION_SCHEMA', () => {
  it('describes every column of every row, in order, with values of the declared kinds', async () => {
    const summaries = await aggregateEvaluation([base, { ...base, wasAccepted: false, groundTruths: [] }]);
    const names = EVALUATION_SCHEMA.columns.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const summary of summaries) {
      const row = evaluationDatasetRow(summary);
      expect(Object.keys(row)).toEqual(names);
      for (const column of EVALUATION_SCHEMA.columns)
        expect(matchesKind(column, row[column.name]), `${column.name} = ${String(row[column.name])}`).toBe(
          true,
        );
      expect(EVALUATION_SCHEMA.columns.every((c) => c.description.length > 10)).toBe(true);
    }
  });

  it("names the grouping of each row and leaves an ungrouped dimension's id null", async () => {
    const [group, total] = (await aggregateEvaluation([base], { groupBy: ['model', 'trigger'] })).map(
      evaluationDatasetRow,
    );
    expect(group).toMatchObject({
      grouping: 'model,trigger',
      model_id: 1,
      language_id: null,
      trigger_type_id: 2,
    });
    expect(total).toMatchObject({ grouping: 'overall', model_id: null, accepted: 1, snapshots_15s: 1 });
    // "return x;" inside "int f() { return x; }": retained; es = 200·9/(9+21) = 60.
    expect(total).toMatchObject({ exact_match_15s: 0, retained_15s: 100, edit_similarity_15s: 60 });
  });

  it('records the parameters behind the numbers as schema metadata', () => {
    expect(evaluationMetadata()).toMatchObject({
      'c4m.evaluation.z': '1.96',
      'c4m.evaluation.slots': '15s=[0,30) 45s=[30,67.5) 90s=[67.5,135)',
      'c4m.evaluation.max_compared_symbols': '4096',
    });
  });
});
