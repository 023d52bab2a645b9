// Runs the real c4m command line (`node --import tsx src/cli/main.ts`, what `npm run c4m` runs) in a child
// process against a test configuration, for end-to-end tests. The child is node itself, so a SIGKILL hits
// the CLI and nothing else; its stdout is a pipe, so it prints plain progress lines.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/platform/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliRun {
  child: ChildProcess;
  /** Everything the CLI wrote to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The environment that points the CLI at a test configuration (also for runCli of src/cli in-process). */
export function cliEnvOf(config: Config): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    NATS_URL: config.natsUrl,
    C4M_NATS_PREFIX: config.natsPrefix,
    C4M_STREAM: config.streamName,
    C4M_CLI_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
  };
}

export function startCli(config: Config, args: readonly string[]): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    env: cliEnvOf(config),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const w of [...waiters]) {
      const line = out.split('\n').find((l) => w.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLine(pattern, timeoutMs = 30_000) {
      const found = out.split('\n').find((l) => pattern.test(l));
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line ${pattern} in time; stdout: ${out}; stderr: ${err}`)),
          timeoutMs,
        );
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`the CLI exited first; stdout: ${out}; stderr: ${err}`));
        });
      });
    },
  };
}

/** Runs the CLI to its end. */
export async function runCli(
  config: Config,
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startCli(config, args);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}
