// The forwarded-for rule: X-Forwarded-For names the client only when the peer is a trusted proxy, and then
// only as far back as the hops are trusted.
import { describe, expect, it } from 'vitest';
import { parseTrustedProxies, resolveClientAddress } from './client-address.js';

const loopback = parseTrustedProxies(['loopback']);
const none = parseTrustedProxies([]);

describe('resolveClientAddress', () => {
  it('takes the forwarded address from a trusted peer (the dashboard on loopback)', () => {
    expect(resolveClientAddress('127.0.0.1', '203.0.113.7', loopback)).toBe('203.0.113.7');
    expect(resolveClientAddress('::ffff:127.0.0.1', '203.0.113.7', loopback)).toBe('203.0.113.7');
    expect(resolveClientAddress('::1', '2001:db8::5', loopback)).toBe('2001:db8::5');
  });

  it('ignores X-Forwarded-For from a peer that is not trusted', () => {
    expect(resolveClientAddress('198.51.100.9', '203.0.113.7', loopback)).toBe('198.51.100.9');
    expect(resolveClientAddress('127.0.0.1', '203.0.113.7', none)).toBe('127.0.0.1');
  });

  it('keeps the peer when a trusted proxy forwards nothing', () => {
    expect(resolveClientAddress('127.0.0.1', undefined, loopback)).toBe('127.0.0.1');
  });

  it('skips only trusted hops from the right, so a client cannot prepend an address of its choice', () => {
    const proxies = parseTrustedProxies(['loopback', '10.0.0.0/8']);
    // the client wrote "1.2.3.4" itself; 198.51.100.9 is what the outer proxy (10.1.2.3) saw
    expect(resolveClientAddress('127.0.0.1', '1.2.3.4, 198.51.100.9, 10.1.2.3', proxies)).toBe(
      '198.51.100.9',
    );
  });

  it('stops at a malformed hop and keeps the last address it could trust', () => {
    expect(resolveClientAddress('127.0.0.1', '203.0.113.7, not-an-ip', loopback)).toBe('127.0.0.1');
  });

  it('refuses a trusted-proxy entry that is no address', () => {
    expect(() => parseTrustedProxies(['proxy.example.org'])).toThrow(/C4M_TRUSTED_PROXIES/);
  });

  it('answers the same for an address asked again, and after more addresses than it keeps', () => {
    const proxies = parseTrustedProxies(['10.0.0.0/8']);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5000; i++) {
        const inside = `10.0.${i >> 8}.${i & 255}`;
        const outside = `11.0.${i >> 8}.${i & 255}`;
        expect([proxies.has(inside), proxies.has(outside)]).toEqual([true, false]);
      }
    }
    expect(resolveClientAddress('10.1.2.3', '198.51.100.9', proxies)).toBe('198.51.100.9');
  });
});
