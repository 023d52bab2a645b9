// The completions columns as evaluation rows: every field from its column, JSON snapshot times as Dates, and
// the fallbacks for a missing request time and an unknown model name.
import { describe, expect, it } from 'vitest';
import { toEvaluationRow, toEvaluationRows } from './evaluation-rows.js';

const completionsRow = {
  query_id: 'q',
  model_id: 1,
  model_name: 'test/echo-model',
  language_id: 47,
  language: 'Python',
  trigger_type_id: 2,
  trigger_type: 'auto',
  completion: 'a + b',
  accepted: true,
  shown: true,
  requested_at: new Date('2026-03-01T10:00:00Z'),
  accepted_at: new Date('2026-03-01T10:00:02Z'),
  ground_truths: [{ ground_truth: 'return a + b', truth_timestamp: '2026-03-01T10:00:17.123456+00:00' }],
};

describe('toEvaluationRow', () => {
  it('maps each completions column onto its evaluation field', () => {
    expect(toEvaluationRow(completionsRow)).toEqual({
      modelId: 1,
      modelName: 'test/echo-model',
      languageId: 47,
      languageName: 'Python',
      triggerTypeId: 2,
      triggerTypeName: 'auto',
      completion: 'a + b',
      wasAccepted: true,
      shown: true,
      requestedAt: new Date('2026-03-01T10:00:00Z'),
      acceptedAt: new Date('2026-03-01T10:00:02Z'),
      groundTruths: [{ text: 'return a + b', at: new Date('2026-03-01T10:00:17.123Z') }],
    });
  });

  it('keeps null telemetry null and names a model the lookup does not know by its id', () => {
    const row = toEvaluationRow({
      ...completionsRow,
      model_id: 9,
      model_name: null,
      language_id: null,
      language: null,
      trigger_type_id: null,
      trigger_type: null,
      accepted: false,
      accepted_at: null,
      ground_truths: [],
    });
    expect(row).toMatchObject({ modelName: 'model 9', languageId: null, triggerTypeName: null });
    expect(row).toMatchObject({ wasAccepted: false, acceptedAt: null, groundTruths: [] });
  });

  it('ages from the acceptance when the request time is missing, and from no valid time when both are', () => {
    expect(toEvaluationRow({ ...completionsRow, requested_at: null }).requestedAt).toEqual(
      completionsRow.accepted_at,
    );
    const neither = toEvaluationRow({ ...completionsRow, requested_at: null, accepted_at: null });
    expect(Number.isNaN(neither.requestedAt.getTime())).toBe(true);
  });
});

describe('toEvaluationRows', () => {
  it('flattens the batches in order', async () => {
    async function* batches() {
      yield [completionsRow, { ...completionsRow, model_id: 2 }];
      yield [{ ...completionsRow, model_id: 3 }];
    }
    const ids: number[] = [];
    for await (const row of toEvaluationRows(batches())) ids.push(row.modelId);
    expect(ids).toEqual([1, 2, 3]);
  });
});
