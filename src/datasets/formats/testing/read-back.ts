// Test helpers that read encoded datasets back the way analysts do (apache-arrow for Arrow IPC, DuckDB for
// Parquet) and give rows in one canonical form (timestamps as epoch µs bigints, int64 as bigint), to compare.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import type { ColumnSpec, ColumnType, DatasetRow, DatasetSchema } from '../dataset-schema.js';

export async function collectBytes(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Rows of an apache-arrow Table in canonical form. */
export function canonicalArrowRows(schema: DatasetSchema, table: Table): DatasetRow[] {
  const rows: DatasetRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: DatasetRow = {};
    for (const column of schema.columns) {
      row[column.name] = canonicalArrowValue(column.type, table.getChild(column.name)?.get(i));
    }
    rows.push(row);
  }
  return rows;
}

function canonicalArrowValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'timestamp':
      return BigInt(Math.round((value as number) * 1000));
    case 'list':
      return Array.from(value as Iterable<unknown>, (item) => canonicalArrowValue({ kind: type.of }, item));
    case 'struct-list':
      return Array.from(value as Iterable<{ toJSON(): Record<string, unknown> }>, (item) =>
        canonicalStruct(type.fields, item.toJSON(), canonicalArrowValue),
      );
    default:
      return value;
  }
}

function canonicalStruct(
  fields: readonly ColumnSpec[],
  record: Record<string, unknown>,
  convert: (type: ColumnType, value: unknown) => unknown,
): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, convert(f.type, record[f.name])]));
}

export interface ParquetReadBack {
  rows: DatasetRow[];
  /** column name → DuckDB type, as DESCRIBE says. */
  types: Record<string, string>;
  /** Parquet key-value metadata (the Arrow schema's own entry left out). */
  keyValues: Record<string, string>;
  rowGroups: number;
}

/** Opens Parquet bytes in DuckDB (in memory) and reads types, key-value metadata and canonical rows. */
export async function readParquetWithDuckDb(
  schema: DatasetSchema,
  bytes: Uint8Array,
): Promise<ParquetReadBack> {
  const dir = await mkdtemp(join(tmpdir(), 'c4m-parquet-'));
  const path = join(dir, `${schema.name}.parquet`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await writeFile(path, bytes);
    const file = `'${path}'`;
    const describe = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${file})`);
    const types = Object.fromEntries(
      describe.getRowObjectsJS().map((r) => [r.column_name as string, r.column_type as string]),
    );
    const kv = await connection.runAndReadAll(
      `SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata(${file}) WHERE decode(key) <> 'ARROW:schema'`,
    );
    const keyValues = Object.fromEntries(
      kv.getRowObjectsJS().map((r) => [r.key as string, r.value as string]),
    );
    const groups = await connection.runAndReadAll(
      `SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata(${file})`,
    );
    const select = schema.columns
      .map((c) => `${canonicalSql(c.type, quote(c.name))} AS ${quote(c.name)}`)
      .join(', ');
    const rows = await connection.runAndReadAll(`SELECT ${select} FROM read_parquet(${file})`);
    return {
      rows: rows.getRowObjectsJS(),
      types,
      keyValues,
      rowGroups: Number(groups.getRowsJS()[0]?.[0]),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

function canonicalSql(type: ColumnType, expr: string): string {
  if (type.kind === 'timestamp') return `epoch_us(${expr})`;
  if (type.kind === 'list' && type.of === 'timestamp') return `list_transform(${expr}, x -> epoch_us(x))`;
  if (type.kind !== 'struct-list') return expr;
  const fields = type.fields.map((f) => `${quote(f.name)} := ${canonicalSql(f.type, `s.${quote(f.name)}`)}`);
  return `list_transform(${expr}, s -> struct_pack(${fields.join(', ')}))`;
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
