// A per-project lock in Redis, held while a context update is computed, recorded and written, so that the
// order of a project's context.updated events in the stream is the order in which the live store took them,
// whichever API process served them. It expires by itself if its holder dies.
import { randomUUID } from 'node:crypto';
import type { Redis } from '../platform/redis.js';

export class ContextBusyError extends Error {
  readonly code = 'context_busy' as const;
  constructor(projectId: string) {
    super(`the multi-file context of project ${projectId} stayed locked by another update`);
    this.name = 'ContextBusyError';
  }
}

export interface ProjectLockOptions {
  /** How long a lock lives if its holder never releases it. */
  ttlMs?: number;
  /** How long to wait for another update of the project to finish. */
  waitMs?: number;
}

// Deletes the lock only if it is still ours (it may have expired and been taken by another process).
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export async function withProjectLock<T>(
  redis: Redis,
  projectId: string,
  run: () => Promise<T>,
  opts: ProjectLockOptions = {},
): Promise<T> {
  const key = `ctxlock:${projectId}`;
  const token = randomUUID();
  const ttlMs = opts.ttlMs ?? 15_000;
  const until = performance.now() + (opts.waitMs ?? 5_000);
  for (let attempt = 0; (await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK'; attempt++) {
    if (performance.now() > until) throw new ContextBusyError(projectId);
    await new Promise((r) => setTimeout(r, Math.min(50, 2 + attempt * 2) * (0.5 + Math.random())));
  }
  try {
    return await run();
  } finally {
    await redis.eval(RELEASE, 1, key, token);
  }
}
