// The platform under load: the api, inference and projections roles each in its own process (as
// `npm run start:api` etc. run them), on the isolated database, stream, subject and key prefixes of a TestEnv,
// so that each role's memory can be read from /proc and nothing of a developer's stack is touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Config } from '../../src/platform/config.js';

export const ROLES = ['api', 'inference', 'projections'] as const;
export type Role = (typeof ROLES)[number];

export interface PlatformRoles {
  apiUrl: string;
  pids: Record<Role, number>;
  /** Resident memory of each role now, in MiB (undefined once it exited). */
  rssMiB(): Record<Role, number | undefined>;
  stop(): Promise<void>;
}

export async function startPlatformRoles(
  config: Config,
  env: Record<string, string>,
  opts: { logFile?: (role: Role) => NodeJS.WritableStream } = {},
): Promise<PlatformRoles> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    C4M_NATS_PREFIX: config.natsPrefix,
    C4M_STREAM: config.streamName,
    C4M_REDIS_PREFIX: config.redisPrefix,
    C4M_HOST: '127.0.0.1',
    C4M_PORT: String(port),
    C4M_AUTO_START_SERVICES: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  };
  const children = new Map<Role, ChildProcess>();
  for (const role of ROLES) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', role], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = opts.logFile?.(role);
    if (log) {
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
    } else {
      child.stdout?.resume();
      child.stderr?.pipe(process.stderr);
    }
    children.set(role, child);
  }
  const apiUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await Promise.all(
      [...children.values()].map(async (c) => {
        if (c.exitCode !== null || c.signalCode !== null) return;
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        const killer = setTimeout(() => c.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }),
    );
  };
  try {
    await waitForApi(apiUrl, children);
  } catch (err) {
    await stop();
    throw err;
  }
  const pids = Object.fromEntries(ROLES.map((r) => [r, children.get(r)?.pid ?? 0])) as Record<Role, number>;
  return {
    apiUrl,
    pids,
    rssMiB: () =>
      Object.fromEntries(ROLES.map((r) => [r, rssMiBOf(pids[r])])) as Record<Role, number | undefined>,
    stop,
  };
}

/** VmRSS of a process in MiB, undefined when it is gone. */
export function rssMiBOf(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

async function waitForApi(url: string, children: Map<Role, ChildProcess>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    for (const [role, c] of children)
      if (c.exitCode !== null) throw new Error(`the ${role} role exited with ${c.exitCode} while starting`);
    // Up = the API answers; run.ts then waits for a first completion, which needs the inference role too.
    const ok = await fetch(`${url}/api/ping`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not answer on ${url} within 120 s`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}
