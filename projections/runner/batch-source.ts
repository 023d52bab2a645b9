// A consumer's messages as batches: whatever has arrived, up to a maximum. Uses consume() in callback mode
// into a queue of our own; the iterator's getPending() over-counts after the library's internal pull
// callbacks, so it cannot tell when its buffer is empty.
// A pull lasts PULL_EXPIRES_MS: the server sends heartbeats every half of it while idle, and two missed ones make
// the client pull again. In a cluster that is how a consumer resumes once its leader died with the pull pending
// (the library's default of 30 s left a read model standing still for half a minute).
import type { Consumer, JsMsg } from '@nats-io/jetstream';

export interface BatchSource {
  /**
   * Waits for at least one message, or `idleMs` (then answers []); null once the source has stopped. Throws what
   * ended the consumer.
   */
  next(max: number, idleMs?: number): Promise<JsMsg[] | null>;
  /** Stops pulling; a pending next() resolves null. Messages not taken stay unacknowledged. */
  stop(): void;
}

export const PULL_EXPIRES_MS = 5_000;

export async function consumeInBatches(consumer: Consumer, maxInFlight: number): Promise<BatchSource> {
  const queue: JsMsg[] = [];
  let wake: (() => void) | undefined;
  let ended: { err: Error | undefined } | undefined;
  const signal = (): void => {
    wake?.();
    wake = undefined;
  };
  const onMessage = (m: JsMsg): void => {
    queue.push(m);
    signal();
  };
  const messages = await consumer.consume({
    max_messages: maxInFlight,
    expires: PULL_EXPIRES_MS,
    callback: onMessage,
  });
  void messages.closed().then((err) => {
    ended = { err: err ?? undefined };
    signal();
  });
  return {
    async next(max, idleMs) {
      let idle = false;
      while (queue.length === 0 && !ended && !idle) {
        await new Promise<void>((resolve) => {
          const timer =
            idleMs === undefined ? undefined : setTimeout(() => ((idle = true), signal()), idleMs);
          wake = () => (clearTimeout(timer), resolve());
        });
      }
      if (ended?.err) throw ended.err;
      return ended ? null : queue.splice(0, max);
    },
    stop() {
      messages.stop();
    },
  };
}
