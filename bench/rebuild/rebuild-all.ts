// Pass (d) of bench/rebuild: `c4m rebuild all` through rebuildReadModels (projections/rebuild/index.ts) on the
// same stream. That engine comes from the rebuild branch; until it is merged this pass reports that it did
// not run. After the merge: migrate `ctx.databaseUrl`'s live tables are there already; start the engine
// against ctx.natsUrl / ctx.stream / ctx.prefix / ctx.databaseUrl, time it from the start to the swap, and
// return a PhaseResult (peak RSS from a child process, as phase.ts does, if the engine runs in one).
import type { PhaseResult } from './phase-result.js';

export interface RebuildContext {
  natsUrl: string;
  stream: string;
  prefix: string;
  /** A fresh, migrated database of its own (live tables empty; the rebuild fills shadow tables and swaps). */
  databaseUrl: string;
  lastSeq: number;
}

/** Null while the rebuild engine is not part of this checkout. */
export async function measureRebuildAll(_ctx: RebuildContext): Promise<PhaseResult | null> {
  return null;
}
