// Reads a stretch of the event stream once, in order, as fast as the server sends it: an ordered consumer
// (ephemeral, unacknowledged, in memory on the server) from a start sequence up to an end sequence. Rebuilds
// read the stream through it; so will replays.
import { DeliverPolicy, type JetStreamClient, type Consumer } from '@nats-io/jetstream';

/** One stored message: what a projection needs to apply it (structurally a projections StreamMessage). */
export interface RangeMessage {
  seq: number;
  subject: string;
  data: Uint8Array;
}

export interface StreamRange {
  /** First stream sequence to read (1 for the start of the stream). */
  from: number;
  /** Last stream sequence to read; messages after it are not read. */
  to: number;
  /** One subject filter (nats-server 2.9 takes no lists); the whole stream when absent. */
  filter?: string;
}

/** Messages the client asks for at a time; large pulls keep the server streaming. */
const PULL_MESSAGES = 2_000;

/** The ordered consumer of `range`, or null when nothing is pending (an empty range would wait forever). */
async function openRange(js: JetStreamClient, streamName: string, range: StreamRange) {
  if (range.to < range.from) return null;
  const consumer = await js.consumers.get(streamName, {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(range.from, 1),
    ...(range.filter ? { filter_subjects: range.filter } : {}),
  });
  if ((await consumer.info(true)).num_pending > 0) return consumer;
  await closeRange(consumer);
  return null;
}

async function closeRange(consumer: Consumer): Promise<void> {
  await consumer.delete().catch(() => undefined); // it would expire on its own after 5 minutes
}

/**
 * The messages of `range` in stream order, in batches of at most `batchSize`. Stops at `to`, or earlier
 * when the stream holds nothing more (deleted messages leave gaps, so `to` itself may be missing).
 */
export async function* readStreamRange(
  js: JetStreamClient,
  streamName: string,
  range: StreamRange,
  batchSize = 1_000,
): AsyncGenerator<RangeMessage[]> {
  const consumer = await openRange(js, streamName, range);
  if (!consumer) return;
  try {
    const messages = await consumer.consume({ max_messages: PULL_MESSAGES });
    try {
      let batch: RangeMessage[] = [];
      for await (const m of messages) {
        if (m.seq > range.to) break;
        batch.push({ seq: m.seq, subject: m.subject, data: m.data });
        const last = m.seq >= range.to || m.info.pending === 0;
        if (batch.length >= batchSize || last) {
          yield batch;
          batch = [];
        }
        if (last) break;
      }
      if (batch.length > 0) yield batch;
    } finally {
      messages.stop();
    }
  } finally {
    await closeRange(consumer);
  }
}

/**
 * The messages of `range` handed to `onMessage` one at a time, in stream order, as the client receives them
 * (the consumer's callback mode: no batch arrays, no promise per message). The same end as readStreamRange;
 * a throwing `onMessage` stops the read and rejects with its error. `data` is a view into the client's read
 * buffer: copy it to keep it past the call. Resolves with the number of messages handed over.
 */
export async function readStreamRangeEach(
  js: JetStreamClient,
  streamName: string,
  range: StreamRange,
  onMessage: (m: RangeMessage) => void,
): Promise<number> {
  const consumer = await openRange(js, streamName, range);
  if (!consumer) return 0;
  let seen = 0;
  let ended = false;
  let settle!: { resolve: () => void; reject: (err: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const end = (err?: unknown) => {
    ended = true;
    if (err === undefined) settle.resolve();
    else settle.reject(err);
  };
  try {
    const messages = await consumer.consume({
      max_messages: PULL_MESSAGES,
      callback: (m) => {
        if (ended) return;
        if (m.seq > range.to) return end();
        try {
          onMessage({ seq: m.seq, subject: m.subject, data: m.data });
        } catch (err) {
          return end(err);
        }
        seen += 1;
        if (m.seq >= range.to || m.info.pending === 0) end();
      },
    });
    void messages.closed().then((err) => end(err ?? undefined));
    try {
      await done;
    } finally {
      await messages.close();
    }
  } finally {
    await closeRange(consumer);
  }
  return seen;
}
