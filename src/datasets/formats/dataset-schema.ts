// The shared description of a dataset's columns: every dataset (and the replay's Arrow output) states its
// columns with these types, and every encoder (Arrow, Parquet, NDJSON, CSV) maps them the same way.

export type ListItemKind = 'float64' | 'string' | 'timestamp';

export type ColumnType =
  /** Utf8. */
  | { kind: 'string' }
  /** A low-cardinality string: Arrow Dictionary<Int32, Utf8>, one dictionary per record batch. */
  | { kind: 'dictionary' }
  | { kind: 'int32' }
  /** Values: bigint, a safe integer number, or a decimal string (PostgreSQL's int8). */
  | { kind: 'int64' }
  | { kind: 'float64' }
  | { kind: 'bool' }
  /** Arrow Timestamp(MICROSECOND, 'UTC'); values Date | ISO-8601 string | epoch milliseconds | null. */
  | { kind: 'timestamp' }
  /** Any JSON value, written as its JSON text (Utf8); NDJSON embeds the value itself. */
  | { kind: 'json' }
  | { kind: 'list'; of: ListItemKind }
  /** A list of structs, e.g. ground-truth snapshots; values are arrays of objects keyed by field name. */
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

/** One row, keyed by column name. */
export type DatasetRow = Record<string, unknown>;

export const DATASET_FORMATS = ['arrow', 'parquet', 'ndjson', 'csv'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];
