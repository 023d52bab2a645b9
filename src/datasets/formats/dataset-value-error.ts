// A row value that does not fit its column's type: a defect in the dataset that produced it, so a 500 (the
// download stops with it; the status is only seen when it happens before the first byte).
import { AppError } from '../../platform/errors.js';

export class DatasetValueError extends AppError {
  constructor(column: string, expected: string, value: unknown) {
    super('dataset_value_invalid', 500, `Column ${column} expects ${expected}, got ${describe(value)}.`);
    this.name = 'DatasetValueError';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'an invalid Date';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return `${typeof value} ${String(value)}`;
  }
  return typeof value;
}
