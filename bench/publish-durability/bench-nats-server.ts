// One nats-server for the benchmark: started as `npm start` starts its own (src/platform/service-process.ts),
// on a free loopback port with a store folder of its own, with or without an fsync before every acknowledgement.
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { launchService } from '../../src/platform/service-process.js';
import { waitUntilAnswers } from '../../src/platform/service-probe.js';

export interface BenchNatsServer {
  url: string;
  storeDir: string;
  stop(): Promise<void>;
}

const TMPFS_MAGIC = 0x01021994;

/** tmpfs keeps everything in memory, where an fsync costs nothing: the comparison would mean nothing there. */
export function isTmpfs(dir: string): boolean {
  return statfsSync(dir).type === TMPFS_MAGIC;
}

/** The file system's magic number as statfs reports it (ext4 is 0xef53, tmpfs 0x1021994). */
export function fsMagic(dir: string): string {
  return `0x${statfsSync(dir).type.toString(16)}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export async function startBenchNatsServer(opts: {
  executable: string;
  syncAlways: boolean;
  storeRoot: string;
}): Promise<BenchNatsServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(opts.storeRoot, opts.syncAlways ? 'nats-sync-always-' : 'nats-default-'));
  const endpoint = { host: '127.0.0.1', port };
  const proc = launchService({
    service: 'nats',
    binDir: path.dirname(opts.executable),
    endpoint,
    dir,
    natsSyncAlways: opts.syncAlways,
  });
  let exited = false;
  proc.child.once('exit', () => (exited = true));
  if (!(await waitUntilAnswers('nats', endpoint, 20_000, () => exited))) {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`nats-server ${opts.executable} did not start; see ${proc.logFile}`);
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    storeDir: dir,
    stop: async () => {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
