// The catalog as GET /api/datasets lists it: each dataset's description, columns (name, type, nullable,
// description), the filters it takes, the read models that fix its pin, and the formats.
import { datasetCatalog } from './catalog/index.js';
import type { DatasetFilterName } from './dataset-filters.js';
import { DATASET_FORMATS, type ColumnSpec, type ColumnType, type DatasetFormat } from './formats/index.js';

export interface ListedColumn {
  name: string;
  /** e.g. string, int64, timestamp, list<float64>, list<struct<ground_truth: string, …>>. */
  type: string;
  nullable: boolean;
  description: string;
  /** The fields of a list of structs. */
  fields?: ListedColumn[];
}

export interface ListedDataset {
  name: string;
  description: string;
  columns: ListedColumn[];
  filters: Array<DatasetFilterName | 'as_of_seq'>;
  time_column: string;
  read_models: string[];
  formats: DatasetFormat[];
  path: string;
}

export function listDatasets(): ListedDataset[] {
  return datasetCatalog.map((d) => ({
    name: d.schema.name,
    description: d.schema.description,
    columns: d.schema.columns.map(listColumn),
    filters: [...d.filters, 'as_of_seq'],
    time_column: d.timeColumn,
    read_models: [...d.readModels],
    formats: [...DATASET_FORMATS],
    path: `/api/datasets/${d.schema.name}`,
  }));
}

function listColumn(c: ColumnSpec): ListedColumn {
  const listed: ListedColumn = {
    name: c.name,
    type: typeName(c.type),
    nullable: c.nullable,
    description: c.description,
  };
  if (c.type.kind === 'struct-list') listed.fields = c.type.fields.map(listColumn);
  return listed;
}

function typeName(type: ColumnType): string {
  switch (type.kind) {
    case 'dictionary':
      return 'dictionary<int32, string>';
    case 'timestamp':
      return 'timestamp[us, UTC]';
    case 'json':
      return 'string (JSON)';
    case 'list':
      return `list<${type.of === 'timestamp' ? 'timestamp[us, UTC]' : type.of}>`;
    case 'struct-list':
      return `list<struct<${type.fields.map((f) => `${f.name}: ${typeName(f.type)}`).join(', ')}>>`;
    default:
      return type.kind;
  }
}
