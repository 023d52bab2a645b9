// Appends events to JetStream and resolves only when the server acknowledged them. The event id is the
// Nats-Msg-Id, so a retry after a lost ack is deduplicated instead of double-counted.
import type { JetStreamClient } from '@nats-io/jetstream';
import { encodeEvent, eventSubject, type DomainEvent } from '../../events/index.js';

/** How long one append may take, all tries together. */
export const APPEND_DEADLINE_MS = 6_000;

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

/**
 * `deadlineMs` bounds an append, all tries together: while NATS is down or restarting, a request fails after it
 * (and answers 503) rather than waiting out 4 tries of 5 s past the plugin's 10 s.
 */
export function createEventPublisher(
  js: JetStreamClient,
  prefix: string,
  retries = 3,
  deadlineMs = APPEND_DEADLINE_MS,
): EventPublisher {
  const append = async (event: DomainEvent, opts: { timeoutMs?: number } = {}): Promise<AppendResult> => {
    const subject = eventSubject(prefix, event.type, event.userId);
    const payload = encodeEvent(event);
    const deadline = Date.now() + Math.min(deadlineMs, opts.timeoutMs ?? deadlineMs);
    let lastError: unknown;
    for (let attempt = 0; attempt <= retries && Date.now() < deadline; attempt++) {
      try {
        const timeout = Math.max(1, Math.min(5_000, deadline - Date.now()));
        const ack = await js.publish(subject, payload, { msgID: event.id, timeout });
        return { seq: ack.seq, duplicate: ack.duplicate };
      } catch (err) {
        lastError = err;
        await new Promise((r) =>
          setTimeout(r, Math.min(50 * 2 ** attempt, Math.max(0, deadline - Date.now()))),
        );
      }
    }
    throw new AppendFailedError(event, lastError);
  };
  return {
    append,
    appendAll: (events) => Promise.all(events.map((e) => append(e))),
  };
}

export class AppendFailedError extends Error {
  readonly code = 'append_failed' as const;
  constructor(event: DomainEvent, cause: unknown) {
    super(`could not append ${event.type} ${event.id}: ${String(cause)}`, { cause });
    this.name = 'AppendFailedError';
  }
}
