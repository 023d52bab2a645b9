// Parquet through parquet-wasm's streaming writer (arrow-rs AsyncArrowWriter): each input batch goes to it as
// an Arrow record batch of the same Arrow schema (stored in the file, so dictionaries, time zones and field
// descriptions survive), row groups of at most PARQUET_ROW_GROUP_ROWS rows (unless told), zstd; bytes flow out per row group.
import * as pq from 'parquet-wasm';
import type { DatasetRow, DatasetSchema } from './dataset-schema.js';
import { schemaMetadata, toArrowSchema } from './arrow-schema.js';
import { toRecordBatch } from './arrow-record-batch.js';
import { singleBatchIpcStream } from './arrow-ipc-writer.js';

export const PARQUET_ROW_GROUP_ROWS = 65_536;

export async function* encodeParquet(
  schema: DatasetSchema,
  batches: AsyncIterable<readonly DatasetRow[]>,
  metadata: Record<string, string> = {},
  rowGroupRows = PARQUET_ROW_GROUP_ROWS,
): AsyncGenerator<Uint8Array> {
  const arrowSchema = toArrowSchema(schema, metadata);
  const source = batches[Symbol.asyncIterator]();
  const input = new ReadableStream<pq.RecordBatch>(
    {
      async pull(controller) {
        const next = await source.next();
        if (next.done === true) return controller.close();
        const table = pq.Table.fromIPCStream(singleBatchIpcStream(arrowSchema, toRecordBatch(schema, arrowSchema, next.value)));
        for (const batch of table.recordBatches()) controller.enqueue(batch);
        table.free();
      },
      async cancel() {
        await source.return?.();
      },
    },
    { highWaterMark: 0 },
  );
  const output = (await pq.transformParquetStream(input, writerProperties(schema, metadata, rowGroupRows))) as ReadableStream<Uint8Array>;
  const reader = output.getReader();
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      yield chunk.value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    await source.return?.();
  }
}

function writerProperties(
  schema: DatasetSchema,
  metadata: Record<string, string>,
  rowGroupRows: number,
): pq.WriterProperties {
  return new pq.WriterPropertiesBuilder()
    .setCompression(pq.Compression.ZSTD)
    .setMaxRowGroupSize(rowGroupRows)
    .setCreatedBy('code4me-platform')
    .setKeyValueMetadata(schemaMetadata(schema, metadata))
    .build();
}
