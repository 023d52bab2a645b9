// user.role.changed v1 ({isAdmin}, before issue 9's researcher role) read back as v2 ({role}), and v2 as it is.
import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent, EventValidationError, makeEvent, type DomainEvent } from './index.js';

const userId = '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
const template = makeEvent('user.role.changed', { userId, correlationId: 'op-1' }, { role: 'admin' });
const asStored = (event: DomainEvent, version: number, data: unknown): Uint8Array =>
  new TextEncoder().encode(JSON.stringify({ ...event, version, data }));

describe('user.role.changed', () => {
  it('lifts v1 {isAdmin: true} to the admin role and {isAdmin: false} to a plain user', () => {
    const granted = decodeEvent(asStored(template, 1, { isAdmin: true }));
    expect([granted.version, granted.data]).toEqual([2, { role: 'admin' }]);
    const revoked = decodeEvent(asStored(template, 1, { isAdmin: false }));
    expect([revoked.version, revoked.data]).toEqual([2, { role: 'user' }]);
    // The envelope is the stored one: only the data and its version change.
    expect({ ...granted, data: null, version: 0 }).toEqual({ ...template, data: null, version: 0 });
  });

  it('writes v2 with the role, and reads each of the three roles back unchanged', () => {
    expect(template.version).toBe(2);
    for (const role of ['user', 'researcher', 'admin'] as const) {
      const event = makeEvent('user.role.changed', { userId, correlationId: 'op' }, { role });
      expect(decodeEvent(encodeEvent(event))).toEqual(event);
    }
  });

  it('refuses a role outside the three, and v1 data stored as v2', () => {
    expect(() => decodeEvent(asStored(template, 2, { role: 'owner' }))).toThrow(EventValidationError);
    expect(() => decodeEvent(asStored(template, 2, { isAdmin: true }))).toThrow(EventValidationError);
    expect(() => decodeEvent(asStored(template, 1, { isAdmin: 'yes' }))).toThrow(EventValidationError);
  });
});
