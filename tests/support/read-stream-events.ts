// Reads the events of a stream back (optionally only those matching a subject filter), decoded and
// validated, in stream order. For tests that check what an operation appended. One filter subject (a string):
// nats-server 2.9 takes no lists.
import type { Nats } from '../../src/platform/nats.js';
import { decodeEvent, type DomainEvent } from '../../events/index.js';

export async function readStreamEvents(nats: Nats, streamName: string, filter = '>'): Promise<DomainEvent[]> {
  const info = await nats.jsm.streams.info(streamName, { subjects_filter: filter });
  const expected = Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  if (expected === 0) return [];
  const consumer = await nats.js.consumers.get(streamName, { filter_subjects: filter });
  const events: DomainEvent[] = [];
  while (events.length < expected) {
    const batch = await consumer.fetch({ max_messages: expected - events.length, expires: 2_000 });
    let got = 0;
    for await (const m of batch) {
      events.push(decodeEvent(m.data));
      got += 1;
      if (events.length >= expected) break;
    }
    if (got === 0) break;
  }
  return events;
}
