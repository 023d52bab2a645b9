// NDJSON: one JSON object per row, keys in column order, `\n` after each; json columns are embedded as values.
import type { DatasetRow, DatasetSchema } from './dataset-schema.js';
import { objectRenderer } from './json-values.js';

export async function* encodeNdjson(
  schema: DatasetSchema,
  batches: AsyncIterable<readonly DatasetRow[]>,
): AsyncGenerator<Uint8Array> {
  const renderRow = objectRenderer(schema.columns, schema.name);
  for await (const rows of batches) {
    let text = '';
    for (const row of rows) text += `${renderRow(row)}\n`;
    yield Buffer.from(text, 'utf8');
  }
}
