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

/** Waits for every write; throws what `fail` makes of the first failure (it logs it and names the route's error). */
export async function throwFirstFailure(
  pending: Array<Promise<Settled>>,
  fail: (error: unknown) => Error,
): Promise<void> {
  const failed = (await Promise.all(pending)).find((s): s is { ok: false; error: unknown } => !s.ok);
  // A refusal that is the client's (the user's erasure began: src/bus/fenced-publisher.ts) keeps its status.
  if (failed?.error instanceof AppError && failed.error.status < 500) throw failed.error;
  if (failed) throw fail(failed.error);
}
