// The address a request comes from: the socket's peer, or, when that peer is a trusted proxy (the dashboard's
// server, a reverse proxy: C4M_TRUSTED_PROXIES), the last address in X-Forwarded-For that is not one.
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { boundedMemo } from '../../platform/bounded-memo.js';

export interface TrustedProxies {
  has(address: string): boolean;
}

const KNOWN_ADDRESSES = 4096;

/** `loopback`, single addresses and CIDR ranges (`10.0.0.0/8`, `fd00::/8`); an unknown entry is an error. */
export function parseTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
      throw new Error(`C4M_TRUSTED_PROXIES: "${entry}" is neither an address, a CIDR range nor "loopback"`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  // BlockList.check builds a SocketAddress per call; a process sees few distinct peers, so answers are kept (and
  // forgotten all at once past a bound, against a flood of forged forwarded addresses).
  return {
    has: boundedMemo((address) => {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    }, KNOWN_ADDRESSES),
  };
}

/** An IPv4 peer of a dual-stack socket (`::ffff:127.0.0.1`) as plain IPv4. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/**
 * The client behind a chain of proxies: walking X-Forwarded-For from the right (the entry the nearest proxy
 * added), every trusted hop is skipped; the first untrusted one is the client. A malformed entry ends the walk,
 * so a client cannot hide behind garbage it wrote itself.
 */
export function resolveClientAddress(
  peer: string,
  forwardedFor: string | undefined,
  trusted: TrustedProxies,
): string {
  let address = normalise(peer);
  if (!trusted.has(address) || !forwardedFor) return address;
  const hops = forwardedFor.split(',').map((h) => normalise(h.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? '';
    if (isIP(hop) === 0) return address;
    address = hop;
    if (!trusted.has(address)) return address;
  }
  return address;
}

/** The request's client address (see resolveClientAddress). */
export function clientAddressOf(c: Context, trusted: TrustedProxies): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    // app.request() in tests has no socket: each simulated plugin names itself (tests/support/plugin-client.ts)
    return `test:${c.req.header('x-test-client') ?? 'local'}`;
  }
  return resolveClientAddress(peer ?? 'unknown', c.req.header('x-forwarded-for'), trusted);
}
