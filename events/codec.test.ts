import { describe, expect, it } from 'vitest';
import {
  decodeEvent,
  encodeEvent,
  eventSubject,
  eventsOfUserFilter,
  makeEvent,
  EventValidationError,
} from './index.js';

const user = '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
const ids = { userId: user, sessionId: user, projectId: user, queryId: user, correlationId: 'req-1' };

describe('event codec', () => {
  it('round-trips a valid event through bytes unchanged', () => {
    const event = makeEvent('completion.feedback', ids, {
      modelId: 5,
      wasAccepted: true,
      groundTruth: 'x = 1',
      receivedAt: new Date().toISOString(),
    });
    expect(decodeEvent(encodeEvent(event))).toEqual(event);
  });

  it('refuses to write an event whose data breaks its schema', () => {
    expect(() => makeEvent('completion.feedback', ids, { modelId: 'five' } as never)).toThrow(
      EventValidationError,
    );
  });

  it('refuses an event that lacks an id its type requires', () => {
    expect(() =>
      makeEvent(
        'session.started',
        { userId: user, correlationId: 'c' },
        { startedAt: new Date().toISOString() },
      ),
    ).toThrow(/needs sessionId/);
  });

  it('rejects bytes that are not JSON, an unknown type or an unknown version with the reason', () => {
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    expect(() => decodeEvent(new TextEncoder().encode('{oops'))).toThrow(/not JSON/);
    const good = makeEvent('user.erased', { userId: user, correlationId: 'c' }, { deleteData: true });
    expect(() => decodeEvent(enc({ ...good, type: 'user.teleported' }))).toThrow(/unknown event type/);
    expect(() => decodeEvent(enc({ ...good, version: 9 }))).toThrow(/unknown version 9/);
  });

  it('puts the type and the user in the subject so one filter finds all of a user', () => {
    expect(eventSubject('c4m', 'completion.requested', user)).toBe(`c4m.evt.completion_requested.${user}`);
    expect(eventsOfUserFilter('c4m', user)).toBe(`c4m.evt.*.${user}`);
  });

  it('gives every event a time-ordered UUID v7 id', () => {
    const a = makeEvent('user.erased', { userId: user, correlationId: 'c' }, { deleteData: false });
    const b = makeEvent('user.erased', { userId: user, correlationId: 'c' }, { deleteData: false });
    expect(a.id[14]).toBe('7');
    expect(a.id < b.id || a.id.slice(0, 13) === b.id.slice(0, 13)).toBe(true);
  });
});
