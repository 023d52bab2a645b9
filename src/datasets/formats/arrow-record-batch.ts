// Turns one batch of rows into an Arrow RecordBatch of the dataset's Arrow schema, column by column.
import { makeData, RecordBatch, Struct, type Schema } from 'apache-arrow';
import type { DatasetRow, DatasetSchema } from './dataset-schema.js';
import { columnData } from './arrow-column-data.js';

export function toRecordBatch(
  schema: DatasetSchema,
  arrowSchema: Schema,
  rows: readonly DatasetRow[],
): RecordBatch {
  const children = schema.columns.map((column, i) =>
    columnData(
      column,
      arrowSchema.fields[i]!,
      rows.map((row) => row[column.name]),
    ),
  );
  const data = makeData({
    type: new Struct(arrowSchema.fields),
    length: rows.length,
    nullCount: 0,
    children,
  });
  return new RecordBatch(arrowSchema, data);
}
