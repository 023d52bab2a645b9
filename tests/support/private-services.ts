// Private NATS, PostgreSQL and Redis servers for tests that stop, restart or kill them (fault and cluster tests):
// each on a free loopback port with its files in its own temporary folder, started with the platform's own
// launcher (src/platform/service-process.ts), so the shared services on the standard ports are never touched.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findServiceBinDir } from '../../src/platform/service-binaries.js';
import { launchService, logTail, type ServiceProcess } from '../../src/platform/service-process.js';
import { waitUntilAnswers, type ServiceName } from '../../src/platform/service-probe.js';

export interface PrivateService {
  name: ServiceName;
  port: number;
  /** The URL a client connects with (postgres: the `postgres` maintenance database). */
  url: string;
  /** The folder holding its data and its log. */
  dir: string;
  /** Whether the server process is running now. */
  running(): boolean;
  /** Starts it again on the same port and data (after stop or kill); resolves once it answers. */
  start(): Promise<void>;
  /** A clean shutdown (what an operator's restart does first); the data stays. */
  stop(): Promise<void>;
  /** SIGKILL, no shutdown at all. */
  kill(): Promise<void>;
  /** stop() then start(). */
  restart(): Promise<void>;
  /** The last lines of its log, for failure messages. */
  logTail(lines?: number): string;
}

export interface PrivateServices {
  nats: PrivateService;
  postgres: PrivateService;
  redis: PrivateService;
  /** Stops every server and removes their folders. */
  close(): Promise<void>;
}

const START_TIMEOUT_MS: Record<ServiceName, number> = { nats: 20_000, redis: 20_000, postgres: 60_000 };

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One private server of `name` with its folder under `root` (created here when absent). */
export async function startPrivateService(
  name: ServiceName,
  root = makeRoot(),
  port?: number,
): Promise<PrivateService> {
  const binDir = findServiceBinDir(name);
  if (!binDir) throw new Error(`${name} is not installed: the private ${name} for this test cannot start`);
  const chosen = port ?? (await freePort());
  const endpoint = { host: '127.0.0.1', port: chosen };
  const dir = path.join(root, name);
  let proc: ServiceProcess | undefined;
  const running = () => proc !== undefined && proc.child.exitCode === null && proc.child.signalCode === null;
  const start = async (): Promise<void> => {
    if (running()) return;
    const launched = launchService({ service: name, binDir, endpoint, dir, pgUser: 'postgres' });
    proc = launched;
    let exited = false;
    launched.child.once('exit', () => (exited = true));
    if (!(await waitUntilAnswers(name, endpoint, START_TIMEOUT_MS[name], () => exited)))
      throw new Error(`private ${name} on port ${chosen} did not start:\n${logTail(launched.logFile)}`);
  };
  const stop = async (): Promise<void> => {
    await proc?.stop();
  };
  const kill = async (): Promise<void> => {
    const child = proc?.child;
    if (!child || !running()) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    name,
    port: chosen,
    url: serviceUrl(name, chosen),
    dir,
    running,
    start,
    stop,
    kill,
    restart: async () => {
      await stop();
      await start();
    },
    logTail: (lines) => (proc ? logTail(proc.logFile, lines) : ''),
  };
}

/** NATS (JetStream), PostgreSQL and Redis of the test's own, side by side in one temporary folder. */
export async function startPrivateServices(): Promise<PrivateServices> {
  const root = makeRoot();
  const started: PrivateService[] = [];
  const one = async (name: ServiceName): Promise<PrivateService> => {
    const s = await startPrivateService(name, root);
    started.push(s);
    return s;
  };
  const closeAll = async (): Promise<void> => {
    await Promise.all(started.map((s) => s.stop()));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const [nats, postgres, redis] = await Promise.all([one('nats'), one('postgres'), one('redis')]);
    return { nats, postgres, redis, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** The folder's parent must be open to the `postgres` user that PostgreSQL runs as when we are root. */
function makeRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'c4m-private-'));
  chmodSync(root, 0o755);
  return root;
}

function serviceUrl(name: ServiceName, port: number): string {
  switch (name) {
    case 'nats':
      return `nats://127.0.0.1:${port}`;
    case 'redis':
      return `redis://127.0.0.1:${port}`;
    case 'postgres':
      return `postgres://postgres@127.0.0.1:${port}/postgres`;
  }
}
