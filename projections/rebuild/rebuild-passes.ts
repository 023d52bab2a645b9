// The reading side of a rebuild: the load pass (the stream from its start to a pinned sequence, once, for
// every selected read model, through its bulk fold or its projectors) and the catch-up passes (the ordinary
// projectors from where each shadow stands towards a target), counting the messages read.
import type { Db } from '../../src/platform/db.js';
import type { Logger } from '../../src/platform/logger.js';
import type { Nats } from '../../src/platform/nats.js';
import { readCheckpoint } from '../runner/checkpoint.js';
import { saveErasedUsers } from '../runner/index.js';
import { readStreamErasures } from '../../src/bus/read-stream-erasures.js';
import type { Shadow } from './shadow-schema.js';
import { createApplyLoader, createFoldLoader, type ShadowLoader } from './shadow-loaders.js';
import { runStreamPass } from './stream-pass.js';

export type RebuildPhase = 'load' | 'catch-up' | 'swap' | 'compare';

export interface RebuildProgress {
  phase: RebuildPhase;
  done: number;
  total: number;
}

export interface PassContext {
  db: Db;
  nats: Nats;
  streamName: string;
  /** The subject prefix (the stream's erasures are read by subject). */
  prefix: string;
  logger: Logger;
  onProgress?: (p: RebuildProgress) => void;
  signal?: AbortSignal;
}

export interface RebuildPasses {
  /** Reads 1..`until` of each shadow's read model in one pass; returns the messages read. */
  load(until: ReadonlyMap<string, number>): Promise<number>;
  /** Applies each shadow's messages after its position up to its target; returns the messages read. */
  catchUp(
    shadows: readonly Shadow[],
    targets: ReadonlyMap<string, number>,
    report?: boolean,
  ): Promise<number>;
  /** Where each shadow stands: its own checkpoint. */
  position(shadow: Shadow): number;
}

export async function createRebuildPasses(
  ctx: PassContext,
  shadows: readonly Shadow[],
): Promise<RebuildPasses> {
  const positions = new Map<string, number>();
  const refresh = async (of: readonly Shadow[]) => {
    for (const s of of) positions.set(s.readModel.name, await readCheckpoint(s.db, s.readModel.name));
  };
  await refresh(shadows);
  const { state } = await ctx.nats.jsm.streams.info(ctx.streamName);
  const erased = await readStreamErasures(ctx.nats.js, ctx.streamName, ctx.prefix, state.last_seq);
  await saveErasedUsers(ctx.db, erased.entries());
  const pass = (from: number, to: number, loaders: ShadowLoader[], phase?: RebuildPhase) =>
    runStreamPass({
      js: ctx.nats.js,
      streamName: ctx.streamName,
      from,
      to,
      loaders,
      signal: ctx.signal,
      erased,
      onProgress:
        phase && ctx.onProgress ? (done, total) => ctx.onProgress?.({ phase, done, total }) : undefined,
    });
  return {
    async load(until) {
      const loaders = shadows.map((s) => loaderFor(s, until.get(s.readModel.name) ?? 0, ctx.logger));
      const read = await pass(1, Math.max(0, ...until.values()), loaders, 'load');
      for (const loader of loaders) {
        const rows = await loader.finish();
        if (rows > 0) ctx.logger.info({ readModel: loader.readModel.name, rows }, 'bulk fold written');
      }
      await refresh(shadows);
      return read;
    },
    async catchUp(of, targets, report = true) {
      const behind = of.filter(
        (s) => (targets.get(s.readModel.name) ?? 0) > positions.get(s.readModel.name)!,
      );
      if (behind.length === 0) return 0;
      const from = Math.min(...behind.map((s) => positions.get(s.readModel.name)!)) + 1;
      const to = Math.max(...behind.map((s) => targets.get(s.readModel.name)!));
      const loaders = behind.map((s) =>
        createApplyLoader(s, positions.get(s.readModel.name)!, targets.get(s.readModel.name)!),
      );
      const read = await pass(from, to, loaders, report ? 'catch-up' : undefined);
      await refresh(behind);
      return read;
    },
    position: (shadow) => positions.get(shadow.readModel.name) ?? 0,
  };
}

function loaderFor(shadow: Shadow, until: number, logger: Logger): ShadowLoader {
  const fold = shadow.readModel.createBulkFold?.();
  logger.info({ readModel: shadow.readModel.name, until, bulkFold: !!fold }, 'loading the shadow');
  return fold ? createFoldLoader(shadow, fold, until) : createApplyLoader(shadow, 0, until);
}
