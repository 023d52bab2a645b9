// One ordered-consumer pass over a whole stream, the way a rebuild reads it: an ephemeral consumer with no
// acks, messages handed to `onMessage` in stream order as they arrive (callback mode), until the sequence
// that was last when the pass began.
import { DeliverPolicy, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';

export interface ReadOptions {
  /** Messages the client asks for at a time (the pull batch). */
  maxMessages?: number;
}

/** Reads from the first message to `lastSeq`; resolves with the messages seen. */
export async function readWholeStream(
  js: JetStreamClient,
  stream: string,
  lastSeq: number,
  onMessage: (m: JsMsg) => void,
  opts: ReadOptions = {},
): Promise<number> {
  if (lastSeq === 0) return 0;
  const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.All });
  let seen = 0;
  let settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const messages = await consumer.consume({
    max_messages: opts.maxMessages ?? 1_000,
    callback: (m) => {
      try {
        seen += 1;
        onMessage(m);
        if (m.seq >= lastSeq) settle!.resolve();
      } catch (err) {
        settle!.reject(err);
      }
    },
  });
  void messages.closed().then((err) => (err ? settle!.reject(err) : settle!.resolve()));
  try {
    await done;
  } finally {
    await messages.close();
  }
  return seen;
}
