// The replay's NDJSON: one line per event, `{"seq":…,"subject":…,"event":{…envelope…,"data":{…}}}`, in
// stream order and canonical key order, one chunk per batch (pulled as the consumer reads).
import { canonicalEvent } from './canonical-event.js';
import type { SelectedEvent } from './select-events.js';

const encoder = new TextEncoder();

/** One line (with its newline) of a selected event. */
export function ndjsonLine(selected: SelectedEvent): string {
  const { seq, subject, event } = selected;
  return `${JSON.stringify({ seq, subject, event: canonicalEvent(event) })}\n`;
}

export async function* encodeNdjson(batches: AsyncIterable<SelectedEvent[]>): AsyncGenerator<Uint8Array> {
  for await (const batch of batches) yield encoder.encode(batch.map(ndjsonLine).join(''));
}
