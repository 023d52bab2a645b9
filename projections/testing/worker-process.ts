// Runs projections/main.ts in a child process for crash tests. The entry point is bundled once with esbuild
// (packages stay external) so a start costs plain node's time, not a TypeScript loader's; without esbuild it
// falls back to node + tsx's loader. Either way the child is the worker itself, so SIGKILL hits it.
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/platform/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Returns the node arguments that start the projection workers. */
export async function prepareWorkerCommand(): Promise<string[]> {
  try {
    const esbuild = await import('esbuild');
    // Inside the repository so the bundle resolves node_modules; ignored by git.
    const outfile = path.join(
      root,
      'node_modules/.cache/code4me-tests',
      `projections-main-${process.pid}.mjs`,
    );
    await esbuild.build({
      entryPoints: [path.join(root, 'projections/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile,
      logLevel: 'warning',
    });
    return [outfile];
  } catch {
    return ['--import', 'tsx', path.join(root, 'projections/main.ts')];
  }
}

/** Removes the bundle prepareWorkerCommand wrote, if any. */
export async function disposeWorkerCommand(command: string[]): Promise<void> {
  const bundle = command[0];
  if (bundle?.endsWith('.mjs')) await rm(bundle, { force: true });
}

export function startWorkerProcess(command: string[], config: Config, batchSize: number): ChildProcess {
  return spawn(process.execPath, [...command, '--batch-size', String(batchSize)], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: config.databaseUrl,
      NATS_URL: config.natsUrl,
      C4M_NATS_PREFIX: config.natsPrefix,
      C4M_STREAM: config.streamName,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
