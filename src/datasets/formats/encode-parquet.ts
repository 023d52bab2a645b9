// Parquet through parquet-wasm's streaming writer (arrow-rs AsyncArrowWriter), fed the same Arrow record batches
// as the Arrow encoder; the Arrow schema is stored in the file, so dictionaries, time zones and descriptions
// survive. zstd, row groups of PARQUET_ROW_GROUP_ROWS rows; bytes flow out as row groups are finished.
import * as pq from 'parquet-wasm';
import type { DatasetRow, DatasetSchema } from './dataset-schema.js';
import type { Schema } from 'apache-arrow';
import { toArrowSchema } from './arrow-schema.js';
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
  let written = 0;
  // parquet-wasm ends a file normally when its input stream errors, which would look like a complete dataset
  // with rows missing: the failure is kept here and thrown before any later byte (the footer) goes out.
  let failure: { error: unknown } | undefined;
  const input = new ReadableStream<pq.RecordBatch>(
    {
      async pull(controller) {
        try {
          const next = await source.next();
          // The writer needs one batch to learn the schema: with no rows at all it gets an empty one.
          if (next.done === true && written > 0) return controller.close();
          const rows = next.done === true ? [] : next.value;
          for (const batch of toWasmBatches(schema, arrowSchema, rows)) controller.enqueue(batch);
          written++;
          if (next.done === true) controller.close();
        } catch (error) {
          failure = { error };
          controller.error(error);
        }
      },
      async cancel() {
        await source.return?.();
      },
    },
    { highWaterMark: 0 },
  );
  const output = (await pq.transformParquetStream(
    input,
    writerProperties(rowGroupRows),
  )) as ReadableStream<Uint8Array>;
  const reader = output.getReader();
  try {
    for (;;) {
      const chunk = await reader.read();
      if (failure !== undefined) throw failure.error;
      if (chunk.done) return;
      yield chunk.value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    await source.return?.();
  }
}

function toWasmBatches(
  schema: DatasetSchema,
  arrowSchema: Schema,
  rows: readonly DatasetRow[],
): pq.RecordBatch[] {
  const table = pq.Table.fromIPCStream(
    singleBatchIpcStream(arrowSchema, toRecordBatch(schema, arrowSchema, rows)),
  );
  try {
    return table.recordBatches();
  } finally {
    table.free();
  }
}

// No setKeyValueMetadata: parquet-wasm keeps those entries in a Rust HashMap whose order changes from one
// file to the next within a process, so the bytes would not repeat. The dataset's metadata is in the Arrow
// schema stored under ARROW:schema instead (pyarrow and polars show it as the schema metadata).
function writerProperties(rowGroupRows: number): pq.WriterProperties {
  return new pq.WriterPropertiesBuilder()
    .setCompression(pq.Compression.ZSTD)
    .setMaxRowGroupSize(rowGroupRows)
    .setCreatedBy('code4me-platform')
    .build();
}
