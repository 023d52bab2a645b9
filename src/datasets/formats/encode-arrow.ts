// Arrow IPC stream: the schema message, then per input batch its dictionaries (a replacement dictionary for
// each dictionary column) and one record batch, then the end-of-stream marker; each batch's bytes are made
// when the consumer pulls them. No Arrow buffer compression (docs/datasets.md says why).
import type { DatasetRow, DatasetSchema } from './dataset-schema.js';
import { toArrowSchema } from './arrow-schema.js';
import { toRecordBatch } from './arrow-record-batch.js';
import { createIpcStreamWriter } from './arrow-ipc-writer.js';

export async function* encodeArrow(
  schema: DatasetSchema,
  batches: AsyncIterable<readonly DatasetRow[]>,
  metadata: Record<string, string> = {},
): AsyncGenerator<Uint8Array> {
  const arrowSchema = toArrowSchema(schema, metadata);
  const writer = createIpcStreamWriter(arrowSchema);
  yield writer.start();
  for await (const rows of batches) yield writer.write(toRecordBatch(schema, arrowSchema, rows));
  yield writer.finish();
}
