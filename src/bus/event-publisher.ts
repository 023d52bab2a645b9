// Appends events to JetStream and resolves only when the server acknowledged them. The event id is the
// Nats-Msg-Id, so a retry after a lost ack is deduplicated instead of double-counted.
import type { JetStreamClient } from '@nats-io/jetstream';
import { encodeEvent, eventSubject, type DomainEvent } from '../../events/index.js';

export interface AppendResult {
  seq: number;
  duplicate: boolean;
}

/** The port the API and workers use to append; tests may pass their own implementation. */
export interface EventPublisher {
  append(event: DomainEvent): Promise<AppendResult>;
  appendAll(events: DomainEvent[]): Promise<AppendResult[]>;
}

export function createEventPublisher(js: JetStreamClient, prefix: string, retries = 3): EventPublisher {
  const append = async (event: DomainEvent): Promise<AppendResult> => {
    const subject = eventSubject(prefix, event.type, event.userId);
    const payload = encodeEvent(event);
    let lastError: unknown;
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        const ack = await js.publish(subject, payload, { msgID: event.id, timeout: 5_000 });
        return { seq: ack.seq, duplicate: ack.duplicate };
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
    throw new AppendFailedError(event, lastError);
  };
  return {
    append,
    appendAll: (events) => Promise.all(events.map(append)),
  };
}

export class AppendFailedError extends Error {
  readonly code = 'append_failed' as const;
  constructor(event: DomainEvent, cause: unknown) {
    super(`could not append ${event.type} ${event.id}: ${String(cause)}`, { cause });
    this.name = 'AppendFailedError';
  }
}
