// Appends the generated event mix to the bench's stream as the API appends events (subject by type and user,
// the event id as Nats-Msg-Id), but with many publishes in flight at once (a bounded window), so a million
// events are in place in well under a minute.
import type { JetStreamClient } from '@nats-io/jetstream';
import { eventSubject } from '../../events/index.js';
import { generateEventMix, type EventMixOptions } from './event-mix.js';

export interface PublishResult {
  events: number;
  bytes: number;
  seconds: number;
}

export async function publishEventMix(
  js: JetStreamClient,
  prefix: string,
  mix: EventMixOptions,
  window = 2_000,
): Promise<PublishResult> {
  const encoder = new TextEncoder();
  const inFlight = new Set<Promise<unknown>>();
  const started = performance.now();
  let events = 0;
  let bytes = 0;
  for (const event of generateEventMix(mix)) {
    const payload = encoder.encode(JSON.stringify(event));
    const ack = js.publish(eventSubject(prefix, event.type, event.userId), payload, {
      msgID: event.id,
      timeout: 30_000,
    });
    inFlight.add(ack);
    void ack.then(
      () => inFlight.delete(ack),
      () => undefined, // awaited below, where the failure stops the bench
    );
    events += 1;
    bytes += payload.length;
    if (inFlight.size >= window) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { events, bytes, seconds: (performance.now() - started) / 1000 };
}
