import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { parseCookieHeader, readCookie } from './cookies.js';

describe('cookies', () => {
  it('parses a Cookie header: the last duplicate wins, quotes and percent-escapes are undone', () => {
    const jar = parseCookieHeader('project_token=a; auth_token="q%20v"; bad; =x; project_token=b; raw=%zz');
    expect(Object.fromEntries(jar)).toEqual({ project_token: 'b', auth_token: 'q v', raw: '%zz' });
    expect(parseCookieHeader(undefined).size).toBe(0);
  });

  it("reads each request's own cookies", async () => {
    const app = new Hono();
    app.get('/', (c) =>
      c.json({
        session: readCookie(c, 'session_token') ?? null,
        project: readCookie(c, 'project_token') ?? null,
      }),
    );
    const read = async (cookie?: string) =>
      (await app.request('/', { headers: cookie ? { cookie } : {} })).json();
    expect(await read('session_token=s1; project_token=p1; project_token=p2')).toEqual({
      session: 's1',
      project: 'p2',
    });
    expect(await read('session_token=s2')).toEqual({ session: 's2', project: null });
    expect(await read()).toEqual({ session: null, project: null });
  });
});
