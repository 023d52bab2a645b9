// Public surface of the event catalog.
export { EnvelopeSchema, type Envelope, type TypedEnvelope } from './envelope.js';
export {
  eventCatalog,
  eventTypes,
  isEventType,
  catalogEntry,
  type EventType,
  type EventDataMap,
} from './catalog.js';
export {
  makeEvent,
  encodeEvent,
  decodeEvent,
  EventValidationError,
  type DomainEvent,
  type EventIds,
} from './codec.js';
export {
  eventSubject,
  allEventsFilter,
  eventsOfTypeFilter,
  eventsOfUserFilter,
  modelSubject,
  typeToken,
  NO_USER,
} from './subjects.js';
export { FileContextChangeSchema, type FileContextChange } from './types/shared.js';
