// Finishes erasures that a crash cut short (erase-user.ts), at the api role's start and then every minute,
// leaving alone the ones young enough to be still running in the request that began them, and purges the
// stream once more for the erasures of the last 10 minutes (an append acknowledged after its job ended).
// Every step is idempotent, so two API processes sweeping at once only repeat work.
import type { AccountDeps } from './account-deps.js';
import { purgeErasureStragglers, resumeErasures, type ErasurePorts } from './erase-user.js';
import { createPeriodicTask, type PeriodicTask } from './periodic-task.js';

export const ERASURE_SWEEP_INTERVAL_MS = 60_000;
/** Older than any request: the DELETE that began a younger job may still be running it. */
export const ERASURE_SWEEP_MIN_AGE_MS = 60_000;
/** Longer than a publish may take with its retries (src/bus/event-publisher.ts: 4 tries of 5 s). */
export const ERASURE_STRAGGLER_WINDOW_MS = 10 * 60_000;

export function createErasureSweeper(deps: AccountDeps, ports: ErasurePorts): PeriodicTask {
  const logger = deps.logger.child({ task: 'erasure-sweeper' });
  return createPeriodicTask(
    'erasure sweeper',
    ERASURE_SWEEP_INTERVAL_MS,
    async () => {
      const finished = await resumeErasures({ ...deps, logger }, ports, ERASURE_SWEEP_MIN_AGE_MS);
      if (finished > 0)
        logger.warn({ finished }, 'finished erasures that an earlier process left unfinished');
      await purgeErasureStragglers({ ...deps, logger }, ports, ERASURE_STRAGGLER_WINDOW_MS);
    },
    logger,
  );
}
