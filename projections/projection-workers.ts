// The projections role: one runner per read model, started and stopped together, and rebuilds of a read
// model while its runner keeps going (projections/rebuild).
import { projectionCommittedSubject } from '../events/index.js';
import type { Config } from '../src/platform/config.js';
import type { Db } from '../src/platform/db.js';
import type { Logger } from '../src/platform/logger.js';
import type { Nats } from '../src/platform/nats.js';
import { readModels as allReadModels } from './read-models.js';
import {
  createProjectionRunner,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ReadModel,
  type RunnerMetrics,
} from './runner/index.js';

export interface ProjectionDeps {
  db: Db;
  nats: Nats;
  config: Pick<Config, 'streamName' | 'natsPrefix' | 'databaseUrl'>;
  logger: Logger;
  /** The runners' metrics (ensureRunnerMetrics of the process's registry); prom-client's default one unless given. */
  metrics?: RunnerMetrics;
}

export type RunnerTuning = Pick<
  ProjectionRunnerOptions,
  'batchSize' | 'retryDelayMs' | 'maxRetryDelayMs' | 'standbyPollMs'
>;

export interface ProjectionWorkers {
  start(): void;
  stop(): Promise<void>;
  /**
   * Rebuilds the read model from the stream into a shadow and swaps it in, while its runner keeps going;
   * resolves once the live checkpoint is at least the stream's last sequence at the start.
   */
  rebuild(readModel: string): Promise<void>;
}

export function createProjectionWorkers(
  deps: ProjectionDeps & { readModels?: readonly ReadModel[]; tuning?: RunnerTuning },
): ProjectionWorkers {
  const runners = new Map<string, ProjectionRunner>();
  for (const readModel of deps.readModels ?? allReadModels)
    runners.set(readModel.name, runnerFor(deps, readModel));
  return {
    start() {
      for (const r of runners.values()) r.start();
    },
    async stop() {
      await Promise.all([...runners.values()].map((r) => r.stop()));
    },
    async rebuild(name) {
      const runner = runners.get(name);
      if (!runner) throw new Error(`unknown read model ${name}`);
      // On demand: the engine brings the migrations (for its shadow schemas), which running the read models
      // never needs, and whose command-line check would misfire inside a bundle of projections/main.ts.
      const { rebuildReadModels } = await import('./rebuild/index.js');
      await rebuildReadModels({ ...deps, readModels: [runner.readModel], mode: 'swap' });
    },
  };
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
    onCommitted: announceCommitted(deps, readModel.name),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...deps.tuning,
  });
}

/** A core NATS publish per committed batch ({"seq": N}); the dashboard's live stream listens (docs/analytics.md). */
function announceCommitted(deps: ProjectionDeps, readModel: string): (checkpoint: number) => void {
  const subject = projectionCommittedSubject(deps.config.natsPrefix, readModel);
  return (seq) => {
    try {
      deps.nats.nc.publish(subject, JSON.stringify({ seq }));
    } catch {
      // A closed or draining connection: nobody is listening any more, and the commit stands regardless.
    }
  };
}
