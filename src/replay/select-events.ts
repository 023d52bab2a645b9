// The events of a slice, read once with the ordered reader of src/bus from sequence 1 up to the pin: the
// slice's `untilSeq`, or else the stream's last sequence taken once at the start, so events appended while
// the replay runs are never half included. Decoded and upcast to the latest version by the events codec.
import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { decodeEvent, type DomainEvent, type EventDecoder } from '../../events/index.js';
import { readStreamRange, type RangeMessage } from '../bus/read-stream-range.js';
import { readStreamErasures } from '../bus/read-stream-erasures.js';
import type { EventSlice } from './event-slice.js';
import { EventStreamMissingError, InvalidEventSliceError, UndecodableEventError } from './replay-errors.js';
import { eventMatches, subjectFilterFor, subjectMayMatch } from './slice-match.js';

export interface SelectedEvent {
  seq: number;
  subject: string;
  event: DomainEvent;
}

/** An event of the slice's subjects that could not be decoded (kept only when skipping them). */
export interface UndecodableEvent {
  seq: number;
  subject: string;
  /** The codec's error code: event_invalid, event_from_newer_code or event_upcast_failed. */
  code: string;
  reason: string;
}

export interface SelectionCounts {
  /** Messages the server sent (those of the subject filter up to the pin). */
  read: number;
  /** Events of the slice handed out. */
  selected: number;
  /** Events skipped because they could not be decoded (only with onUndecodable 'skip'). */
  undecodable: number;
  /** Events of an erased user appended after their user.erased, left out (events/erased-users.ts). */
  erased: number;
  /** The first few of them. */
  undecodableSamples: UndecodableEvent[];
}

export interface SelectOptions {
  /** 'fail' (default): an undecodable event stops the read with UndecodableEventError; 'skip': it is counted. */
  onUndecodable?: 'fail' | 'skip';
  decode?: EventDecoder;
  batchSize?: number;
}

/** One read of the slice: iterate it (once) by event or by batch; `counts()` is final when it has ended. */
export interface EventSelection extends AsyncIterable<SelectedEvent> {
  /** The last stream sequence the slice covers (the pin), whether or not that event is in the slice. */
  untilSeq: number;
  batches(): AsyncIterable<SelectedEvent[]>;
  counts(): SelectionCounts;
}

const SAMPLES = 10;
const DECODE_ERRORS = new Set(['event_invalid', 'event_from_newer_code', 'event_upcast_failed']);

/** Resolves the pin (InvalidEventSliceError when it is past the stream's end) and returns the read. */
export async function selectEvents(
  js: JetStreamClient,
  streamName: string,
  prefix: string,
  slice: EventSlice,
  options: SelectOptions = {},
): Promise<EventSelection> {
  const lastSeq = await streamLastSeq(js, streamName);
  if (slice.untilSeq !== null && slice.untilSeq > lastSeq)
    throw new InvalidEventSliceError(
      `sequence ${slice.untilSeq} is past the end of the stream (its last sequence is ${lastSeq}): ` +
        'a pin must be a sequence already stored',
    );
  const untilSeq = slice.untilSeq ?? lastSeq;
  const counts: SelectionCounts = { read: 0, selected: 0, undecodable: 0, erased: 0, undecodableSamples: [] };
  const range = { from: 1, to: untilSeq, filter: subjectFilterFor(prefix, slice) };
  let started = false;
  async function* batches(): AsyncGenerator<SelectedEvent[]> {
    if (started) throw new Error('an event selection is read once');
    started = true;
    const decide = undecodableHandler(options.onUndecodable ?? 'fail', counts);
    const decode = options.decode ?? decodeEvent;
    const erased = await readStreamErasures(js, streamName, prefix, untilSeq);
    for await (const messages of readStreamRange(js, streamName, range, options.batchSize)) {
      counts.read += messages.length;
      const kept = messages.filter((m) => !erased.isStraggler(m));
      counts.erased += messages.length - kept.length;
      const selected = selectFrom(kept, slice, decode, decide);
      counts.selected += selected.length;
      if (selected.length > 0) yield selected;
    }
  }
  return {
    untilSeq,
    batches,
    counts: () => ({ ...counts, undecodableSamples: [...counts.undecodableSamples] }),
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches()) yield* batch;
    },
  };
}

async function streamLastSeq(js: JetStreamClient, streamName: string): Promise<number> {
  try {
    const stream = await js.streams.get(streamName);
    return (await stream.info()).state.last_seq;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)
      throw new EventStreamMissingError(streamName);
    throw err;
  }
}

function selectFrom(
  messages: RangeMessage[],
  slice: EventSlice,
  decode: EventDecoder,
  onUndecodable: (m: RangeMessage, err: Error & { code: string }) => void,
): SelectedEvent[] {
  const selected: SelectedEvent[] = [];
  for (const m of messages) {
    if (!subjectMayMatch(m.subject, slice)) continue;
    let event: DomainEvent;
    try {
      event = decode(m.data);
    } catch (err) {
      if (!isDecodeError(err)) throw err;
      onUndecodable(m, err);
      continue;
    }
    if (eventMatches(event, slice)) selected.push({ seq: m.seq, subject: m.subject, event });
  }
  return selected;
}

function isDecodeError(err: unknown): err is Error & { code: string } {
  return err instanceof Error && DECODE_ERRORS.has((err as { code?: unknown }).code as string);
}

function undecodableHandler(mode: 'fail' | 'skip', counts: SelectionCounts) {
  return (m: RangeMessage, err: Error & { code: string }): void => {
    if (mode === 'fail') throw new UndecodableEventError(m.seq, err.message);
    counts.undecodable += 1;
    if (counts.undecodableSamples.length < SAMPLES)
      counts.undecodableSamples.push({ seq: m.seq, subject: m.subject, code: err.code, reason: err.message });
  };
}
