// Public surface of replay: slices of the event stream, read in order and written as NDJSON or Arrow.
export {
  EventSliceSchema,
  parseEventSlice,
  describeSlice,
  type EventSlice,
  type EventSliceInput,
} from './event-slice.js';
export {
  selectEvents,
  type EventSelection,
  type SelectedEvent,
  type SelectionCounts,
  type SelectOptions,
  type UndecodableEvent,
} from './select-events.js';
export { encodeReplay, replayMetadata, REPLAY_FORMATS, type ReplayFormat } from './encode-replay.js';
export { REPLAY_EVENTS_SCHEMA, replayEventRow } from './event-columns.js';
export { ndjsonLine } from './ndjson-encoder.js';
export { modelIdsOf } from './event-models.js';
export { InvalidEventSliceError, EventStreamMissingError, UndecodableEventError } from './replay-errors.js';
