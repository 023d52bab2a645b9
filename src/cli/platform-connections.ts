// What a c4m command opens of the platform: the configuration from the environment, a logger to stderr (stdout
// carries results), a PostgreSQL pool and a NATS connection; all of it closed when the command ends.
import { loadConfig, type Config } from '../platform/config.js';
import { createDb, type Db } from '../platform/db.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { createNats, type Nats } from '../platform/nats.js';
import type { CliIo } from './cli-io.js';

export interface PlatformConnections {
  config: Config;
  logger: Logger;
  db: Db;
  nats: Nats;
}

export interface ConnectionOptions {
  /** The NATS client name the server shows for this command (e.g. `c4m-rebuild`). */
  clientName: string;
  dbPoolSize: number;
}

/** Runs `command` with the connections open and closes them after it, whether it returned or threw. */
export async function withPlatformConnections<T>(
  io: CliIo,
  options: ConnectionOptions,
  command: (connections: PlatformConnections) => Promise<T>,
): Promise<T> {
  const config = loadConfig(io.env);
  const logger = createLogger(config.cliLogLevel, 'c4m', 2);
  const db = createDb(config.databaseUrl, options.dbPoolSize);
  try {
    const nats = await createNats(config.natsUrl, options.clientName).catch((err: unknown) => {
      throw new Error(`cannot reach NATS at ${config.natsUrl}: ${String(err)}`);
    });
    try {
      return await command({ config, logger, db, nats });
    } finally {
      await nats.nc.drain();
    }
  } finally {
    await db.destroy();
  }
}
