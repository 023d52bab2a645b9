// A second, independent projection of a test's stream: a mirror of the stream (same messages, same
// sequences) projected by the ordinary runners into a fresh database. Tests compare read models against it.
import pg from 'pg';
import { StorageType } from '@nats-io/jetstream';
import { ensureDatabase, migrateToLatest } from '../../migrations/migrate.js';
import {
  createProjectionWorkers,
  projectionPoolSize,
  readCheckpoint,
  readModels,
} from '../../projections/index.js';
import type { Config } from '../../src/platform/config.js';
import { createDb, type Db } from '../../src/platform/db.js';
import { createLogger } from '../../src/platform/logger.js';
import type { Nats } from '../../src/platform/nats.js';
import { eventually } from './eventually.js';

export interface ReferenceProjection {
  db: Db;
  /** Waits until the mirror holds the whole stream and every read model has projected it. */
  caughtUp(timeoutMs?: number): Promise<void>;
  cleanup(): Promise<void>;
}

export async function createReferenceProjection(config: Config, nats: Nats): Promise<ReferenceProjection> {
  const streamName = `${config.streamName}_REF`;
  const url = new URL(config.databaseUrl);
  url.pathname = `${url.pathname}_ref`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrateToLatest(databaseUrl);
  await nats.jsm.streams.add({
    name: streamName,
    storage: StorageType.File,
    mirror: { name: config.streamName },
  });
  const db = createDb(databaseUrl, projectionPoolSize());
  const workers = createProjectionWorkers({
    db,
    nats,
    config: { ...config, streamName, databaseUrl },
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    tuning: { retryDelayMs: 50, maxRetryDelayMs: 500 },
  });
  workers.start();
  return {
    db,
    async caughtUp(timeoutMs = 30_000) {
      const origin = (await nats.jsm.streams.info(config.streamName)).state.last_seq;
      await eventually(async () => {
        if ((await nats.jsm.streams.info(streamName)).state.last_seq < origin)
          throw new Error('mirror behind');
        for (const m of readModels)
          if ((await readCheckpoint(db, m.name)) < origin) throw new Error(`${m.name} behind`);
      }, timeoutMs);
    },
    async cleanup() {
      await workers.stop();
      await db.destroy();
      await nats.jsm.streams.delete(streamName).catch(() => undefined);
      const admin = new URL(databaseUrl);
      admin.pathname = '/postgres';
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
      await client.end();
    },
  };
}
