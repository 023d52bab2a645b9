// The API's edge protections against real Redis (rate limits) and the app (headers, CORS, body limits):
// what docs/security.md, Edge protections, says each of these proves.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/api/app.js';
import type { ApiDeps } from '../../src/api/deps.js';
import type { Clock } from '../../src/platform/clock.js';
import type { Config } from '../../src/platform/config.js';
import { issueAuthToken } from '../../src/auth/index.js';
import { securityHeadersOf } from '../../src/api/middleware/security-headers.js';
import { documentedOperations, readOpenApi, undocumentedOperations } from './api-routes.js';
import { createTestApiDeps, type TestApiDeps } from '../support/api-deps.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

let env: TestEnv;
let t: TestApiDeps;
const servers: ServerType[] = [];

beforeAll(async () => {
  env = await createTestEnv();
  t = await createTestApiDeps(env);
});
afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
  await t?.close();
  await env?.cleanup();
});

/** 15 s into a minute, so a window never turns over between the requests of one test. */
const at15s: Clock = {
  now: () => new Date(Math.floor(Date.now() / 60_000) * 60_000 + 15_000),
  monotonicMs: () => performance.now(),
};

function appWith(config: Partial<Config>, deps: Partial<ApiDeps> = {}): App {
  return createApp({ ...t.deps, clock: at15s, ...deps, config: { ...t.deps.config, ...config } });
}

async function listen(app: App): Promise<string> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A request as one client: its own test address (no socket in app.request) and, optionally, a cookie. */
function as(app: App, client: string, cookie?: string) {
  return (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: {
        'x-test-client': client,
        ...(cookie ? { cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/** The edge's headers an answer lacks (or carries with another value): [] when it has them all. */
function missingEdgeHeaders(
  res: Response,
  config: Pick<Config, 'hstsMaxAgeS'> = { hstsMaxAgeS: 0 },
): string[] {
  const html = (res.headers.get('content-type') ?? '').startsWith('text/html');
  const missing = securityHeadersOf(config)
    .filter(([name, value]) => {
      const sent = res.headers.get(name);
      // An HTML page's route sets its own page CSP (routes/api-reference.ts), which is kept.
      return html && name === 'Content-Security-Policy' ? sent === null || sent === value : sent !== value;
    })
    .map(([name]) => name);
  if (!/^[0-9a-f-]{36}$/.test(res.headers.get('x-request-id') ?? '')) missing.push('X-Request-Id');
  if (!(res.headers.get('vary') ?? '').includes('Origin')) missing.push('Vary');
  return missing;
}

const signIn = (email: string) => ({ email, password: 'wrong', provider: 'no_provider', token: '' });

describe('rate limits', () => {
  it('answers 429 with Retry-After to the end of the window once a client is over its budget', async () => {
    const call = as(appWith({ rateLimitRoutes: { session: 3 } }), randomUUID());
    for (let i = 0; i < 3; i++) expect((await call('GET', '/api/session/acquire')).status).toBe(401);
    const over = await call('GET', '/api/session/acquire');
    expect(over.status).toBe(429);
    expect(await over.json()).toEqual({ message: 'Too many requests. Please try again later.' });
    expect(over.headers.get('retry-after')).toBe('45');
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(missingEdgeHeaders(over)).toEqual([]);
  });

  it('sends the counts and Retry-After over HTTP too, where they go onto Node’s response ahead of the answer', async () => {
    const base = await listen(appWith({ rateLimitRoutes: { session: 2 } }));
    const get = () => fetch(`${base}/api/session/acquire`);
    const first = await get();
    expect(first.status).toBe(401);
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    await get();
    const over = await get();
    expect(over.status).toBe(429);
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(over.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    expect(missingEdgeHeaders(over)).toEqual([]);
  });

  it('gives every client its own budget: its token when it sends one, else its address', async () => {
    const app = appWith({ rateLimitRoutes: { user: 2 } });
    const address = randomUUID();
    const [tokenA, tokenB] = [await issueAuthToken(t.deps.redis, randomUUID(), 600), randomUUID()];
    const a = as(app, address, `auth_token=${tokenA}`);
    const b = as(app, address, `auth_token=${tokenB}`);
    const aElsewhere = as(app, randomUUID(), `auth_token=${tokenA}`);
    for (let i = 0; i < 2; i++) expect((await a('GET', '/api/user/verify/check')).status).not.toBe(429);
    expect((await a('GET', '/api/user/verify/check')).status).toBe(429);
    expect((await aElsewhere('GET', '/api/user/verify/check')).status).toBe(429);
    expect((await b('GET', '/api/user/verify/check')).status).toBe(401);
    expect((await as(app, address)('GET', '/api/user/verify/check')).status).toBe(401);
  });

  it('gives a new window its expiry and leaves a running window’s alone, so no counter outlives its minute', async () => {
    const address = randomUUID();
    const call = as(appWith({ rateLimitRoutes: { session: 5 } }), address);
    await call('GET', '/api/session/acquire');
    const key = `rl:session:a:test:${address}:${Math.floor(at15s.now().getTime() / 60_000)}`;
    const first = await t.deps.redis.ttl(key);
    expect(first).toBeGreaterThan(55);
    expect(first).toBeLessThanOrEqual(61);
    await t.deps.redis.expire(key, 30); // as if the window were half over
    await call('GET', '/api/session/acquire');
    expect(await t.deps.redis.get(key)).toBe('2');
    expect(await t.deps.redis.ttl(key)).toBeLessThanOrEqual(30);
    expect(await t.deps.redis.ttl(key)).toBeGreaterThan(0);
  });

  it('gives every route group its own budget', async () => {
    const call = as(appWith({ rateLimitRoutes: { session: 1, project: 1 } }), randomUUID());
    expect((await call('GET', '/api/session/acquire')).status).toBe(401);
    expect((await call('GET', '/api/session/acquire')).status).toBe(429);
    expect((await call('PUT', '/api/project/activate', { project_id: randomUUID() })).status).toBe(401);
    expect((await call('PUT', '/api/project/activate', { project_id: randomUUID() })).status).toBe(429);
  });

  it('limits sign-in per e-mail and per address, and a forged cookie buys no fresh budget', async () => {
    const app = appWith({ authRateLimitPerMinute: 2, rateLimitRoutes: { 'auth-address': 4 } });
    const address = randomUUID();
    const call = as(app, address);
    const auth = (email: string, cookie?: string) =>
      as(app, address, cookie)('POST', '/api/user/authenticate', signIn(email));
    expect((await auth('a@example.org')).status).toBe(401);
    expect((await auth('a@example.org', `auth_token=${randomUUID()}`)).status).toBe(401);
    expect((await auth('A@example.org ')).status).toBe(429);
    expect((await auth('b@example.org')).status).toBe(401);
    expect((await call('POST', '/api/user/authenticate', signIn('c@example.org'))).status).toBe(429);
    expect(
      (await as(app, randomUUID())('POST', '/api/user/authenticate', signIn('c@example.org'))).status,
    ).toBe(401);
  });

  it('counts a Google sign-in per ID token, so one address’s Google users do not share one budget', async () => {
    const call = as(appWith({ authRateLimitPerMinute: 1 }), randomUUID());
    const google = (token: string) =>
      call('POST', '/api/user/authenticate', { provider: 'google', token, email: '', password: '' });
    const [first, second] = [randomUUID(), randomUUID()];
    expect((await google(first)).status).not.toBe(429);
    expect((await google(second)).status).not.toBe(429);
    expect((await google(first)).status).toBe(429);
  });

  it('counts the forwarded address only when the peer is a trusted proxy (the dashboard on loopback)', async () => {
    const limits = { authRateLimitPerMinute: 1 };
    const trusting = await listen(appWith(limits));
    const distrusting = await listen(appWith({ ...limits, trustedProxies: [] }));
    const email = `${randomUUID()}@example.org`;
    const from = (base: string, browser: string) =>
      fetch(`${base}/api/user/authenticate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': browser },
        body: JSON.stringify(signIn(email)),
      }).then((r) => r.status);
    expect(await from(trusting, '203.0.113.1')).toBe(401);
    expect(await from(trusting, '203.0.113.1')).toBe(429);
    expect(await from(trusting, '203.0.113.2')).toBe(401);
    expect(await from(distrusting, '203.0.113.3')).toBe(401);
    expect(await from(distrusting, '203.0.113.4')).toBe(429);
  });

  it('answers problem+json on the researchers’ routes and never limits /api/ping', async () => {
    const call = as(appWith({ rateLimitRoutes: { datasets: 1, api: 1 } }), randomUUID());
    expect((await call('GET', '/api/datasets')).status).toBe(401);
    const over = await call('GET', '/api/datasets');
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toBe('application/problem+json');
    expect(over.headers.get('retry-after')).toBe('45');
    expect(await over.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    for (let i = 0; i < 3; i++) expect((await call('GET', '/api/ping')).status).toBe(200);
  });

  it('refuses a route group in C4M_RATE_LIMIT_ROUTES that does not exist', () => {
    expect(() => appWith({ rateLimitRoutes: { completions: 5 } })).toThrow(/unknown route group completions/);
  });
});

describe('CORS', () => {
  const app = () =>
    appWith({ uiOrigin: 'https://dash.example.org', corsOrigins: ['https://lab.example.org'] });
  const preflight = (origin: string) =>
    app().request('/api/user/authenticate', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('lets the dashboard’s origin and configured ones call with credentials', async () => {
    for (const origin of ['https://dash.example.org', 'https://lab.example.org']) {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    }
    const res = await app().request('/api/ping', { headers: { origin: 'https://dash.example.org' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://dash.example.org');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('gives any other origin no CORS header and refuses its preflight', async () => {
    const res = await preflight('https://evil.example');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await app().request('/api/ping', { headers: { origin: 'https://evil.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect(get.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('security headers', () => {
  it('sends them on every answer, errors included, and no HSTS unless configured', async () => {
    const app = appWith({});
    for (const path of ['/api/ping', '/openapi.json', '/api/nothing-here']) {
      const res = await app.request(path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('sends them, X-Request-Id and Vary on the answer of every route, in process and over HTTP', async () => {
    const app = appWith({});
    const doc = await readOpenApi(app);
    const operations = [...documentedOperations(doc), ...undocumentedOperations(app, doc)];
    expect(operations.length).toBeGreaterThan(30);
    const base = await listen(app);
    const lacking: string[] = [];
    for (const { key, method, path } of operations) {
      const url = path.replace(/\{[^}]+\}/g, randomUUID());
      const body = method === 'GET' || method === 'HEAD' ? undefined : '{}';
      const init = { method, headers: { 'content-type': 'application/json' }, body };
      const inProcess = await app.request(url, init);
      const overHttp = await fetch(`${base}${url}`, init);
      await overHttp.body?.cancel();
      for (const [via, res] of [
        ['app', inProcess],
        ['http', overHttp],
      ] as const) {
        const missing = missingEdgeHeaders(res);
        if (missing.length > 0) lacking.push(`${key} (${via}, ${res.status}): ${missing.join(', ')}`);
      }
    }
    expect(lacking).toEqual([]);
  });

  it('gives HTML pages a CSP that runs no inline script but one carrying its nonce, and frames nothing', async () => {
    const res = await appWith({}).request('/docs');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    const scriptSrc = directives.get('script-src') ?? directives.get('default-src') ?? [];
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain('*');
    const nonce = scriptSrc.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
    const html = await res.text();
    for (const [, attrs = ''] of html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)) {
      expect(nonce).toBeDefined();
      expect(attrs).toContain(`nonce="${nonce}"`);
    }
  });

  it('sends HSTS when the API is configured as served over TLS', async () => {
    const res = await appWith({ hstsMaxAgeS: 31_536_000 }).request('/api/ping');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('body limits', () => {
  const LIMIT = 1024;
  const big = JSON.stringify({ padding: 'x'.repeat(LIMIT * 2) });

  it('answers 413 with the limit named on every route of the OpenAPI document that takes a body', async () => {
    const app = appWith({ bodyLimitBytes: LIMIT });
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const withBody = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.requestBody !== undefined)
        .map(([method]) => [method.toUpperCase(), path.replace(/\{[^}]+\}/g, randomUUID())] as const),
    );
    expect(withBody.length).toBeGreaterThan(8);
    for (const [method, path] of withBody) {
      const res = await as(app, randomUUID())(method, path, JSON.parse(big));
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({
        route: `${method} ${path}`,
        status: 413,
      });
      const body = (await res.json()) as { message?: string; detail?: string };
      expect(body.message ?? body.detail).toBe(`Request body is larger than the limit of ${LIMIT} bytes.`);
      expect(missingEdgeHeaders(res)).toEqual([]);
    }
  });

  it('limits a chunked body sent without Content-Length too', async () => {
    const base = await listen(appWith({ bodyLimitBytes: LIMIT }));
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
        controller.close();
      },
    });
    const res = await fetch(`${base}/api/completion/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: `Request body is larger than the limit of ${LIMIT} bytes.` });
  });
});
