import { describe, expect, it } from 'vitest';
import {
  catalogEntry,
  decodeEvent,
  encodeEvent,
  eventSubject,
  eventsOfUserFilter,
  makeEvent,
  EventFromNewerCodeError,
  EventUpcastError,
  EventValidationError,
} from './index.js';

const user = '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
const ids = { userId: user, sessionId: user, projectId: user, queryId: user, correlationId: 'req-1' };
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

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

  it('rejects bytes that are not JSON or not an envelope with the reason', () => {
    expect(() => decodeEvent(new TextEncoder().encode('{oops'))).toThrow(/not JSON/);
    const good = makeEvent('user.erased', { userId: user, correlationId: 'c' }, { deleteData: true });
    expect(() => decodeEvent(enc({ ...good, version: 0 }))).toThrow(EventValidationError);
    expect(() => decodeEvent(enc({ ...good, type: 'user.tele_ported' }))).toThrow(/bad envelope/);
  });

  // The codec parses with zod's compiled fast path: each envelope and data check must still refuse on write and
  // on read, with zod's own message, and unknown envelope fields must still be kept.
  it('still refuses every envelope and data check with the compiled parsers, and keeps unknown fields', () => {
    const bad: Array<[Partial<typeof ids>, RegExp]> = [
      [{ userId: 'not-a-uuid' }, /bad envelope: [\s\S]*userId/],
      [{ queryId: 'not-a-uuid' }, /bad envelope: [\s\S]*queryId/],
      [{ correlationId: '' }, /bad envelope: [\s\S]*correlationId/],
      [{ correlationId: 'x'.repeat(101) }, /bad envelope: [\s\S]*correlationId/],
    ];
    const shown = { shownAt: new Date().toISOString(), modelIds: [5] };
    for (const [over, message] of bad) {
      expect(() => makeEvent('completion.shown', { ...ids, ...over }, shown)).toThrow(message);
    }
    expect(() => makeEvent('completion.shown', ids, shown, { id: 'nope' })).toThrow(
      /bad envelope: [\s\S]*id/,
    );
    expect(() => makeEvent('completion.shown', ids, { ...shown, shownAt: 'yesterday' })).toThrow(
      /bad completion\.shown v1 data: [\s\S]*shownAt/,
    );
    const good = makeEvent('completion.shown', ids, shown);
    for (const broken of [
      { ...good, occurredAt: 'soon' },
      { ...good, id: 42 },
      { ...good, data: { ...shown, modelIds: 'five' } },
    ]) {
      expect(() => decodeEvent(enc(broken))).toThrow(EventValidationError);
    }
    expect(decodeEvent(enc({ ...good, addedLater: 'kept' }))).toMatchObject({ addedLater: 'kept' });
  });

  it('tells an unknown type or a version above the latest apart as written by newer code', () => {
    const good = makeEvent('user.erased', { userId: user, correlationId: 'c' }, { deleteData: true });
    const newer = (v: unknown) => {
      try {
        decodeEvent(enc(v));
      } catch (err) {
        return err;
      }
      throw new Error('decoded');
    };
    const unknownType = newer({ ...good, type: 'user.teleported' });
    expect(unknownType).toBeInstanceOf(EventFromNewerCodeError);
    expect(unknownType).not.toBeInstanceOf(EventValidationError);
    expect(unknownType).toMatchObject({ code: 'event_from_newer_code', type: 'user.teleported', version: 1 });
    expect((unknownType as Error).message).toMatch(/unknown event type user\.teleported/);
    const unknownVersion = newer({ ...good, version: 9 });
    expect(unknownVersion).toMatchObject({ code: 'event_from_newer_code', type: 'user.erased', version: 9 });
    expect((unknownVersion as Error).message).toMatch(/unknown version 9 of user\.erased/);
  });

  it('keeps an envelope field it does not know, so an envelope can grow without breaking older readers', () => {
    const good = makeEvent('user.erased', { userId: user, correlationId: 'c' }, { deleteData: true });
    const grown = { ...good, studyId: 'study-7', causationId: user };
    const decoded = decodeEvent(enc(grown));
    expect(decoded).toEqual(grown);
    expect(JSON.parse(new TextDecoder().decode(encodeEvent(decoded)))).toEqual(grown);
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

describe('upcasting', () => {
  it("calls a failing upcaster the code's fault, not the event's", () => {
    const entry = catalogEntry('user.erased');
    const saved = {
      latest: entry.latest,
      versions: { ...entry.versions },
      upcasters: { ...entry.upcasters },
    };
    const v1 = makeEvent('user.erased', { userId: user, correlationId: 'c' }, { deleteData: true });
    try {
      entry.latest = 2;
      entry.versions[2] = entry.versions[1]!;
      entry.upcasters[1] = () => {
        throw new TypeError('boom');
      };
      const err = (() => {
        try {
          decodeEvent(enc(v1));
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(EventUpcastError);
      expect(err).not.toBeInstanceOf(EventValidationError);
      expect((err as Error).message).toBe('upcasting user.erased v1 failed: boom');
      entry.upcasters[1] = (data) => ({ ...(data as object), extra: true }); // breaks the strict v2 schema
      expect(() => decodeEvent(enc(v1))).toThrow(EventUpcastError);
    } finally {
      Object.assign(entry, saved);
    }
  });
});
