// The HTTP answer for a dataset download: the encoded rows streamed as the client reads them, compressed when
// the client asks (br or gzip), with the headers an analyst's tool needs; the rows' source is closed when the
// client disconnects or cancels. Independent of Hono: it takes a Request and returns a Response.
import {
  DATASET_CONTENT_TYPES,
  DATASET_FILE_EXTENSIONS,
  encodeDataset,
  type DatasetFormat,
  type DatasetRow,
  type DatasetSchema,
} from '../formats/index.js';
import { compressChunks } from './compress-chunks.js';
import { negotiateContentCoding } from './content-encoding.js';
import { createPullBody } from './pull-body.js';

export const STREAM_SEQUENCE_HEADER = 'X-Stream-Sequence';
/** The metadata key (Arrow schema, Parquet key-value) that carries the stream sequence too. */
export const STREAM_SEQUENCE_METADATA_KEY = 'stream_sequence';

export interface DatasetResponseInput {
  /** For Accept-Encoding and its AbortSignal (a disconnect stops the source). */
  request: Request;
  format: DatasetFormat;
  schema: DatasetSchema;
  batches: AsyncIterable<readonly DatasetRow[]>;
  /** The stream sequence the rows are consistent with. */
  streamSequence: number | bigint;
  /** The download's name; the format's extension is added unless it ends with it already. */
  fileName: string;
  metadata?: Record<string, string>;
  /** Told about a failure while streaming (the response has started: the client sees a cut-off body). */
  onError?: (err: unknown) => void;
}

export function createDatasetResponse(input: DatasetResponseInput): Response {
  const sequence = String(input.streamSequence);
  const metadata = { ...input.metadata, [STREAM_SEQUENCE_METADATA_KEY]: sequence };
  const coding = negotiateContentCoding(input.request.headers.get('accept-encoding'));
  const encoded = encodeDataset(input.format, input.schema, input.batches, metadata);
  const chunks = coding === undefined ? encoded : compressChunks(encoded, coding);
  const body = createPullBody(chunks, { signal: input.request.signal, onError: input.onError });
  const headers = new Headers({
    'Content-Type': DATASET_CONTENT_TYPES[input.format],
    'Content-Disposition': contentDisposition(input.fileName, DATASET_FILE_EXTENSIONS[input.format]),
    [STREAM_SEQUENCE_HEADER]: sequence,
    // Origin too: the API's CORS varies every answer by it (src/api/middleware/cors.ts), and a Vary the answer
    // sets replaces the one set ahead of the route (preset-headers.ts).
    Vary: 'Origin, Accept-Encoding',
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (coding !== undefined) headers.set('Content-Encoding', coding);
  return new Response(body, { status: 200, headers });
}

/** `attachment; filename="…"`, the name reduced to [A-Za-z0-9._-]: no header injection, no path. */
export function contentDisposition(fileName: string, extension: string): string {
  const safe = fileName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '') || 'dataset';
  const name = safe.endsWith(extension) ? safe : `${safe}${extension}`;
  return `attachment; filename="${name}"`;
}
