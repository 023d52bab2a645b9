// Builds one Arrow column (Data) from a batch's raw values, straight into typed arrays: exact microsecond
// timestamps (Arrow's builders go through float milliseconds), dictionaries numbered in first-seen order.
import {
  makeData,
  makeVector,
  type Data,
  type DataType,
  type Dictionary,
  type Field,
  type List,
  type Struct,
  type Utf8,
} from 'apache-arrow';
import type { ColumnSpec, ColumnType } from './dataset-schema.js';
import {
  isMissing,
  toArray,
  toBool,
  toEpochMicros,
  toFloat64,
  toInt32,
  toInt64,
  toJsonText,
  toRecord,
  toText,
} from './column-values.js';
import { DatasetValueError } from './dataset-value-error.js';

interface Validity {
  bitmap: Uint8Array | undefined;
  nullCount: number;
}

export function columnData(spec: ColumnSpec, field: Field, values: readonly unknown[]): Data {
  const validity = validityOf(spec, values);
  const kind = spec.type.kind;
  const type = field.type as DataType;
  if (kind === 'list' || kind === 'struct-list') return listData(spec, field.type as List, values, validity);
  if (kind === 'dictionary') return dictionaryData(spec, type as Dictionary, values, validity);
  if (kind === 'string' || kind === 'json') {
    const text = kind === 'json' ? toJsonText : toText;
    const strings = values.map((v) => (isMissing(v) ? '' : text(v, spec.name)));
    return utf8Data(type as Utf8, strings, validity);
  }
  const length = values.length;
  const props = { type, length, ...nulls(validity), data: fixedWidthValues(spec, values) };
  return makeData(props as Parameters<typeof makeData>[0]);
}

function fixedWidthValues(spec: ColumnSpec, values: readonly unknown[]): ArrayBufferView {
  const n = values.length;
  const name = spec.name;
  switch (spec.type.kind) {
    case 'int32':
      return fill(new Int32Array(n), values, (v) => toInt32(v, name));
    case 'float64':
      return fill(new Float64Array(n), values, (v) => toFloat64(v, name));
    case 'int64':
      return fill(new BigInt64Array(n), values, (v) => toInt64(v, name));
    case 'timestamp':
      return fill(new BigInt64Array(n), values, (v) => toEpochMicros(v, name));
    case 'bool':
      return boolBits(values, name);
    default:
      throw new Error(`column ${name}: ${spec.type.kind} is not a fixed-width type`);
  }
}

function fill<T extends { [i: number]: V }, V>(
  out: T,
  values: readonly unknown[],
  convert: (v: unknown) => V,
): T {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!isMissing(v)) out[i] = convert(v);
  }
  return out;
}

function boolBits(values: readonly unknown[], name: string): Uint8Array {
  const bits = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!isMissing(v) && toBool(v, name)) bits[i >> 3]! |= 1 << (i & 7);
  }
  return bits;
}

function validityOf(spec: ColumnSpec, values: readonly unknown[]): Validity {
  let bitmap: Uint8Array | undefined;
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (!isMissing(values[i])) continue;
    if (!spec.nullable) throw new DatasetValueError(spec.name, 'a value (the column is not nullable)', null);
    bitmap ??= allValid(values.length);
    bitmap[i >> 3]! &= ~(1 << (i & 7));
    nullCount++;
  }
  return { bitmap, nullCount };
}

// Bits past the length stay 0, so the padding is the same whatever the batch.
function allValid(length: number): Uint8Array {
  const bitmap = new Uint8Array((length + 7) >> 3).fill(0xff);
  if (length % 8 !== 0) bitmap[bitmap.length - 1] = (1 << (length % 8)) - 1;
  return bitmap;
}

function utf8Data(type: Utf8, strings: readonly string[], validity: Validity): Data<Utf8> {
  const valueOffsets = new Int32Array(strings.length + 1);
  let total = 0;
  for (let i = 0; i < strings.length; i++) {
    total += Buffer.byteLength(strings[i]!, 'utf8');
    valueOffsets[i + 1] = total;
  }
  const bytes = Buffer.alloc(total);
  for (let i = 0; i < strings.length; i++) bytes.write(strings[i]!, valueOffsets[i]!, 'utf8');
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset, total);
  return makeData({ type, length: strings.length, ...nulls(validity), valueOffsets, data });
}

function dictionaryData(
  spec: ColumnSpec,
  type: Dictionary,
  values: readonly unknown[],
  validity: Validity,
): Data {
  const positions = new Map<string, number>();
  const indices = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    const text = toText(v, spec.name);
    let position = positions.get(text);
    if (position === undefined) positions.set(text, (position = positions.size));
    indices[i] = position;
  }
  const dictionary = makeVector(utf8Data(type.dictionary as Utf8, [...positions.keys()], noNulls()));
  return makeData({ type, length: values.length, ...nulls(validity), data: indices, dictionary });
}

function listData(spec: ColumnSpec, type: List, values: readonly unknown[], validity: Validity): Data {
  const valueOffsets = new Int32Array(values.length + 1);
  const items: unknown[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!isMissing(v)) for (const item of toArray(v, spec.name)) items.push(item);
    valueOffsets[i + 1] = items.length;
  }
  const child = itemData(spec, type.children[0]!, items);
  return makeData({ type, length: values.length, ...nulls(validity), valueOffsets, child });
}

function itemData(spec: ColumnSpec, itemField: Field, items: readonly unknown[]): Data {
  const name = `${spec.name}[]`;
  if (spec.type.kind === 'list') {
    const itemType: ColumnType = { kind: spec.type.of };
    return columnData({ name, type: itemType, nullable: true, description: '' }, itemField, items);
  }
  if (spec.type.kind !== 'struct-list') throw new Error(`column ${spec.name} is not a list`);
  const records = items.map((item) => toRecord(item, name));
  const struct = itemField.type as Struct;
  const children = spec.type.fields.map((fieldSpec, i) =>
    columnData(
      { ...fieldSpec, name: `${name}.${fieldSpec.name}` },
      struct.children[i]!,
      records.map((record) => record[fieldSpec.name]),
    ),
  );
  return makeData({ type: struct, length: records.length, nullCount: 0, children });
}

function nulls(validity: Validity): { nullCount: number; nullBitmap?: Uint8Array } {
  return validity.bitmap === undefined
    ? { nullCount: 0 }
    : { nullCount: validity.nullCount, nullBitmap: validity.bitmap };
}

function noNulls(): Validity {
  return { bitmap: undefined, nullCount: 0 };
}
