// One pass over a stretch of the stream for several read models at once: each message is read once, decoded
// at most once, and offered to every read model's loader in stream order.
import type { JetStreamClient } from '@nats-io/jetstream';
import { readStreamRange, readStreamRangeEach } from '../../src/bus/read-stream-range.js';
import type { ErasedUsers } from '../../events/index.js';
import { DecodedBatch, DecodeOnce } from './decode-once.js';
import type { ShadowLoader } from './shadow-loaders.js';

export interface StreamPass {
  js: JetStreamClient;
  streamName: string;
  from: number;
  to: number;
  loaders: readonly ShadowLoader[];
  /** Called after each batch (or each 1,000 messages): sequences covered so far out of the range's length. */
  onProgress?: (done: number, total: number) => void;
  /** Checked as often as onProgress; an aborted pass throws the signal's reason. */
  signal?: AbortSignal;
  /** The stream's erasures: an erased user's event after their user.erased goes to no bulk fold. */
  erased?: ErasedUsers;
}

const PASS_BATCH = 1_000;

/** Returns the number of messages read. */
export async function runStreamPass(pass: StreamPass): Promise<number> {
  const total = Math.max(0, pass.to - pass.from + 1);
  pass.onProgress?.(0, total);
  const read = pass.loaders.every((l) => l.offer !== undefined)
    ? await offerEach(pass, total)
    : await takeBatches(pass, total);
  pass.onProgress?.(total, total);
  return read;
}

/** Every loader folds in memory: each message goes to them as it arrives, with no batch in between. */
function offerEach(pass: StreamPass, total: number): Promise<number> {
  const slot = new DecodeOnce(pass.erased);
  const loaders = pass.loaders;
  let sinceReport = 0;
  return readStreamRangeEach(pass.js, pass.streamName, pass, (message) => {
    slot.set(message);
    for (let i = 0; i < loaders.length; i++) loaders[i]!.offer!(slot);
    if (++sinceReport < PASS_BATCH) return;
    sinceReport = 0;
    pass.signal?.throwIfAborted();
    pass.onProgress?.(Math.min(total, message.seq - pass.from + 1), total);
  });
}

/** Some loader writes as it goes (applyBatch): batches, each taken by every loader before the next. */
async function takeBatches(pass: StreamPass, total: number): Promise<number> {
  let read = 0;
  for await (const messages of readStreamRange(pass.js, pass.streamName, pass, PASS_BATCH)) {
    const batch = new DecodedBatch(messages, pass.erased);
    await Promise.all(pass.loaders.map((loader) => loader.take(batch)));
    pass.signal?.throwIfAborted();
    read += messages.length;
    pass.onProgress?.(Math.min(total, messages.at(-1)!.seq - pass.from + 1), total);
  }
  return read;
}
