// One pass over a stretch of the stream for several read models at once: each message is read once, decoded
// at most once, and offered to every read model's loader in stream order.
import type { JetStreamClient } from '@nats-io/jetstream';
import { readStreamRange } from '../../src/bus/read-stream-range.js';
import { DecodedBatch } from './decode-once.js';
import type { ShadowLoader } from './shadow-loaders.js';

export interface StreamPass {
  js: JetStreamClient;
  streamName: string;
  from: number;
  to: number;
  loaders: readonly ShadowLoader[];
  /** Called after each batch: sequences covered so far out of the range's length. */
  onProgress?: (done: number, total: number) => void;
  /** Checked after each batch; an aborted pass throws the signal's reason. */
  signal?: AbortSignal;
}

const PASS_BATCH = 1_000;

/** Returns the number of messages read. */
export async function runStreamPass(pass: StreamPass): Promise<number> {
  const total = Math.max(0, pass.to - pass.from + 1);
  let read = 0;
  pass.onProgress?.(0, total);
  for await (const messages of readStreamRange(pass.js, pass.streamName, pass, PASS_BATCH)) {
    const batch = new DecodedBatch(messages);
    await Promise.all(pass.loaders.map((loader) => loader.take(batch)));
    pass.signal?.throwIfAborted();
    read += messages.length;
    pass.onProgress?.(Math.min(total, messages.at(-1)!.seq - pass.from + 1), total);
  }
  pass.onProgress?.(total, total);
  return read;
}
