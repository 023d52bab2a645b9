// The body limit decides from Content-Length when there is one and counts streamed (chunked) bodies as they come.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { limitBody } from './body-limit.js';

function app(maxBytes: number) {
  const a = new Hono();
  a.onError((err, c) => c.json({ code: (err as AppError).code }, err instanceof AppError ? err.status : 500));
  a.use('*', limitBody(maxBytes));
  a.post('/echo', async (c) => c.text(await c.req.text()));
  a.get('/echo', (c) => c.text('ok'));
  return a;
}

const streamOf = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(ctl) {
      for (const ch of text) ctl.enqueue(new TextEncoder().encode(ch));
      ctl.close();
    },
  });

describe('limitBody', () => {
  it('passes a body of exactly the limit and refuses one byte more by its Content-Length', async () => {
    const a = app(10);
    const send = (body: string, length = body.length) =>
      a.request('/echo', { method: 'POST', body, headers: { 'content-length': String(length) } });
    const ok = await send('0123456789');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('0123456789');
    const big = await send('0123456789x');
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ code: 'body_too_large' });
    // Decided from the header alone: the body is not read to find out.
    expect((await send('0', 11)).status).toBe(413);
  });

  it('counts a body without Content-Length as it streams in', async () => {
    const a = app(10);
    const send = (text: string) =>
      a.request('/echo', { method: 'POST', body: streamOf(text), duplex: 'half' });
    const ok = await send('0123456789');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('0123456789');
    expect((await send('0123456789x')).status).toBe(413);
  });

  it('lets GET through without reading a body', async () => {
    expect((await app(0).request('/echo')).status).toBe(200);
  });
});
