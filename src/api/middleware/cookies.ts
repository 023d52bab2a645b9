// Cookie handling as the plugin needs it: the last duplicate of a name wins (the plugin appends a second
// project_token), and cookies are set with Path=/; HttpOnly; SameSite=Lax.
import type { Context } from 'hono';

export type TokenCookie = 'auth_token' | 'session_token' | 'project_token';

/** Parses a Cookie header; for duplicate names the last occurrence wins. */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  if (!header) return jar;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // keep the raw value; token validation rejects it later with a clear 401
      }
    }
    if (name) jar.set(name, value);
  }
  return jar;
}

/** Each request's Cookie header, parsed once: auth and rate limits read up to four cookies of one request. */
const jars = new WeakMap<Context, Map<string, string>>();

export function readCookie(c: Context, name: TokenCookie): string | undefined {
  let jar = jars.get(c);
  if (!jar) {
    jar = parseCookieHeader(c.req.header('cookie'));
    jars.set(c, jar);
  }
  return jar.get(name);
}

export function setTokenCookie(c: Context, name: TokenCookie, value: string, maxAgeS?: number): void {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (maxAgeS !== undefined) {
    parts.push(`Max-Age=${maxAgeS}`, `Expires=${new Date(Date.now() + maxAgeS * 1000).toUTCString()}`);
  }
  c.header('Set-Cookie', parts.join('; '), { append: true });
}

export function clearTokenCookie(c: Context, name: TokenCookie): void {
  c.header(
    'Set-Cookie',
    `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`,
    {
      append: true,
    },
  );
}
