// A local copy of the dataset column interface of src/datasets/formats (issue 9's shared interface), which is
// being written beside this room. Once it exists, evaluation-schema.ts imports these types from there instead.
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
