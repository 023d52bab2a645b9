// Pass (d) of bench/rebuild: `c4m rebuild all` as the command runs it, through rebuildReadModels
// (projections/rebuild) in mode 'swap', on a database of its own where the platform's migrations ran (live
// tables empty): one pass loads every read model's shadow (its bulk fold, COPY), catch-up, then the swap. Run in
// phase.ts's own process, so its peak RSS is its own. The detail says when each phase of the rebuild began.
import { rebuildReadModels } from '../../projections/rebuild/index.js';
import { readModels } from '../../projections/read-models.js';
import { createDb } from '../../src/platform/db.js';
import { createLogger } from '../../src/platform/logger.js';
import type { Nats } from '../../src/platform/nats.js';
import type { PhaseJob } from './phase-result.js';

export async function rebuildAll(
  nats: Nats,
  job: PhaseJob,
  detail: Record<string, number>,
  started: number,
): Promise<number> {
  if (!job.prefix) throw new Error('the rebuild pass needs the subject prefix of the bench stream');
  // The same pool size as the command (src/cli/commands/rebuild.ts).
  const db = createDb(job.databaseUrl, 4);
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const report = await rebuildReadModels({
      db,
      nats,
      config: { streamName: job.stream, natsPrefix: job.prefix, databaseUrl: job.databaseUrl },
      logger: createLogger('warn', 'bench-rebuild'),
      readModels,
      mode: 'swap',
      onProgress: (p) => {
        const key = `${p.phase}StartedSeconds`;
        detail[key] ??= seconds();
        if (p.phase === 'load' && p.done === p.total) detail.loadReadSeconds ??= seconds();
      },
    });
    detail.pinnedSeq = report.pinnedSeq;
    detail.finalSeq = report.finalSeq;
    detail.engineEventsPerSecond = report.eventsPerSecond;
    return report.events;
  } finally {
    await db.destroy();
  }
}
