// Rejects bodies over the configured limit with 413 before they are read into memory.
import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';
import { Errors } from '../../platform/errors.js';

export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw Errors.bodyTooLarge(maxBytes);
    },
  });
}
