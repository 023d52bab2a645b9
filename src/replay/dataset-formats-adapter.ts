// TEMPORARY THIN ADAPTER, to be replaced by src/datasets/formats (another part of issue 9, not on main yet):
// the shared dataset-column interface, copied from the brief, and an `encodeDataset` with the same
// signature that writes only Arrow IPC streams of the column kinds the replay uses. Delete this file and
// import from '../datasets/formats/index.js' once that library is merged.
import {
  AsyncByteQueue,
  Dictionary,
  Field,
  Int32,
  Int64,
  makeBuilder,
  makeData,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  TimestampMicrosecond,
  Utf8,
  type Data,
  type DataType,
} from 'apache-arrow';

export type ColumnType =
  | { kind: 'string' }
  | { kind: 'dictionary' }
  | { kind: 'int32' }
  | { kind: 'int64' }
  | { kind: 'float64' }
  | { kind: 'bool' }
  | { kind: 'timestamp' }
  | { kind: 'json' }
  | { kind: 'list'; of: 'float64' | 'string' | 'timestamp' }
  | { kind: 'struct-list'; fields: readonly ColumnSpec[] };
export interface ColumnSpec {
  name: string;
  type: ColumnType;
  nullable: boolean;
  description: string;
}
export interface DatasetSchema {
  name: string;
  description: string;
  columns: readonly ColumnSpec[];
}
export type DatasetRow = Record<string, unknown>;
export type DatasetFormat = 'arrow' | 'parquet' | 'ndjson' | 'csv';

/** Dictionary ids are given (the column's index): Arrow's default, a global counter, differs per encode. */
function arrowType(type: ColumnType, index: number): DataType {
  switch (type.kind) {
    case 'string':
    case 'json':
      return new Utf8();
    case 'dictionary':
      return new Dictionary(new Utf8(), new Int32(), index);
    case 'int32':
      return new Int32();
    case 'int64':
      return new Int64();
    case 'timestamp':
      return new TimestampMicrosecond('UTC');
    default:
      throw new Error(`the replay's adapter does not encode ${type.kind} columns`);
  }
}

function cell(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type.kind === 'json') return JSON.stringify(value);
  if (type.kind === 'int64') return BigInt(value as number);
  if (type.kind === 'timestamp') return new Date(value as string | Date).getTime();
  return value;
}

function arrowSchema(schema: DatasetSchema, metadata: Record<string, string>): Schema {
  const fields = schema.columns.map(
    (c, i) => new Field(c.name, arrowType(c.type, i), c.nullable, new Map([['description', c.description]])),
  );
  return new Schema(fields, new Map(Object.entries({ description: schema.description, ...metadata })));
}

function recordBatch(schema: Schema, columns: readonly ColumnSpec[], rows: readonly DatasetRow[]) {
  const children = columns.map((c, i): Data => {
    const field = schema.fields[i] as Field<DataType>;
    const builder = makeBuilder({ type: field.type, nullValues: [null] });
    for (const row of rows) builder.append(cell(c.type, row[c.name]));
    return builder.finish().flush() as Data;
  });
  const type = new Struct(schema.fields);
  return new RecordBatch(schema, makeData({ type, length: rows.length, nullCount: 0, children }));
}

/** Keeps what the writer writes so each batch's bytes can be taken (Arrow's own queue only grows). */
class ChunkCollector extends AsyncByteQueue {
  private chunks: Uint8Array[] = [];

  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.chunks.push(value.slice());
  }

  take(): Uint8Array {
    const out = Buffer.concat(this.chunks);
    this.chunks = [];
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
}

/** Encodes row batches (in order) into Arrow IPC stream bytes, one message group per batch, as pulled. */
export async function* encodeDataset(
  format: DatasetFormat,
  schema: DatasetSchema,
  batches: AsyncIterable<readonly DatasetRow[]>,
  metadata: Record<string, string> = {},
): AsyncGenerator<Uint8Array> {
  if (format !== 'arrow') throw new Error(`the replay's adapter writes only arrow, not ${format}`);
  const arrow = arrowSchema(schema, metadata);
  const sink = new ChunkCollector();
  const writer = new RecordBatchStreamWriter({ autoDestroy: false });
  writer.reset(sink, arrow);
  yield sink.take();
  for await (const rows of batches) {
    writer.write(recordBatch(arrow, schema.columns, rows));
    yield sink.take();
  }
  writer.finish();
  yield sink.take();
}
