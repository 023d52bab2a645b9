// Appends events to JetStream and resolves only when the server acknowledged them. The event id is the
// Nats-Msg-Id, so a retry after a lost ack is deduplicated instead of double-counted. A failed attempt is tried
// again until a deadline: in a cluster the stream has no leader for a few seconds after its leader dies
// (publishes answer "no responders" or time out), and the client moves to another server meanwhile.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { encodeEvent, eventSubject, type DomainEvent } from '../../events/index.js';
import { isTransientNatsError, NATS_WRITE_DEADLINE_MS } from '../platform/nats.js';
import { createAckedPublish, type AckedPublish } from './jetstream-publish.js';

/** How long one append may take, all tries together. */
export const APPEND_DEADLINE_MS = NATS_WRITE_DEADLINE_MS;

export interface AppendResult {
  seq: number;
  duplicate: boolean;
}

/** The port the API and workers use to append; tests may pass their own implementation. */
export interface EventPublisher {
  /** `timeoutMs`: what is left of the caller's own deadline; the append gives up by then (or APPEND_DEADLINE_MS). */
  append(event: DomainEvent, opts?: { timeoutMs?: number }): Promise<AppendResult>;
  appendAll(events: DomainEvent[]): Promise<AppendResult[]>;
}

export interface PublisherTiming {
  /** How long one append keeps trying (APPEND_DEADLINE_MS unless given). */
  deadlineMs?: number;
  /** How long one attempt waits for its ack (default 2 s), so a lost attempt leaves time for others. */
  attemptTimeoutMs?: number;
  /** The first pause between attempts; it doubles up to 500 ms. */
  firstDelayMs?: number;
}

export function createEventPublisher(
  js: JetStreamClient,
  prefix: string,
  timing: PublisherTiming = {},
): EventPublisher {
  const deadlineMs = timing.deadlineMs ?? APPEND_DEADLINE_MS;
  const attemptTimeoutMs = timing.attemptTimeoutMs ?? 2_000;
  const firstDelayMs = timing.firstDelayMs ?? 50;
  const publish = ackedPublishOf(js);
  const append = async (event: DomainEvent, opts: { timeoutMs?: number } = {}): Promise<AppendResult> => {
    const subject = eventSubject(prefix, event.type, event.userId);
    const payload = encodeEvent(event);
    const deadline = Date.now() + Math.min(deadlineMs, opts.timeoutMs ?? deadlineMs);
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      try {
        const timeout = Math.max(100, Math.min(attemptTimeoutMs, left));
        const ack = await publish(subject, payload, { msgID: event.id, timeout });
        return { seq: ack.seq, duplicate: ack.duplicate };
      } catch (err) {
        const pause = Math.min(firstDelayMs * 2 ** attempt, 500);
        if (!isTransientNatsError(err) || Date.now() + pause >= deadline)
          throw new AppendFailedError(event, err, attempt + 1);
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  };
  return {
    append,
    appendAll: (events) => Promise.all(events.map((e) => append(e))),
  };
}

/**
 * Publishes over the JetStream client's connection with one reply subscription (jetstream-publish.ts); a client
 * without one (none in this code base) keeps its own `publish`.
 */
function ackedPublishOf(js: JetStreamClient): AckedPublish {
  const nc = (js as unknown as { nc?: NatsConnection }).nc;
  if (nc) return createAckedPublish(nc);
  return (subject, payload, opts) => js.publish(subject, payload, opts);
}

export class AppendFailedError extends Error {
  readonly code = 'append_failed' as const;
  constructor(event: DomainEvent, cause: unknown, attempts = 1) {
    super(`could not append ${event.type} ${event.id} (${attempts} attempts): ${String(cause)}`, { cause });
    this.name = 'AppendFailedError';
  }
}
