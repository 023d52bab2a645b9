// Per-test-file isolation on the real services: its own database, stream, subject prefix and Redis key
// prefix, so test files never collide with each other or with a running dev stack.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { migrateToLatest } from '../../migrations/migrate.js';

export interface TestEnv {
  config: Config;
  /** Drops the database and the stream. */
  cleanup(): Promise<void>;
}

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** A configuration pointing at fresh, isolated resources; `migrate` runs the migrations. */
export async function createTestEnv(
  opts: { migrate?: boolean; overrides?: Partial<Config> } = {},
): Promise<TestEnv> {
  const id = uniqueSuffix();
  const base = loadConfig(process.env);
  const dbUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  dbUrl.pathname = `/c4m_test_${id}`;
  const config: Config = {
    ...base,
    port: 0,
    databaseUrl: dbUrl.toString(),
    natsPrefix: `t${id}`,
    streamName: `T_${id}`,
    redisPrefix: `t${id}:`,
    autoStartServices: false,
    logLevel: 'silent',
    ...opts.overrides,
  };
  if (opts.migrate !== false) await migrateToLatest(config.databaseUrl);
  return { config, cleanup: () => dropResources(config) };
}

async function dropResources(config: Config): Promise<void> {
  const url = new URL(config.databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    // pg-pool's end() resolves before its sockets close: give them a moment before FORCE terminates them.
    for (let i = 0; i < 40; i++) {
      const { rows } = await client.query<{ n: string }>(
        'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      if (Number(rows[0]?.n ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const { natsServers } = await import('../../src/platform/nats.js');
  const nc = await connect({ servers: natsServers(config.natsUrl) });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(config.streamName).catch(() => undefined);
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(`KV_${config.natsPrefix}`)) await jsm.streams.delete(name).catch(() => undefined);
    }
  } finally {
    await nc.close();
  }
}
