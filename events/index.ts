// Public surface of the event catalog.
export { EnvelopeSchema, EVENT_TYPE_PATTERN, type Envelope, type TypedEnvelope } from './envelope.js';
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
  EventFromNewerCodeError,
  EventUpcastError,
  type DomainEvent,
  type EventDecoder,
  type EventIds,
} from './codec.js';
export {
  eventSubject,
  allEventsFilter,
  eventsOfTypeFilter,
  eventsOfUserFilter,
  modelSubject,
  projectionCommittedSubject,
  chatModelSubject,
  typeToken,
  typeOfToken,
  NO_USER,
} from './subjects.js';
export { ErasedUsers, subjectTokens, type StoredSubject } from './erased-users.js';
export { FileContextChangeSchema, type FileContextChange } from './types/shared.js';
export { UserRoleSchema, type UserRole } from './types/accounts.js';
export { ConfigDocumentV1 as ConfigDocumentSchema } from './types/studies.js';
