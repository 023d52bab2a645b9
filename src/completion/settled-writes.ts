// The writes a request waits for before it answers (events, Redis records): each is given a handler at once, so a
// failure while the models still run is never an unhandled rejection; the first failure fails the request.
import { AppError } from '../platform/errors.js';

export type Settled = { ok: true } | { ok: false; error: unknown };

export function settle(p: Promise<unknown>): Promise<Settled> {
  return p.then(
    () => ({ ok: true }) as const,
    (error: unknown) => ({ ok: false, error }) as const,
  );
}

/**
 * Waits for every write, or throws what `fail` makes of the first failure (it logs it and names the route's
 * error) as soon as there is one: the request fails anyway, so it answers without waiting out the other writes'
 * deadlines (with NATS down, each append's).
 */
export function throwFirstFailure(
  pending: Array<Promise<Settled>>,
  fail: (error: unknown) => Error,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let left = pending.length;
    let failed = false;
    if (left === 0) resolve();
    for (const p of pending) {
      void p.then((s) => {
        if (!s.ok && !failed) {
          failed = true;
          // A refusal that is the client's (the user's erasure began: src/bus/fenced-publisher.ts) keeps its status.
          reject(s.error instanceof AppError && s.error.status < 500 ? s.error : fail(s.error));
        } else if (s.ok && --left === 0 && !failed) resolve();
      });
    }
  });
}
