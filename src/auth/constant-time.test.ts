// secretsEqual: right answers for equal, different, differently long and non-ASCII values, and the one comparison
// it makes is timingSafeEqual's over two 32-byte digests (its inputs never reach it raw).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretsEqual } from './constant-time.js';

describe('secretsEqual', () => {
  it('is true for the same secret and false for any other', () => {
    const token = randomUUID();
    expect(secretsEqual(token, `${token}`)).toBe(true);
    expect(secretsEqual(token, token.toUpperCase())).toBe(false);
    const lastFlipped = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    expect(secretsEqual(token, lastFlipped)).toBe(false);
    expect(secretsEqual(token, randomUUID())).toBe(false);
  });

  it('compares values of different lengths without throwing (timingSafeEqual alone would)', () => {
    expect(secretsEqual('short', 'a much longer secret value')).toBe(false);
    expect(secretsEqual('', '')).toBe(true);
    expect(secretsEqual('', 'x')).toBe(false);
  });

  it('compares non-ASCII values by their UTF-8 bytes', () => {
    expect(secretsEqual('pässwörd-🔑', 'pässwörd-🔑')).toBe(true);
    expect(secretsEqual('pässwörd-🔑', 'passwörd-🔑')).toBe(false);
    // Two strings that differ only in normalisation are different secrets.
    expect(secretsEqual('\u00e9', 'e\u0301')).toBe(false);
  });
});
