// Normalises row values to their column's type (the same conversions for every format, so Arrow, Parquet,
// NDJSON and CSV hold the same values): timestamps to epoch microseconds, int64 to bigint, and so on.
import { DatasetValueError } from './dataset-value-error.js';

const FRACTION = /[T ]\d{2}:\d{2}:\d{2}\.(\d+)/;
const INTEGER = /^-?\d+$/;

/** Epoch microseconds of a Date, an ISO-8601 string (microseconds kept) or epoch milliseconds. */
export function toEpochMicros(value: unknown, column: string): bigint {
  const [ms, micros] = epochParts(value, column);
  return BigInt(ms) * 1000n + BigInt(micros);
}

/** ISO-8601 UTC as Date.toISOString writes it, with six fraction digits when microseconds are set. */
export function formatTimestamp(value: unknown, column: string): string {
  const [ms, micros] = epochParts(value, column);
  const iso = new Date(ms).toISOString();
  return micros === 0 ? iso : `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

/** [epoch milliseconds, microseconds within the millisecond (0-999)]. */
function epochParts(value: unknown, column: string): [number, number] {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isFinite(ms)) return [ms, 0];
  } else if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return [ms, subMillisecondMicros(value)];
  } else if (typeof value === 'number' && Number.isSafeInteger(value)) {
    return [value, 0];
  }
  throw new DatasetValueError(column, 'a timestamp (Date, ISO-8601 string or epoch milliseconds)', value);
}

// Date.parse keeps milliseconds; PostgreSQL's timestamptz text has microseconds (digits 4 to 6).
function subMillisecondMicros(text: string): number {
  const digits = FRACTION.exec(text)?.[1];
  if (digits === undefined || digits.length <= 3) return 0;
  return Number(digits.slice(3, 6).padEnd(3, '0'));
}

export function toInt64(value: unknown, column: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && INTEGER.test(value)) return BigInt(value);
  throw new DatasetValueError(column, 'an int64 (bigint, safe integer or decimal string)', value);
}

export function toInt32(value: unknown, column: string): number {
  const n = typeof value === 'string' && INTEGER.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= -2147483648 && n <= 2147483647) return n;
  throw new DatasetValueError(column, 'an int32', value);
}

export function toFloat64(value: unknown, column: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw new DatasetValueError(column, 'a float64 (number or numeric string)', value);
}

export function toBool(value: unknown, column: string): boolean {
  if (typeof value === 'boolean') return value;
  throw new DatasetValueError(column, 'a boolean', value);
}

/** Strings as they are; numbers and bigints (ids read as numbers) as their decimal text. */
export function toText(value: unknown, column: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new DatasetValueError(column, 'a string', value);
}

export function toJsonText(value: unknown, column: string): string {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text;
  } catch {
    // bigint or a cycle: reported below like any value that is not JSON
  }
  throw new DatasetValueError(column, 'a JSON value', value);
}

export function toArray(value: unknown, column: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw new DatasetValueError(column, 'an array', value);
}

export function toRecord(value: unknown, column: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw new DatasetValueError(column, 'an object', value);
}

export function isMissing(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}
