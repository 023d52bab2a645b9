// GET /docs: the API reference (Swagger UI) is served by the API itself, works with the network cut off and
// under a Content-Security-Policy of 'self' (data: images aside), and lists every route of /openapi.json,
// /api/ping too.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/api/app.js';
import { createTestApiDeps, type TestApiDeps } from '../support/api-deps.js';
import { launchChromium, type TestBrowser } from '../support/chromium.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

let env: TestEnv;
let api: TestApiDeps;
let app: App;

beforeAll(async () => {
  env = await createTestEnv();
  api = await createTestApiDeps(env);
  app = createApp(api.deps);
});
afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

interface OpenApiDoc {
  paths: Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>>;
}

function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
}

describe('the API reference', () => {
  it('is a page whose scripts and styles all come from this server, with no inline script', async () => {
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('id="swagger-ui"');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'self'; img-src 'self' data:; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style="/);
    const assets = assetsOf(html).filter((a) => a.startsWith('/docs/'));
    expect(assets).toEqual(
      expect.arrayContaining(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/init.js']),
    );
    for (const asset of assets) {
      const a = await app.request(asset);
      expect(a.status, asset).toBe(200);
      expect((await a.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
  });

  it('serves Swagger UI itself from node_modules, as JavaScript', async () => {
    const res = await app.request('/docs/assets/swagger-ui-bundle.js');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await res.text()).toContain('SwaggerUIBundle');
    const css = await app.request('/docs/assets/swagger-ui.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('answers 404 for a file it does not serve, never a file outside its list', async () => {
    for (const path of ['/docs/assets/index.js', '/docs/assets/..%2Fpackage.json', '/docs/assets/csp.json']) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it('describes GET and HEAD /api/ping in the OpenAPI document', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as OpenApiDoc;
    expect(Object.keys(doc.paths['/api/ping'] ?? {}).sort()).toEqual(['get', 'head']);
    expect(doc.paths['/api/ping']!.get!.responses['200']).toBeDefined();
    expect((await app.request('/api/ping', { method: 'HEAD' })).status).toBe(200);
  });
});

describe('the API reference in a browser', () => {
  let browser: TestBrowser;
  let server: ServerType;
  let origin: string;

  beforeAll(async () => {
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  // A CSP violation is a console error, which the browser support collects.
  it('renders every operation offline, with no CSP violation and no request off this server', async () => {
    const ctx = await browser.context();
    const offServer: string[] = [];
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
      offServer.push(url);
      return route.abort();
    });
    const page = await ctx.newPage();
    await page.goto(`${origin}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    const doc = (await (await app.request('/openapi.json')).json()) as OpenApiDoc;
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(await page.locator('.opblock').count()).toBe(operations);
    await expect
      .poll(() => page.locator('.opblock-summary-path', { hasText: /^\/api\/ping$/ }).count())
      .toBe(2);
    // Opening an operation draws its schemas, icons and examples too.
    await page.locator('.opblock-summary', { hasText: '/api/completion/request' }).first().click();
    await page.locator('.opblock-body').first().waitFor();
    mkdirSync('.ci-results/screenshots', { recursive: true });
    await page.screenshot({ path: '.ci-results/screenshots/api-reference.png' });
    expect(offServer).toEqual([]);
    expect(browser.errors).toEqual([]);
  }, 60_000);
});
