import { describe, expect, it } from 'vitest';
import { findDataset } from './catalog/index.js';
import { parseDatasetRequest } from './dataset-request.js';

const completions = findDataset('completions')!;
const sessions = findDataset('sessions')!;
const parse = (params: Record<string, string | string[]>, dataset = completions) =>
  parseDatasetRequest(
    dataset,
    Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])),
  );

describe('reading a download request', () => {
  it('defaults to Arrow, the current pin and no filters', () => {
    expect(parse({})).toEqual({ format: 'arrow', filters: {} });
  });

  it('reads every filter the completions dataset takes into its normal form', () => {
    const request = parse({
      format: 'parquet',
      from: '2026-03-01',
      to: '2026-03-02T12:00:00+02:00',
      model_id: '2',
      language_id: '47',
      trigger_type_id: '1',
      user_id: 'A0B1C2D3-0000-4000-8000-000000000001',
      project_id: 'a0b1c2d3-0000-4000-8000-000000000002',
      as_of_seq: '1234',
    });
    expect(request).toEqual({
      format: 'parquet',
      asOfSeq: 1234,
      filters: {
        from: new Date('2026-03-01T00:00:00Z'),
        to: new Date('2026-03-02T10:00:00Z'),
        model_id: 2,
        language_id: 47,
        trigger_type_id: 1,
        user_id: 'a0b1c2d3-0000-4000-8000-000000000001',
        project_id: 'a0b1c2d3-0000-4000-8000-000000000002',
      },
    });
  });

  it('accepts as_of_seq 0, the pin of an empty stream', () => {
    expect(parse({ as_of_seq: '0' }).asOfSeq).toBe(0);
  });

  it.each([
    [
      { model_id: 'two' },
      'Invalid parameter: model_id: model_id must be a whole number from 0 to 2147483647.',
    ],
    [
      { model_id: '1.5' },
      'Invalid parameter: model_id: model_id must be a whole number from 0 to 2147483647.',
    ],
    [{ user_id: 'alice' }, 'Invalid parameter: user_id: user_id must be a UUID.'],
    [
      { from: 'yesterday' },
      "Invalid parameter: from: 'yesterday' is not an ISO-8601 time with a zone (2026-03-01T10:00:00Z, 2026-03-01T12:00:00+02:00) or a date (2026-03-01).",
    ],
    [
      { from: '2026-03-01T10:00:00' },
      "Invalid parameter: from: '2026-03-01T10:00:00' is not an ISO-8601 time with a zone (2026-03-01T10:00:00Z, 2026-03-01T12:00:00+02:00) or a date (2026-03-01).",
    ],
    [
      { from: '2026-03-02', to: '2026-03-01' },
      'Invalid parameter: the time range is empty: from must be before to.',
    ],
    [
      { as_of_seq: '-1' },
      'Invalid parameter: as_of_seq: as_of_seq must be a whole number from 0 to 9007199254740991.',
    ],
  ])('refuses %j with a message naming the parameter', (params, message) => {
    expect(() => parse(params)).toThrow(message);
  });

  it('refuses a filter the dataset does not take, naming those it takes', () => {
    expect(() => parse({ model_id: '1' }, sessions)).toThrow(
      "The filter 'model_id' does not apply to the sessions dataset; it takes format, as_of_seq, from, to, user_id, project_id.",
    );
  });

  it('refuses an unknown parameter instead of ignoring it', () => {
    expect(() => parse({ modelid: '1' })).toThrow(
      /^Unknown parameter 'modelid'; the completions dataset takes format, as_of_seq, model_id,/,
    );
  });

  it('refuses a parameter given twice', () => {
    expect(() => parse({ model_id: ['1', '2'] })).toThrow(
      "The parameter 'model_id' is given more than once.",
    );
  });

  it('refuses an unknown format with the choices, as a 400', () => {
    expect(() => parse({ format: 'xlsx' })).toThrow(/arrow, parquet, ndjson, csv/);
    try {
      parse({ format: 'xlsx' });
    } catch (err) {
      expect((err as { status: number }).status).toBe(400);
    }
  });
});
