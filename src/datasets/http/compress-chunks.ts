// Compresses a byte stream with node:zlib (gzip, or brotli at quality 5: the default 11 is far too slow to
// stream). Pull-based end to end: zlib's buffers fill, then the source is not read until the consumer reads.
import { Readable, pipeline } from 'node:stream';
import { constants, createBrotliCompress, createGzip, type BrotliCompress, type Gzip } from 'node:zlib';
import type { ContentCoding } from './content-encoding.js';

export const BROTLI_QUALITY = 5;

export async function* compressChunks(
  chunks: AsyncIterable<Uint8Array>,
  coding: ContentCoding,
): AsyncGenerator<Uint8Array> {
  const compressor = createCompressor(coding);
  // Destroying `source` (when the consumer stops early) ends the chunks' iteration, which closes their source.
  const source = Readable.from(chunks, { objectMode: false });
  pipeline(source, compressor, () => undefined); // errors reach us through the compressor's iteration
  try {
    for await (const out of compressor as AsyncIterable<Buffer>) yield out;
  } finally {
    compressor.destroy();
    source.destroy();
  }
}

function createCompressor(coding: ContentCoding): Gzip | BrotliCompress {
  if (coding === 'gzip') return createGzip();
  return createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } });
}
