// Where a command's bytes go: a file, written to FILE.partial and renamed when complete (a failed or
// interrupted command leaves no half file and keeps an older FILE as it was), or stdout. Chunks are pulled
// only as fast as the destination takes them, so nothing piles up in memory.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CliIo } from './cli-io.js';

/** `-` (or none) is stdout. */
export function isStdout(out: string | undefined): boolean {
  return out === undefined || out === '-';
}

export async function writeToFile(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  signal?: AbortSignal,
): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await pipeline(Readable.from(chunks), createWriteStream(partial, { flush: true }), { signal });
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}

/** Writes to the process's stdout (left open); a text-only stdout (tests in process) gets UTF-8 text. */
export async function writeToStdout(
  chunks: AsyncIterable<Uint8Array>,
  stdout: CliIo['stdout'],
  signal?: AbortSignal,
): Promise<void> {
  const destination =
    stdout instanceof Writable
      ? stdout
      : new Writable({
          decodeStrings: false,
          write(chunk: Uint8Array, _encoding, done) {
            stdout.write(Buffer.from(chunk).toString('utf8'));
            done();
          },
        });
  await pipeline(Readable.from(chunks), destination, { end: false, signal });
}
