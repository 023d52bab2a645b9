// Events in one canonical JSON form, so the same events always give the same bytes: the envelope's fields
// in their documented order, then any fields newer writers added (sorted), then `data` with its keys sorted
// at every depth (arrays keep their order).
import type { DomainEvent } from '../../events/index.js';

const ENVELOPE_KEYS = [
  'id',
  'type',
  'version',
  'occurredAt',
  'userId',
  'sessionId',
  'projectId',
  'queryId',
  'correlationId',
] as const;
const KNOWN = new Set<string>([...ENVELOPE_KEYS, 'data']);

/** `value` with the keys of every object sorted, so JSON.stringify writes it one way only. */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** JSON text of `value` with sorted keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value));
}

/** Envelope fields this code does not know (written by newer code), sorted; null when there are none. */
export function extraEnvelopeFields(event: DomainEvent): Record<string, unknown> | null {
  const extra = Object.keys(event).filter((k) => !KNOWN.has(k));
  if (extra.length === 0) return null;
  return sortedKeys(
    Object.fromEntries(extra.map((k) => [k, (event as Record<string, unknown>)[k]])),
  ) as Record<string, unknown>;
}

/** The event as a plain object in canonical key order. */
export function canonicalEvent(event: DomainEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ENVELOPE_KEYS) out[key] = event[key];
  Object.assign(out, extraEnvelopeFields(event));
  out.data = sortedKeys(event.data);
  return out;
}
