import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import { tableFromIPC } from 'apache-arrow';
import { eventually } from '../../../tests/support/eventually.js';
import { encodeDataset, type DatasetFormat, type DatasetRow } from '../formats/index.js';
import { iterateBatches, sampleBatches, sampleSchema } from '../formats/testing/sample-dataset.js';
import { collectBytes } from '../formats/testing/read-back.js';
import { createDatasetResponse } from './index.js';

interface FakeSource {
  batches: AsyncIterable<readonly DatasetRow[]>;
  pulled: () => number;
  closed: () => boolean;
}

/**
 * An endless source that records how far it was read and whether its finally ran. Its rows carry 64 KiB of
 * noise per batch, so compression cannot shrink them and socket buffers fill after a few batches.
 */
function endlessSource(): FakeSource {
  let pulled = 0;
  let closed = false;
  async function* batches(): AsyncGenerator<readonly DatasetRow[]> {
    try {
      for (;;) {
        pulled++;
        yield noisyBatch(pulled);
      }
    } finally {
      closed = true;
    }
  }
  return { batches: batches(), pulled: () => pulled, closed: () => closed };
}

function noisyBatch(seed: number): DatasetRow[] {
  let state = seed;
  const noise = (): string => {
    let text = '';
    for (let i = 0; i < 512; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      text += (state >>> 8).toString(36).padStart(5, '0').slice(0, 8);
    }
    return text;
  };
  return Array.from({ length: 16 }, (_, i) => ({
    ...sampleBatches[0]![0],
    id: `${seed}-${i}`,
    note: noise(),
  }));
}

function respond(
  batches: AsyncIterable<readonly DatasetRow[]>,
  init: {
    acceptEncoding?: string;
    signal?: AbortSignal;
    format?: DatasetFormat;
    onError?: (e: unknown) => void;
  } = {},
): Response {
  const headers = init.acceptEncoding === undefined ? undefined : { 'Accept-Encoding': init.acceptEncoding };
  const request = new Request('http://localhost/api/datasets/sample', { headers, signal: init.signal });
  return createDatasetResponse({
    request,
    format: init.format ?? 'arrow',
    schema: sampleSchema,
    batches,
    streamSequence: 1234n,
    fileName: 'sample-1234',
    onError: init.onError,
  });
}

const plainArrow = (): Promise<Buffer> =>
  collectBytes(encodeDataset('arrow', sampleSchema, iterateBatches(), { stream_sequence: '1234' }));

describe('a dataset response', () => {
  it('carries the media type, the stream sequence, the file name and no encoding unless asked', async () => {
    const response = respond(iterateBatches());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    expect(response.headers.get('x-stream-sequence')).toBe('1234');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="sample-1234.arrows"');
    expect(response.headers.get('content-encoding')).toBeNull();
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(await plainArrow())).toBe(true);
    expect(tableFromIPC(bytes).schema.metadata.get('stream_sequence')).toBe('1234');
  });

  it('names the file with the format extension and nothing unsafe', () => {
    const request = new Request('http://localhost/');
    const response = createDatasetResponse({
      request,
      format: 'csv',
      schema: sampleSchema,
      batches: iterateBatches(),
      streamSequence: 1,
      fileName: '../evil"\r\nname',
    });
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="_evil_name.csv"');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
  });

  it('is gzip when the client asks for gzip, and decodes to the same bytes', async () => {
    const response = respond(iterateBatches(), { acceptEncoding: 'gzip' });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toBe('Origin, Accept-Encoding');
    expect(gunzipSync(Buffer.from(await response.arrayBuffer())).equals(await plainArrow())).toBe(true);
  });

  it('is br when the client lists both with equal weight, and decodes to the same bytes', async () => {
    const response = respond(iterateBatches(), { acceptEncoding: 'gzip, deflate, br' });
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await response.arrayBuffer())).equals(await plainArrow())).toBe(
      true,
    );
  });

  it('reads the source only as the client reads', async () => {
    const source = endlessSource();
    const reader = respond(source.batches).body!.getReader();
    await reader.read(); // the schema message
    await reader.read(); // the first batch
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(source.pulled()).toBe(1);
    await reader.cancel();
  });

  it.each([undefined, 'br', 'gzip'])(
    'closes the source when the consumer cancels mid-stream (encoding %s)',
    async (acceptEncoding) => {
      const source = endlessSource();
      const reader = respond(source.batches, { acceptEncoding }).body!.getReader();
      await reader.read();
      await reader.read();
      await reader.cancel();
      await eventually(() => expect(source.closed()).toBe(true));
    },
  );

  it('closes the source when the request is aborted', async () => {
    const source = endlessSource();
    const controller = new AbortController();
    const reader = respond(source.batches, { signal: controller.signal }).body!.getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    await eventually(() => expect(source.closed()).toBe(true));
  });

  it('errors the body and tells onError when the source fails mid-stream', async () => {
    const failure = new Error('cursor lost');
    async function* failing(): AsyncGenerator<readonly DatasetRow[]> {
      yield sampleBatches[0]!;
      throw failure;
    }
    const errors: unknown[] = [];
    const response = respond(failing(), { format: 'ndjson', onError: (e) => errors.push(e) });
    await expect(response.arrayBuffer()).rejects.toThrow('cursor lost');
    expect(errors).toEqual([failure]);
  });
});

async function* failAfterOneBatch(): AsyncGenerator<readonly DatasetRow[]> {
  yield sampleBatches[0]!;
  throw new Error('cursor lost');
}

describe('a dataset download over HTTP', () => {
  let server: ServerType;
  let baseUrl: string;
  let current: FakeSource | undefined;

  beforeAll(async () => {
    server = serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: (request: Request) => {
        current = endlessSource();
        const acceptEncoding = request.headers.get('accept-encoding') ?? undefined;
        const batches = request.url.endsWith('/failing') ? failAfterOneBatch() : current.batches;
        return respond(batches, { acceptEncoding, signal: request.signal });
      },
    });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each(['identity', 'br'])(
    'closes the source when the client disconnects mid-body (%s)',
    async (encoding) => {
      const controller = new AbortController();
      const response = await fetch(`${baseUrl}/api/datasets/sample`, {
        headers: { 'Accept-Encoding': encoding },
        signal: controller.signal,
      });
      expect(response.headers.get('x-stream-sequence')).toBe('1234');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let received = 0;
      while (received < 64 * 1024) received += (await reader.read()).value?.byteLength ?? 0;
      const source = current!;
      expect(source.closed()).toBe(false);
      controller.abort();
      await eventually(() => expect(source.closed()).toBe(true));
    },
  );

  it('is cut off, not ended, when the source fails after the first bytes, so the client knows', async () => {
    const response = await fetch(`${baseUrl}/api/datasets/failing`, {
      headers: { 'Accept-Encoding': 'identity' },
    });
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
  });
});
