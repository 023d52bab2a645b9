// Starts real nats-server, redis-server and postgres on free loopback ports under a scratch data folder; each
// case is skipped when its binary is not installed.
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Redis } from 'ioredis';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { loadConfig, type Config } from './config.js';
import { ensureLocalServices, LocalServicesError, type ServiceName } from './local-services.js';
import { loadNatsServerVersion, supportsSyncAlways } from './nats-server-version.js';
import { findServiceBinDir } from './service-binaries.js';
import { probeService, serviceEndpoint } from './service-probe.js';

const logger = pino({ level: 'silent' });
// Open to the `postgres` user, which runs PostgreSQL when the tests run as root.
const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'c4m-local-services-'));
chmodSync(dataRoot, 0o755);

afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function configOnFreePorts(name: string): Promise<Config> {
  return loadConfig(
    {},
    {
      natsUrl: `nats://127.0.0.1:${await freePort()}`,
      redisUrl: `redis://127.0.0.1:${await freePort()}`,
      databaseUrl: `postgres://postgres@127.0.0.1:${await freePort()}/code4me`,
      dataDir: path.join(dataRoot, name),
      autoStartServices: true,
    },
  );
}

const answers = (service: ServiceName, url: string): Promise<boolean> =>
  probeService(service, serviceEndpoint(service, url));

describe('ensureLocalServices', () => {
  it.skipIf(!findServiceBinDir('nats'))(
    'starts nats-server with JetStream when none answers, and stops it',
    async () => {
      const config = await configOnFreePorts('nats');
      const services = await ensureLocalServices(config, ['nats'], logger);
      try {
        expect(services.started).toEqual(['nats']);
        const nc = await connect({ servers: config.natsUrl });
        const info = await (await jetstreamManager(nc)).getAccountInfo();
        expect(info.limits).toBeDefined();
        await nc.close();
      } finally {
        await services.stop();
      }
      expect(await answers('nats', config.natsUrl)).toBe(false);
    },
  );

  it.skipIf(!findServiceBinDir('nats'))(
    'starts nats-server with an fsync before every acknowledgement where its version can, and warns where not',
    async () => {
      const config = await configOnFreePorts('nats-sync');
      const lines: Array<{ level: number; msg: string }> = [];
      const collecting = pino(
        { level: 'info' },
        { write: (l: string) => void lines.push(JSON.parse(l) as never) },
      );
      const services = await ensureLocalServices(config, ['nats'], collecting);
      await services.stop();
      const version = loadNatsServerVersion(path.join(findServiceBinDir('nats') ?? '', 'nats-server'));
      const written = readFileSync(path.join(config.dataDir, 'nats', 'nats-server.conf'), 'utf8');
      const warned = lines.filter((l) => l.level === 40).map((l) => l.msg);
      if (supportsSyncAlways(version)) {
        expect(written).toMatch(/sync_interval: always/);
        expect(warned).toEqual([]);
      } else {
        expect(written).not.toMatch(/sync_interval/);
        expect(warned).toEqual([
          expect.stringMatching(/has no sync_interval setting .* flushes events to disk lazily/),
        ]);
      }
    },
  );

  it.skipIf(!findServiceBinDir('redis'))(
    'starts redis-server that keeps its data across a restart',
    async () => {
      const config = await configOnFreePorts('redis');
      const first = await ensureLocalServices(config, ['redis'], logger);
      const redis = new Redis(config.redisUrl);
      await redis.set('c4m:test', 'kept');
      redis.disconnect();
      await first.stop();
      expect(await answers('redis', config.redisUrl)).toBe(false);

      const second = await ensureLocalServices(config, ['redis'], logger);
      try {
        const again = new Redis(config.redisUrl);
        expect(await again.get('c4m:test')).toBe('kept');
        again.disconnect();
      } finally {
        await second.stop();
      }
    },
  );

  it.skipIf(!findServiceBinDir('postgres'))(
    'creates and starts a PostgreSQL cluster that accepts the configured user',
    async () => {
      const config = await configOnFreePorts('postgres');
      const services = await ensureLocalServices(config, ['postgres'], logger);
      try {
        expect(services.started).toEqual(['postgres']);
        const url = new URL(config.databaseUrl);
        url.pathname = '/postgres';
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
        await client.end();
        expect(rows[0]?.one).toBe(1);
      } finally {
        await services.stop();
      }
    },
    90_000,
  );

  it('uses a service that already answers instead of starting one', async () => {
    const config = loadConfig(process.env, { autoStartServices: false });
    const services = await ensureLocalServices(config, ['nats', 'postgres', 'redis'], logger);
    expect(services.started).toEqual([]);
  });

  it('fails saying to start a service that does not answer and may not be started, without telling to install it', async () => {
    const config = { ...(await configOnFreePorts('off')), autoStartServices: false };
    const failure = ensureLocalServices(config, ['redis'], logger);
    await expect(failure).rejects.toBeInstanceOf(LocalServicesError);
    await expect(failure).rejects.toThrow(/C4M_AUTO_START_SERVICES=false\. Start it, or set REDIS_URL\./);
    await expect(failure).rejects.not.toThrow(/apt-get/);
  });
});
