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

/**
 * `value` with the keys of every object sorted, so JSON.stringify writes it one way only. Objects and arrays
 * that are already in order are returned as they are (no copy: most of an event's data is).
 */
export function sortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return sortedItems(value);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const inOrder = keys.every((key, i) => i === 0 || keys[i - 1]! < key);
  const order = inOrder ? keys : [...keys].sort();
  let out: Record<string, unknown> | undefined = inOrder ? undefined : bare();
  order.forEach((key, i) => {
    const item = sortedKeys(record[key]);
    if (!out && item !== record[key]) out = copyOf(record, order.slice(0, i));
    if (out) out[key] = item;
  });
  return out ?? value;
}

/** No prototype: a key `__proto__` (JSON.parse makes it an own key) stays a key. */
function bare(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function copyOf(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out = bare();
  for (const key of keys) out[key] = record[key];
  return out;
}

function sortedItems(items: unknown[]): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === null || typeof item !== 'object') continue;
    const sorted = sortedKeys(item);
    if (sorted !== item) (out ??= [...items])[i] = sorted;
  }
  return out ?? items;
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
