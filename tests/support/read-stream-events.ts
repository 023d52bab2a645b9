// Reads the events of a stream back (optionally only those matching a subject filter), decoded and
// validated, in stream order. For tests that check what an operation appended. One filter subject (a string):
// nats-server 2.9 takes no lists.
import { readStreamRange } from '../../src/bus/read-stream-range.js';
import type { Nats } from '../../src/platform/nats.js';
import { decodeEvent, type DomainEvent } from '../../events/index.js';

export async function readStreamEvents(nats: Nats, streamName: string, filter = '>'): Promise<DomainEvent[]> {
  const { state } = await nats.jsm.streams.info(streamName);
  const events: DomainEvent[] = [];
  const range = { from: state.first_seq, to: state.last_seq, filter };
  for await (const batch of readStreamRange(nats.js, streamName, range))
    for (const m of batch) events.push(decodeEvent(m.data));
  return events;
}
