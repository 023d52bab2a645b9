// Rejects bodies over the configured limit with 413 before they are read into memory: by Content-Length when
// the client sends one, else (chunked) by counting the bytes as they arrive. The route's own error shape.
import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';
import { Errors } from '../../platform/errors.js';
import { isProblemJsonPath, problemResponse } from '../problem-json.js';

export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      const err = Errors.bodyTooLarge(maxBytes);
      if (isProblemJsonPath(c.req.path)) return problemResponse(c, err);
      throw err;
    },
  });
}
