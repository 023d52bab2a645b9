import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { corsAllowList } from './cors.js';
import { requestContext } from './request-context.js';
import { securityHeaders } from './security-headers.js';

const cors = { corsOrigins: [], uiOrigin: 'https://dash.example.org', uiPort: 5173 };

/** The edge's header middleware as app.ts stacks it, and what the outermost one sees of each answer. */
function edgeApp() {
  const app = new Hono();
  const seen: { res?: Response } = {};
  app.onError((_err, c) => c.json({ message: 'Internal server error.' }, 500));
  app.notFound((c) => c.json({ message: 'No route' }, 404));
  app.use('*', async (c, next) => {
    await next();
    seen.res = c.res;
  });
  app.use('*', requestContext());
  app.use('*', securityHeaders({ hstsMaxAgeS: 0 }));
  app.use('*', corsAllowList(cors));
  return { app, seen };
}

const edgeHeaders = (res: Response) => ({
  nosniff: res.headers.get('x-content-type-options'),
  frame: res.headers.get('x-frame-options'),
  requestId: /^[0-9a-f-]{36}$/.test(res.headers.get('x-request-id') ?? ''),
  vary: res.headers.get('vary'),
});

describe('the edge headers', () => {
  it('leave the answer a route built as it is, so @hono/node-server sends it without rebuilding it', async () => {
    const { app, seen } = edgeApp();
    let built: Response | undefined;
    app.get('/json', (c) => (built = c.json({ ok: true })));
    for (const origin of [undefined, 'https://dash.example.org', 'https://evil.example']) {
      const res = await app.request('/json', { headers: origin ? { origin } : {} });
      expect(seen.res).toBe(built);
      expect(edgeHeaders(res)).toEqual({
        nosniff: 'nosniff',
        frame: 'DENY',
        requestId: true,
        vary: 'Origin',
      });
    }
    const allowed = await app.request('/json', { headers: { origin: 'https://dash.example.org' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dash.example.org');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('are on errors, 404s and answers built without the context, and a header the route set is kept', async () => {
    const { app } = edgeApp();
    app.get('/broken', () => {
      throw new Error('boom');
    });
    app.get('/raw', () => new Response('raw', { headers: { 'X-Frame-Options': 'SAMEORIGIN' } }));
    app.get('/own', (c) => {
      c.header('X-Frame-Options', 'SAMEORIGIN');
      return c.text('own');
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const expected = { nosniff: 'nosniff', frame: 'DENY', requestId: true, vary: 'Origin' };
      // In process (the context's headers) and over HTTP (Node's response).
      for (const get of [(path: string) => app.request(path), (path: string) => fetch(base + path)]) {
        expect(edgeHeaders(await get('/broken'))).toEqual(expected);
        expect(edgeHeaders(await get('/nothing-here'))).toEqual(expected);
        expect(edgeHeaders(await get('/raw'))).toEqual({ ...expected, frame: 'SAMEORIGIN' });
        expect(edgeHeaders(await get('/own'))).toEqual({ ...expected, frame: 'SAMEORIGIN' });
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
