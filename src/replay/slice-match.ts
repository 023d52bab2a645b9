// Whether a stored event belongs to a slice. The server filters what one subject filter can say
// (nats-server 2.9 takes one per consumer); the client checks the rest: first the subject's type and user
// tokens (before decoding: an event outside the slice is not read further), then the decoded envelope.
import {
  allEventsFilter,
  eventSubject,
  eventsOfTypeFilter,
  eventsOfUserFilter,
  typeOfToken,
  type DomainEvent,
} from '../../events/index.js';
import { modelIdsOf } from './event-models.js';
import type { EventSlice } from './event-slice.js';

/** The narrowest single subject filter the slice allows: by type and user, by one of them, or everything. */
export function subjectFilterFor(prefix: string, slice: EventSlice): string {
  const onlyType = slice.types?.length === 1 ? slice.types[0] : undefined;
  if (onlyType && slice.userId) return eventSubject(prefix, onlyType, slice.userId);
  if (onlyType) return eventsOfTypeFilter(prefix, onlyType);
  if (slice.userId) return eventsOfUserFilter(prefix, slice.userId);
  return allEventsFilter(prefix);
}

/**
 * False when the subject alone shows the event is outside the slice (another type or user); true when it may
 * be inside. An unknown type token (newer code) may be inside only when the slice takes every type.
 */
export function subjectMayMatch(subject: string, slice: EventSlice): boolean {
  const tokens = subject.split('.');
  const userToken = tokens.at(-1);
  if (slice.userId && userToken !== slice.userId) return false;
  if (!slice.types) return true;
  const type = typeOfToken(tokens.at(-2) ?? '');
  return type !== undefined && slice.types.includes(type);
}

/** Whether the decoded event is inside the slice (every filter; time by the envelope's occurredAt). */
export function eventMatches(event: DomainEvent, slice: EventSlice): boolean {
  if (slice.types && !slice.types.includes(event.type)) return false;
  if (slice.userId && event.userId !== slice.userId) return false;
  if (slice.projectId && event.projectId !== slice.projectId) return false;
  if (slice.modelId !== null && !modelIdsOf(event).includes(slice.modelId)) return false;
  if (slice.from || slice.to) {
    const at = Date.parse(event.occurredAt);
    if (slice.from && at < slice.from.getTime()) return false;
    if (slice.to && at >= slice.to.getTime()) return false;
  }
  return true;
}
