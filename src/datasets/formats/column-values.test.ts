import { describe, expect, it } from 'vitest';
import { formatTimestamp, toEpochMicros, toFloat64, toInt32, toInt64, toText } from './column-values.js';
import { DatasetValueError } from './dataset-value-error.js';

describe('column value normalisation', () => {
  it('keeps the microseconds of PostgreSQL timestamptz text', () => {
    expect(toEpochMicros('2024-03-02 08:15:00.654321+00', 'at')).toBe(1709367300654321n);
    expect(toEpochMicros('2024-03-02T08:15:00.6543Z', 'at')).toBe(1709367300654300n);
    expect(toEpochMicros(new Date('2024-03-02T08:15:00.654Z'), 'at')).toBe(1709367300654000n);
    expect(toEpochMicros(1709367300654, 'at')).toBe(1709367300654000n);
    expect(toEpochMicros('1969-12-31T23:59:59.9995Z', 'at')).toBe(-500n);
  });

  it('writes timestamps as ISO-8601 UTC, with six fraction digits only when microseconds are set', () => {
    expect(formatTimestamp('2024-03-02 10:15:00.654321+02', 'at')).toBe('2024-03-02T08:15:00.654321Z');
    expect(formatTimestamp(new Date('2024-03-02T08:15:00Z'), 'at')).toBe('2024-03-02T08:15:00.000Z');
    expect(formatTimestamp('1969-12-31T23:59:59.9995Z', 'at')).toBe('1969-12-31T23:59:59.999500Z');
  });

  it('rejects what is not a timestamp, naming the column', () => {
    expect(() => toEpochMicros('yesterday', 'requested_at')).toThrow(
      'Column requested_at expects a timestamp (Date, ISO-8601 string or epoch milliseconds), got the string "yesterday".',
    );
    expect(() => toEpochMicros(new Date(Number.NaN), 'at')).toThrow(DatasetValueError);
  });

  it('takes int64 as bigint, safe integer or decimal text, and nothing inexact', () => {
    expect(toInt64('9007199254740993', 'seq')).toBe(9007199254740993n);
    expect(toInt64(42, 'seq')).toBe(42n);
    expect(() => toInt64(1.5, 'seq')).toThrow(DatasetValueError);
    expect(() => toInt64(2 ** 60, 'seq')).toThrow(DatasetValueError);
  });

  it('keeps int32 in range, reads numeric text as float64 and numbers as text for string columns', () => {
    expect(toInt32('-7', 'n')).toBe(-7);
    expect(() => toInt32(2 ** 31, 'n')).toThrow(DatasetValueError);
    expect(toFloat64('0.25', 'c')).toBe(0.25);
    expect(() => toFloat64('', 'c')).toThrow(DatasetValueError);
    expect(toText(12n, 'id')).toBe('12');
    expect(() => toText({}, 'id')).toThrow('Column id expects a string, got an object.');
  });
});
