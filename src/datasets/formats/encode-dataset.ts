// The one entry for encoding a dataset: row batches in, the format's bytes out, pulled as the consumer reads.
import type { DatasetFormat, DatasetRow, DatasetSchema } from './dataset-schema.js';
import { encodeArrow } from './encode-arrow.js';
import { encodeCsv } from './encode-csv.js';
import { encodeNdjson } from './encode-ndjson.js';
import { encodeParquet } from './encode-parquet.js';

export interface EncodeOptions {
  /** Rows per Parquet row group (default PARQUET_ROW_GROUP_ROWS). */
  parquetRowGroupRows?: number;
}

/**
 * Encodes row batches (in order) into the format's bytes, pulled as the consumer reads (back-pressure).
 * Nothing is read from `batches` before the first pull; ending the iteration early (return()) closes it.
 * `metadata` goes into Arrow's schema metadata and Parquet's key-value metadata (NDJSON and CSV have none).
 */
export function encodeDataset(
  format: DatasetFormat,
  schema: DatasetSchema,
  batches: AsyncIterable<readonly DatasetRow[]>,
  metadata: Record<string, string> = {},
  options: EncodeOptions = {},
): AsyncIterable<Uint8Array> {
  switch (format) {
    case 'arrow':
      return encodeArrow(schema, batches, metadata);
    case 'parquet':
      return encodeParquet(schema, batches, metadata, options.parquetRowGroupRows);
    case 'ndjson':
      return encodeNdjson(schema, batches);
    case 'csv':
      return encodeCsv(schema, batches);
  }
}
