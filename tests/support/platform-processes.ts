// Platform roles as child processes (`node --import tsx src/main.ts <role>`, what `npm start -- <role>` runs)
// with a test configuration in their environment, so that a test can SIGKILL one and start it again. The api
// keeps the port it was given across restarts, so clients reach it at the same URL.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configEnvNames, type Config } from '../../src/platform/config.js';
import type { RoleName } from '../../src/roles/roles.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The line the entry point logs once every role of the process is up. */
const READY = /Code4me is running/;
const KEEP_OUTPUT_CHARS = 200_000;

export interface RoleProcess {
  role: RoleName;
  /** The api's base URL (its port stays the same across restarts). */
  url?: string;
  running(): boolean;
  /** Starts the process (again); resolves once it logged that it runs. */
  start(timeoutMs?: number): Promise<void>;
  /** SIGKILL: no shutdown, no drain, nothing flushed. */
  kill(): Promise<void>;
  /** SIGTERM, the clean shutdown; waits for the exit. */
  stop(): Promise<void>;
  /** The end of what the process wrote (stdout and stderr, every run), for failure messages. */
  output(): string;
}

/** The environment that gives a child process exactly this configuration (every setting, by its env name). */
export function platformEnv(config: Config): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const names = configEnvNames();
  for (const key of Object.keys(names) as Array<keyof Config>) {
    const value = config[key];
    env[names[key]] = envValue(value);
  }
  return env;
}

/** A setting as its variable spells it: lists comma-separated, maps as `key=value` pairs (C4M_RATE_LIMIT_ROUTES). */
function envValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (value !== null && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(',');
  return String(value);
}

/**
 * A role in its own process, started before this resolves. The api listens on `config.port` (pass a free port,
 * not 0, so that restarts keep it); the process logs at info level at least, since readiness is read from its log.
 */
export async function startRoleProcess(role: RoleName, config: Config): Promise<RoleProcess> {
  const logLevel = config.logLevel === 'silent' || config.logLevel === 'fatal' ? 'info' : config.logLevel;
  const env = platformEnv({ ...config, logLevel, autoStartServices: false });
  let child: ChildProcess | undefined;
  let out = '';
  const append = (chunk: string) => {
    out = (out + chunk).slice(-KEEP_OUTPUT_CHARS);
  };
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const waitForExit = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => c.once('exit', () => resolve()));

  const start = async (timeoutMs = 60_000): Promise<void> => {
    if (running()) return;
    append(`\n--- starting ${role} ---\n`);
    const c = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts'), role], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    let pending = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(`${role} did not start within ${timeoutMs} ms`), timeoutMs);
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new Error(`${why}; its output ends with:\n${out.slice(-4_000)}`));
      };
      c.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        append(chunk);
        pending += chunk;
        if (READY.test(pending)) {
          clearTimeout(timer);
          pending = '';
          resolve();
        } else pending = pending.slice(-1_000);
      });
      c.stderr.setEncoding('utf8').on('data', append);
      c.once('exit', (code, signal) => fail(`${role} exited (${code ?? signal}) while starting`));
    });
  };

  await start();
  return {
    role,
    url: role === 'api' ? `http://127.0.0.1:${config.port}` : undefined,
    running,
    start,
    kill: async () => {
      if (!child || !running()) return;
      child.kill('SIGKILL');
      await waitForExit(child);
    },
    stop: async () => {
      if (!child || !running()) return;
      child.kill('SIGTERM');
      await waitForExit(child);
    },
    output: () => out,
  };
}
