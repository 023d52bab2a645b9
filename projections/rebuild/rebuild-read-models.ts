// Rebuilds read models from the start of the stream while the platform keeps running: each into a shadow
// schema of its own (one pass over the stream for all of them), caught up towards the head, then swapped
// in atomically ('swap') or compared row for row with the live tables ('compare'). The live tables are
// touched only by the swap's transaction; a rebuild that fails or dies leaves them as they were.
import type { Config } from '../../src/platform/config.js';
import type { Db } from '../../src/platform/db.js';
import type { Logger } from '../../src/platform/logger.js';
import type { Nats } from '../../src/platform/nats.js';
import { readCheckpoint } from '../runner/checkpoint.js';
import type { ReadModel } from '../runner/index.js';
import type { TableDifference } from './compare-with-live.js';
import { compareWithLive } from './compare-with-live.js';
import { createRebuildPasses, type RebuildPasses, type RebuildProgress } from './rebuild-passes.js';
import { takeRebuildLocks } from './rebuild-lock.js';
import { openShadows, closeShadows, analyzeShadow } from './shadow-lifecycle.js';
import type { Shadow } from './shadow-schema.js';
import { swapIn, type CatchUp } from './swap-in.js';

export interface RebuildOptions {
  db: Db;
  nats: Nats;
  config: Pick<Config, 'streamName' | 'natsPrefix' | 'databaseUrl'>;
  logger: Logger;
  readModels: readonly ReadModel[];
  mode: 'swap' | 'compare';
  onProgress?: (p: RebuildProgress) => void;
  /** Stops the rebuild between batches and before each swap (a swap under way completes); it then throws. */
  signal?: AbortSignal;
}

export interface RebuildReport {
  readModels: string[];
  /** The stream's last sequence when the rebuild started: the load pass read up to it. */
  pinnedSeq: number;
  /** The highest position a shadow reached: swap, the live checkpoint it set; compare, the live position. */
  finalSeq: number;
  /** Stream messages read, all passes together (each once, whatever the number of read models). */
  events: number;
  durationMs: number;
  eventsPerSecond: number;
  /** compare only: the tables that differ (none when equal). */
  differences?: TableDifference[];
}

/** Catch-up passes before the swap stop once one reads fewer messages than this (the rest waits in it). */
const SMALL_LAG = 500;
const MAX_CATCH_UP_ROUNDS = 5;

export async function rebuildReadModels(opts: RebuildOptions): Promise<RebuildReport> {
  const started = performance.now();
  const names = opts.readModels.map((m) => m.name);
  if (names.length === 0) throw new Error('no read model to rebuild');
  const logger = opts.logger.child({ rebuild: names.join(',') });
  const locks = await takeRebuildLocks(opts.config.databaseUrl, names);
  let shadows: Shadow[] = [];
  try {
    shadows = await openShadows(opts.db, opts.config.databaseUrl, opts.readModels, logger);
    const ctx = { ...opts, streamName: opts.config.streamName, prefix: opts.config.natsPrefix, logger };
    const passes = await createRebuildPasses(ctx, shadows);
    const pinnedSeq = await streamLastSeq(opts);
    let events = await passes.load(await loadTargets(opts, shadows, pinnedSeq));
    events += await catchUpBeforeLock(opts, shadows, passes);
    for (const shadow of shadows) await analyzeShadow(shadow);
    const finished = await finish(opts, shadows, passes, logger);
    events += finished.events;
    const durationMs = performance.now() - started;
    const finalSeq = Math.max(...finished.positions);
    logger.info({ events, durationMs: Math.round(durationMs), finalSeq }, `${opts.mode} done`);
    return {
      readModels: names,
      pinnedSeq,
      finalSeq,
      events,
      durationMs,
      eventsPerSecond: durationMs > 0 ? (events * 1000) / durationMs : 0,
      ...(opts.mode === 'compare' ? { differences: finished.differences } : {}),
    };
  } finally {
    await closeShadows(opts.db, shadows, logger);
    await locks.release();
  }
}

/**
 * swap: everything up to the pinned sequence. compare: no further than the live position, because the
 * shadow must later stand exactly where the live read model does and can only move forward.
 */
async function loadTargets(
  opts: RebuildOptions,
  shadows: readonly Shadow[],
  pinnedSeq: number,
): Promise<Map<string, number>> {
  const targets = new Map<string, number>();
  for (const { readModel } of shadows) {
    const live = opts.mode === 'compare' ? await readCheckpoint(opts.db, readModel.name) : pinnedSeq;
    targets.set(readModel.name, Math.min(pinnedSeq, live));
  }
  return targets;
}

/** Rounds of catch-up while events keep arriving, so the locked part of the swap has little left to do. */
async function catchUpBeforeLock(
  opts: RebuildOptions,
  shadows: readonly Shadow[],
  passes: RebuildPasses,
): Promise<number> {
  let events = 0;
  for (let round = 0; round < MAX_CATCH_UP_ROUNDS; round++) {
    const read = await passes.catchUp(shadows, await loadTargets(opts, shadows, await streamLastSeq(opts)));
    events += read;
    if (read < SMALL_LAG) break;
  }
  return events;
}

async function finish(
  opts: RebuildOptions,
  shadows: readonly Shadow[],
  passes: RebuildPasses,
  logger: Logger,
): Promise<{ events: number; positions: number[]; differences: TableDifference[] }> {
  const catchUp: CatchUp = (shadow, seq) =>
    passes.catchUp([shadow], new Map([[shadow.readModel.name, seq]]), false);
  const phase = opts.mode === 'swap' ? 'swap' : 'compare';
  const differences: TableDifference[] = [];
  const positions: number[] = [];
  let events = 0;
  for (const [i, shadow] of shadows.entries()) {
    opts.signal?.throwIfAborted();
    opts.onProgress?.({ phase, done: i, total: shadows.length });
    if (opts.mode === 'swap') {
      const swapped = await swapIn(opts.db, shadow, catchUp, () => streamLastSeq(opts), logger);
      events += swapped.events;
      positions.push(swapped.position);
      logger.info({ readModel: shadow.readModel.name, checkpoint: swapped.position }, 'swapped in');
    } else {
      const compared = await compareWithLive(opts.db, shadow, catchUp);
      events += compared.events;
      positions.push(compared.position);
      differences.push(...compared.differences);
    }
  }
  opts.onProgress?.({ phase, done: shadows.length, total: shadows.length });
  return { events, positions, differences };
}

async function streamLastSeq(opts: RebuildOptions): Promise<number> {
  const info = await opts.nats.jsm.streams.info(opts.config.streamName);
  return info.state.last_seq;
}
