// Renders each column's values as JSON text (NDJSON's values; CSV's lists, structs and json cells): the same
// normalised values as the Arrow encoder, timestamps as ISO-8601 UTC strings, int64 as exact JSON numbers.
import type { ColumnSpec, ColumnType } from './dataset-schema.js';
import {
  formatTimestamp,
  isMissing,
  toArray,
  toBool,
  toFloat64,
  toInt32,
  toInt64,
  toJsonText,
  toRecord,
  toText,
} from './column-values.js';
import { DatasetValueError } from './dataset-value-error.js';

export type ValueRenderer = (value: unknown) => string;

/** JSON text of one column's value; null (or an error, for a column that is not nullable) when missing. */
export function jsonRenderer(spec: ColumnSpec): ValueRenderer {
  const render = presentJsonRenderer(spec.type, spec.name);
  return (value) => {
    if (!isMissing(value)) return render(value);
    if (!spec.nullable) throw new DatasetValueError(spec.name, 'a value (the column is not nullable)', null);
    return 'null';
  };
}

/** JSON text of a value that is present (not null or undefined). */
export function presentJsonRenderer(type: ColumnType, name: string): ValueRenderer {
  switch (type.kind) {
    case 'string':
    case 'dictionary':
      return (v) => JSON.stringify(toText(v, name));
    case 'int32':
      return (v) => String(toInt32(v, name));
    case 'int64':
      return (v) => toInt64(v, name).toString();
    case 'float64':
      return (v) => finiteOrNull(toFloat64(v, name));
    case 'bool':
      return (v) => (toBool(v, name) ? 'true' : 'false');
    case 'timestamp':
      return (v) => `"${formatTimestamp(v, name)}"`; // ISO text needs no escaping
    case 'json':
      return (v) => toJsonText(v, name);
    case 'list':
      return listRenderer(
        jsonRenderer({ name: `${name}[]`, type: { kind: type.of }, nullable: true, description: '' }),
        name,
      );
    case 'struct-list':
      return listRenderer(objectRenderer(type.fields, `${name}[]`), name);
  }
}

/** `{"a":…,"b":…}` with the keys in column order. */
export function objectRenderer(fields: readonly ColumnSpec[], name: string): ValueRenderer {
  const parts = fields.map((field, i) => ({
    key: field.name,
    prefix: `${i === 0 ? '{' : ','}${JSON.stringify(field.name)}:`,
    render: jsonRenderer({ ...field, name: `${name}.${field.name}` }),
  }));
  return (value) => {
    const record = toRecord(value, name);
    let out = '';
    for (const part of parts) out += part.prefix + part.render(record[part.key]);
    return parts.length === 0 ? '{}' : `${out}}`;
  };
}

function listRenderer(item: ValueRenderer, name: string): ValueRenderer {
  return (value) => `[${toArray(value, name).map(item).join(',')}]`;
}

// JSON has no NaN or Infinity; JSON.stringify writes null for them too.
function finiteOrNull(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}
