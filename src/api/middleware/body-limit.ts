// Rejects bodies over the configured limit with 413 before they are read into memory: by Content-Length when
// the client sends one, else (chunked) by counting the bytes as they arrive. The route's own error shape.
import { bodyLimit } from 'hono/body-limit';
import type { Context, MiddlewareHandler } from 'hono';
import { Errors } from '../../platform/errors.js';
import { isProblemJsonPath, problemResponse } from '../problem-json.js';

export function limitBody(maxBytes: number): MiddlewareHandler {
  // Too large: problem details on the routes that speak them, the plugin's message elsewhere.
  const refuse = (c: Context): Response => {
    const err = Errors.bodyTooLarge(maxBytes);
    if (isProblemJsonPath(c.req.path)) return problemResponse(c, err);
    throw err;
  };
  const streamed = bodyLimit({ maxSize: maxBytes, onError: refuse });
  // Not async: the common case hands on next()'s promise instead of wrapping it in one more.
  return (c, next) => {
    // What hono's bodyLimit decides from the headers, decided without touching `c.req.raw.body`: that getter makes
    // @hono/node-server build a whole web Request and stream for every request (7% of the completion route's
    // CPU). Node's parser reads exactly Content-Length bytes, so the declared length is the body's; GET and HEAD
    // bodies are never read. Chunked bodies are still counted as they stream in.
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (parseInt(declared, 10) > maxBytes) return Promise.resolve(refuse(c));
      return next();
    }
    return streamed(c, next);
  };
}
