// A selection's bytes in the format asked for: NDJSON lines, or an Arrow IPC stream whose schema metadata
// says which slice it holds and its pin. Bytes are produced as the consumer pulls them (back-pressure).
import { encodeDataset } from '../datasets/formats/index.js';
import { REPLAY_EVENTS_SCHEMA, replayEventRow } from './event-columns.js';
import { describeSlice, type EventSlice } from './event-slice.js';
import { encodeNdjson } from './ndjson-encoder.js';
import type { EventSelection, SelectedEvent } from './select-events.js';

export const REPLAY_FORMATS = ['ndjson', 'arrow'] as const;
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

/** What an Arrow replay's schema metadata holds: the slice's filters and the pin, nothing that varies. */
export function replayMetadata(slice: EventSlice, untilSeq: number): Record<string, string> {
  return { 'c4m.replay.slice': describeSlice(slice), 'c4m.replay.until_seq': String(untilSeq) };
}

async function* rowBatches(batches: AsyncIterable<SelectedEvent[]>) {
  for await (const batch of batches) yield batch.map(replayEventRow);
}

export function encodeReplay(
  format: ReplayFormat,
  selection: EventSelection,
  slice: EventSlice,
): AsyncIterable<Uint8Array> {
  if (format === 'ndjson') return encodeNdjson(selection.batches());
  const metadata = replayMetadata(slice, selection.untilSeq);
  return encodeDataset('arrow', REPLAY_EVENTS_SCHEMA, rowBatches(selection.batches()), metadata);
}
