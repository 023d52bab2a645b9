// The canonical JSON of an event: the same event gives the same text however its objects were built.
import { describe, expect, it } from 'vitest';
import { generated, newQueryIds } from '../../projections/testing/query-events.js';
import { canonicalEvent, canonicalJson, extraEnvelopeFields, sortedKeys } from './canonical-event.js';
import { ndjsonLine } from './ndjson-encoder.js';

const event = generated(newQueryIds());

describe('canonical events', () => {
  it('writes the envelope in its documented order, then data with sorted keys at every depth', () => {
    const shuffled = { ...event, data: Object.fromEntries(Object.entries(event.data).reverse()) };
    const reordered = Object.fromEntries(Object.entries(shuffled).reverse()) as typeof event;
    expect(JSON.stringify(canonicalEvent(reordered))).toBe(JSON.stringify(canonicalEvent(event)));
    expect(Object.keys(canonicalEvent(reordered))).toEqual([
      'id',
      'type',
      'version',
      'occurredAt',
      'userId',
      'sessionId',
      'projectId',
      'queryId',
      'correlationId',
      'data',
    ]);
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
    expect(canonicalJson(JSON.parse('{"z":[1,{"y":2,"x":[3]}],"__proto__":{"b":1,"a":2}}'))).toBe(
      '{"__proto__":{"a":2,"b":1},"z":[1,{"x":[3],"y":2}]}',
    );
    const sorted = { a: [1, 2], b: { c: 'd' } };
    expect(sortedKeys(sorted)).toBe(sorted);
  });

  it('keeps envelope fields newer writers added, sorted, before data', () => {
    const newer = { ...event, tenant: 'x', attempt: { n: 2, at: 'now' } };
    expect(extraEnvelopeFields(newer)).toEqual({ attempt: { at: 'now', n: 2 }, tenant: 'x' });
    expect(Object.keys(canonicalEvent(newer)).slice(-3)).toEqual(['attempt', 'tenant', 'data']);
    expect(extraEnvelopeFields(event)).toBeNull();
  });

  it('writes one NDJSON line per event: seq, subject, then the event', () => {
    const line = ndjsonLine({ seq: 7, subject: 's.evt.completion_generated.u', event });
    expect(line.endsWith('}\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(line.startsWith('{"seq":7,"subject":"s.evt.completion_generated.u","event":{"id":')).toBe(true);
    expect(JSON.parse(line)).toEqual({ seq: 7, subject: 's.evt.completion_generated.u', event });
  });
});
