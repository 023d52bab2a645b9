// Loads rows into one table with COPY ... FROM STDIN (text format) through pg-copy-streams: the lines come
// already encoded (copy-text.ts), as buffers or strings, and are streamed with back-pressure.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyColumnList, type CopyKind } from './copy-text.js';

/** Streams `lines` into `table` (as the client's search_path finds it); returns the rows PostgreSQL took. */
export async function copyRows(
  client: ClientBase,
  table: string,
  columns: readonly (readonly [string, CopyKind])[],
  lines: Iterable<Buffer | string>,
): Promise<number> {
  const stream = client.query(copyFrom(`COPY "${table}" (${copyColumnList(columns)}) FROM STDIN`));
  await pipeline(Readable.from(lines), stream);
  return stream.rowCount;
}

/** Each item's COPY line, joined into strings of about `bytes` characters so the stream sees few large writes. */
export function* linesOf<T>(
  items: Iterable<T>,
  line: (item: T) => string,
  bytes = 1 << 16,
): Generator<string> {
  let batch = '';
  for (const item of items) {
    batch += line(item);
    if (batch.length >= bytes) {
      yield batch;
      batch = '';
    }
  }
  if (batch.length > 0) yield batch;
}
