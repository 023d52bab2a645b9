import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import {
  DATASET_CONTENT_TYPES,
  DATASET_FILE_EXTENSIONS,
  DATASET_FORMATS,
  DatasetFormatSchema,
  parseDatasetFormat,
  UnknownDatasetFormatError,
} from './index.js';

describe('the format query value', () => {
  it('defaults to arrow when absent or empty', () => {
    expect(parseDatasetFormat(undefined)).toBe('arrow');
    expect(parseDatasetFormat(null)).toBe('arrow');
    expect(parseDatasetFormat(' ')).toBe('arrow');
  });

  it('accepts every format in any case', () => {
    for (const format of DATASET_FORMATS) expect(parseDatasetFormat(format.toUpperCase())).toBe(format);
  });

  it('rejects anything else with a 400 that lists the choices', () => {
    const attempt = (): unknown => parseDatasetFormat('xlsx');
    expect(attempt).toThrow(UnknownDatasetFormatError);
    expect(attempt).toThrow('Unknown format "xlsx": choose one of arrow, parquet, ndjson, csv.');
    try {
      attempt();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(400);
      expect((err as AppError).code).toBe('unknown_dataset_format');
    }
  });

  it('has a zod schema with the same choices for route definitions', () => {
    expect(DatasetFormatSchema.options).toEqual([...DATASET_FORMATS]);
    expect(DatasetFormatSchema.safeParse('json').success).toBe(false);
  });
});

describe('per-format HTTP facts', () => {
  it('name the Arrow stream media type and extension, and one for each format', () => {
    expect(DATASET_CONTENT_TYPES.arrow).toBe('application/vnd.apache.arrow.stream');
    expect(DATASET_FILE_EXTENSIONS.arrow).toBe('.arrows');
    expect(Object.keys(DATASET_CONTENT_TYPES)).toEqual([...DATASET_FORMATS]);
    expect(Object.keys(DATASET_FILE_EXTENSIONS)).toEqual([...DATASET_FORMATS]);
  });
});
