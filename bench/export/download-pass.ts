// Passes `rows`, `arrow`, `parquet`, `ndjson` and `csv`: the completions dataset as GET /api/datasets/completions
// serves it, without the socket: its row source (the cursor over its SELECT, the lookup names) at the pin,
// then for a format createDatasetResponse (encodeDataset, the pull-based body) read to its end. The pin is
// given (the route would read it from the read models' checkpoints and the stream, which the bench lacks).
import {
  describeFilters,
  requireDataset,
  type DatasetSourceDeps,
  type DatasetStream,
} from '../../src/datasets/index.js';
import * as pq from 'parquet-wasm';
import type { DatasetFormat, DatasetRow } from '../../src/datasets/formats/index.js';
import { createDatasetResponse } from '../../src/datasets/http/index.js';
import type { Db } from '../../src/platform/db.js';

export interface DownloadOutcome {
  rows: number;
  bytes: number;
  sourceSeconds: number;
  /**
   * [rows so far, resident set MiB, parquet-wasm's WebAssembly memory MiB] every RSS_EVERY rows: whether
   * memory grows with the rows, and how much of it is the Parquet writer's heap.
   */
  rssMiBByRows: [number, number, number][];
}

const RSS_EVERY = 100_000;

/** The completions dataset reads tables only; any use of the stream would be a surprise worth a failure. */
const noStream = new Proxy({} as DatasetStream, {
  get: (_, key) => {
    throw new Error(`the completions dataset used the event stream (${String(key)})`);
  },
});

export async function downloadCompletions(
  db: Db,
  pin: number,
  format: DatasetFormat | null,
): Promise<DownloadOutcome> {
  const definition = requireDataset('completions');
  const deps: DatasetSourceDeps = { db, stream: noStream };
  const timing = { rows: 0, sourceSeconds: 0, rssMiBByRows: [] as [number, number, number][] };
  const batches = timed(definition.rows(deps, {}, pin), timing);
  if (format === null) {
    for await (const _ of batches);
    return { ...timing, bytes: 0 };
  }
  const response = createDatasetResponse({
    request: new Request('http://127.0.0.1/api/datasets/completions'),
    format,
    schema: definition.schema,
    batches,
    streamSequence: pin,
    fileName: `completions-${pin}`,
    metadata: { ...definition.metadata, filters: describeFilters({}) },
  });
  let bytes = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
  return { ...timing, bytes };
}

/** The batches as they come, with the rows counted, the time spent waiting for each and the RSS now and then. */
async function* timed(
  source: AsyncIterable<DatasetRow[]>,
  timing: Omit<DownloadOutcome, 'bytes'>,
): AsyncGenerator<DatasetRow[]> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const started = performance.now();
      const next = await iterator.next();
      timing.sourceSeconds += (performance.now() - started) / 1000;
      if (next.done === true) return;
      const before = timing.rows;
      timing.rows += next.value.length;
      if (Math.floor(timing.rows / RSS_EVERY) > Math.floor(before / RSS_EVERY)) {
        const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
        // WebAssembly.Memory is not among this project's TypeScript libs.
        const wasm = mib((pq.wasmMemory() as { buffer: ArrayBuffer }).buffer.byteLength);
        timing.rssMiBByRows.push([timing.rows, mib(process.memoryUsage().rss), wasm]);
      }
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}
