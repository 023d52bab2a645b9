import { Hono } from 'hono';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ensureHttpMetrics } from '../../observability/index.js';
import { createErrorHandler } from '../error-handler.js';
import { requestContext, requestLogger } from './request-context.js';
import { requestMetrics } from './request-metrics.js';

function appWithLogLines() {
  const lines: Array<{ msg: string; requestId?: string }> = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as never) });
  const registry = new Registry();
  const app = new Hono();
  app.onError(createErrorHandler(logger));
  app.use('*', requestContext());
  app.use('*', requestMetrics(ensureHttpMetrics(registry)));
  app.get('/api/things/:id', (c) => {
    requestLogger(c, logger).info('looked at a thing');
    return c.json({ id: c.req.param('id') });
  });
  app.get('/api/broken', () => {
    throw new Error('boom');
  });
  return { app, lines, registry };
}

describe('the request context', () => {
  it("puts the request id on every log line of the request, the error handler's too, and echoes it", async () => {
    const { app, lines } = appWithLogLines();
    const ok = await app.request('/api/things/1', { headers: { 'x-request-id': 'plugin-7' } });
    expect(ok.headers.get('x-request-id')).toBe('plugin-7');
    const broken = await app.request('/api/broken');
    expect(broken.status).toBe(500);
    const generated = broken.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
      ['looked at a thing', 'plugin-7'],
      ['unhandled error', generated],
    ]);
  });

  it('replaces an incoming id that is too long or could forge a log line', async () => {
    const { app } = appWithLogLines();
    for (const bad of ['x'.repeat(101), 'a b', 'a"b', '']) {
      const res = await app.request('/api/things/1', { headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("the request's logger", () => {
  it('makes its child logger only once the request logs a line, and one per request', async () => {
    const lines: Array<{ msg: string; requestId?: string }> = [];
    let children = 0;
    const logger = pino(
      { level: 'info', onChild: () => void (children += 1) },
      { write: (l: string) => void lines.push(JSON.parse(l) as never) },
    );
    const app = new Hono();
    app.use('*', requestContext());
    app.get('/quiet', (c) => {
      const handedOn = { logger: requestLogger(c, logger) };
      return c.json({ handedOn: handedOn.logger !== logger });
    });
    app.get('/loud', (c) => {
      const log = requestLogger(c, logger);
      log.info('one');
      requestLogger(c, logger).warn('two');
      return c.json({ level: log.level });
    });
    expect(await (await app.request('/quiet')).json()).toEqual({ handedOn: true });
    expect(children).toBe(0);
    const loud = await app.request('/loud', { headers: { 'x-request-id': 'plugin-8' } });
    expect(await loud.json()).toEqual({ level: 'info' });
    expect(children).toBe(1);
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
      ['one', 'plugin-8'],
      ['two', 'plugin-8'],
    ]);
  });
});

describe('the request metrics', () => {
  it('labels requests with the route template and status, and unmatched paths as one series', async () => {
    const { app, registry } = appWithLogLines();
    await app.request('/api/things/1');
    await app.request('/api/things/2');
    await app.request('/api/broken');
    await app.request('/no/such/path/123');
    const { values } = await registry.getSingleMetric('c4m_http_requests_total')!.get();
    const series = values.map((v) => [v.labels.method, v.labels.route, v.labels.status, v.value]);
    expect(series).toEqual([
      ['GET', '/api/things/:id', '200', 2],
      ['GET', '/api/broken', '500', 1],
      ['GET', 'unmatched', '404', 1],
    ]);
  });
});
