// Maps a DatasetSchema to its Arrow schema: column descriptions in each field's metadata (`description`), the
// dataset's name, description and caller metadata in the schema metadata. Dictionary ids are numbered in
// column order (not Arrow's global counter), so the same schema always gives the same bytes.
import {
  Dictionary,
  Field,
  Float64,
  Int32,
  Int64,
  List,
  Schema,
  Struct,
  TimestampMicrosecond,
  Utf8,
  Bool,
  type DataType,
} from 'apache-arrow';
import type { ColumnSpec, ColumnType, DatasetSchema, ListItemKind } from './dataset-schema.js';

/** The name of a list's child field, as pyarrow and polars name it. */
export const LIST_ITEM_FIELD = 'item';

export function toArrowSchema(schema: DatasetSchema, metadata: Record<string, string> = {}): Schema {
  const ids = { next: 0 };
  const fields = schema.columns.map((column) => toArrowField(column, ids));
  return new Schema(fields, schemaMetadata(schema, metadata));
}

/** Dataset name and description first, then the caller's entries in key order (stable bytes). */
export function schemaMetadata(schema: DatasetSchema, metadata: Record<string, string>): Map<string, string> {
  const entries = new Map<string, string>([
    ['name', schema.name],
    ['description', schema.description],
  ]);
  for (const key of Object.keys(metadata).sort()) entries.set(key, metadata[key] ?? '');
  return entries;
}

function toArrowField(column: ColumnSpec, ids: { next: number }): Field {
  const type = toArrowType(column.type, ids);
  return new Field(column.name, type, column.nullable, new Map([['description', column.description]]));
}

function toArrowType(type: ColumnType, ids: { next: number }): DataType {
  switch (type.kind) {
    case 'string':
    case 'json':
      return new Utf8();
    case 'dictionary':
      return new Dictionary(new Utf8(), new Int32(), ids.next++);
    case 'int32':
      return new Int32();
    case 'int64':
      return new Int64();
    case 'float64':
      return new Float64();
    case 'bool':
      return new Bool();
    case 'timestamp':
      return new TimestampMicrosecond('UTC');
    case 'list':
      return new List(new Field(LIST_ITEM_FIELD, listItemType(type.of), true));
    case 'struct-list': {
      // Items are never null (a null item is rejected when encoding); fields inside may be.
      const struct = new Struct(type.fields.map((f) => toArrowField(f, ids)));
      return new List(new Field(LIST_ITEM_FIELD, struct, false));
    }
  }
}

function listItemType(kind: ListItemKind): DataType {
  if (kind === 'float64') return new Float64();
  if (kind === 'string') return new Utf8();
  return new TimestampMicrosecond('UTC');
}
