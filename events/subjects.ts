// Subject layout: <prefix>.evt.<type token>.<user id>. The user id as the last token lets one filter find
// (and erase) all events of a user; the type token lets a consumer take one type. Subjects stay bounded:
// one per (type, user), never one per query. RPC subjects live outside the stream (<prefix>.svc...).
import { isEventType, type EventType } from './catalog.js';

/** Events without a user (system events) use this token. */
export const NO_USER = '_';

/** Type names have no underscores (EVENT_TYPE_PATTERN), so the token maps back to exactly one type. */
export function typeToken(type: EventType): string {
  return type.replaceAll('.', '_');
}

/** The type a subject's type token stands for; undefined when no type this code knows has that token. */
export function typeOfToken(token: string): EventType | undefined {
  const type = token.replaceAll('_', '.');
  return isEventType(type) ? type : undefined;
}

export function eventSubject(prefix: string, type: EventType, userId: string | null): string {
  return `${prefix}.evt.${typeToken(type)}.${userId ?? NO_USER}`;
}

/** Everything in the stream. */
export function allEventsFilter(prefix: string): string {
  return `${prefix}.evt.>`;
}

export function eventsOfTypeFilter(prefix: string, type: EventType): string {
  return `${prefix}.evt.${typeToken(type)}.*`;
}

export function eventsOfUserFilter(prefix: string, userId: string): string {
  return `${prefix}.evt.*.${userId}`;
}

/** Request-reply subject of one model's inference endpoint (outside the stream's subjects). */
export function modelSubject(prefix: string, modelId: number): string {
  return `${prefix}.svc.model.${modelId}`;
}

/** Core NATS (outside the stream): a read model's runner says "committed up to sequence N" here. */
export function projectionCommittedSubject(prefix: string, readModel: string): string {
  return `${prefix}.proj.committed.${readModel}`;
}

/** Request-reply subject of one chat model's chat endpoint (`/v1/chat/completions` behind it). */
export function chatModelSubject(prefix: string, modelId: number): string {
  return `${prefix}.svc.chat.${modelId}`;
}
