// Test harness for projection tests: an isolated database (migrated), stream and subject prefix, the
// connections, a publisher, and workers for the chosen read models. Only tests import this file.
import { expect } from 'vitest';
import { eventually } from '../../tests/support/eventually.js';
import type { Kysely } from 'kysely';
import { createEventPublisher, type EventPublisher } from '../../src/bus/event-publisher.js';
import { ensureEventStream } from '../../src/bus/ensure-stream.js';
import type { Config } from '../../src/platform/config.js';
import { createDb, type Db } from '../../src/platform/db.js';
import type { Database } from '../../src/platform/db-schema.js';
import { createLogger } from '../../src/platform/logger.js';
import { createNats, type Nats } from '../../src/platform/nats.js';
import { createTestEnv } from '../../tests/support/test-env.js';
import { createProjectionWorkers, type ProjectionWorkers, type RunnerTuning } from '../projection-workers.js';
import type { ReadModel } from '../runner/index.js';
import { projectionPoolSize } from '../read-models.js';

export interface ProjectionTestEnv {
  config: Config;
  db: Db;
  nats: Nats;
  publisher: EventPublisher;
  workers(readModels?: readonly ReadModel[], tuning?: RunnerTuning): ProjectionWorkers;
  /** Stops every worker made here, closes the connections and drops the database and stream. */
  cleanup(): Promise<void>;
}

/** `overrides`: settings of the TestEnv's config (a NATS server of the test's own, say). */
export async function createProjectionTestEnv(overrides: Partial<Config> = {}): Promise<ProjectionTestEnv> {
  const env = await createTestEnv({ overrides });
  const { config } = env;
  const db = createDb(config.databaseUrl, projectionPoolSize());
  const nats = await createNats(config.natsUrl, 'projection-test');
  await ensureEventStream(nats.jsm, config.streamName, config.natsPrefix);
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const made: ProjectionWorkers[] = [];
  return {
    config,
    db,
    nats,
    publisher: createEventPublisher(nats.js, config.natsPrefix),
    workers(readModels, tuning) {
      const w = createProjectionWorkers({
        db,
        nats,
        config,
        logger,
        readModels,
        tuning: { retryDelayMs: 50, ...tuning },
      });
      made.push(w);
      return w;
    },
    async cleanup() {
      await Promise.all(made.map((w) => w.stop()));
      await nats.nc.drain();
      await db.destroy();
      await env.cleanup();
    },
  };
}

/** Every row of a table in a stable order, for comparing whole tables. */
export async function tableRows(db: Kysely<Database>, table: keyof Database): Promise<unknown[]> {
  const rows = await db.selectFrom(table).selectAll().execute();
  return rows.map((r) => JSON.stringify(r)).sort();
}

/** Waits until the queries read model holds the meta_query row of `queryId`. */
export async function waitForMetaQuery(db: Kysely<Database>, queryId: string): Promise<void> {
  await eventually(async () =>
    expect(
      await db
        .selectFrom('meta_query')
        .select('meta_query_id')
        .where('meta_query_id', '=', queryId)
        .execute(),
    ).toHaveLength(1),
  );
}
