// The projections role: one runner per read model, started and stopped together, and rebuilds (reset a read
// model, then replay the stream into it).
import type { Config } from '../src/platform/config.js';
import type { Db } from '../src/platform/db.js';
import type { Logger } from '../src/platform/logger.js';
import type { Nats } from '../src/platform/nats.js';
import { readModels as allReadModels } from './read-models.js';
import {
  createProjectionRunner,
  resetReadModel,
  waitForCheckpoint,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ReadModel,
} from './runner/index.js';

export interface ProjectionDeps {
  db: Db;
  nats: Nats;
  config: Pick<Config, 'streamName' | 'natsPrefix'>;
  logger: Logger;
}

export type RunnerTuning = Pick<
  ProjectionRunnerOptions,
  'batchSize' | 'retryDelayMs' | 'maxRetryDelayMs' | 'standbyPollMs'
>;

export interface ProjectionWorkers {
  start(): void;
  stop(): Promise<void>;
  /** Stops the read model's runner, resets it and starts it again; resolves once it caught up. */
  rebuild(readModel: string): Promise<void>;
}

export function createProjectionWorkers(
  deps: ProjectionDeps & { readModels?: readonly ReadModel[]; tuning?: RunnerTuning },
): ProjectionWorkers {
  const runners = new Map<string, ProjectionRunner>();
  for (const readModel of deps.readModels ?? allReadModels)
    runners.set(readModel.name, runnerFor(deps, readModel));
  let started = false;
  return {
    start() {
      started = true;
      for (const r of runners.values()) r.start();
    },
    async stop() {
      started = false;
      await Promise.all([...runners.values()].map((r) => r.stop()));
    },
    async rebuild(name) {
      const runner = runners.get(name);
      if (!runner) throw new Error(`unknown read model ${name}`);
      await runner.stop();
      try {
        await resetReadModel(deps.db, deps.nats.jsm, deps.config.streamName, runner.readModel);
      } finally {
        if (started) runner.start();
      }
      if (started) await waitForCheckpoint(deps.db, name, await streamLastSeq(deps));
    },
  };
}

/** Resets the read model and replays the stream into it with a runner of its own (no worker may run it). */
export async function rebuildReadModel(
  deps: ProjectionDeps & { readModel: ReadModel; tuning?: RunnerTuning; timeoutMs?: number },
): Promise<{ lastSeq: number }> {
  await resetReadModel(deps.db, deps.nats.jsm, deps.config.streamName, deps.readModel);
  const lastSeq = await streamLastSeq(deps);
  const runner = runnerFor(deps, deps.readModel);
  runner.start();
  try {
    await waitForCheckpoint(deps.db, deps.readModel.name, lastSeq, { timeoutMs: deps.timeoutMs });
  } finally {
    await runner.stop();
  }
  return { lastSeq };
}

function runnerFor(deps: ProjectionDeps & { tuning?: RunnerTuning }, readModel: ReadModel): ProjectionRunner {
  return createProjectionRunner({
    db: deps.db,
    js: deps.nats.js,
    jsm: deps.nats.jsm,
    streamName: deps.config.streamName,
    prefix: deps.config.natsPrefix,
    readModel,
    logger: deps.logger,
    ...deps.tuning,
  });
}

async function streamLastSeq(deps: ProjectionDeps): Promise<number> {
  const info = await deps.nats.jsm.streams.info(deps.config.streamName);
  return info.state.last_seq;
}
