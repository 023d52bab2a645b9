// The dashboard's production build (ui/build, by vite): made when it is missing or older than its sources, so
// `npm start` and the browser tests work from a clean clone. A hash of the sources sits beside the build.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../platform/logger.js';

export const UI_DIR = fileURLToPath(new URL('../../ui/', import.meta.url));
// Relative to ui/; the metric definitions of docs/analytics.md are served by the build too.
const SOURCES = [
  'src',
  'static',
  'package.json',
  'svelte.config.js',
  'vite.config.ts',
  'tsconfig.json',
  '../docs/analytics.md',
];
const STAMP = path.join(UI_DIR, 'build', '.source-hash');
const LOCK = path.join(UI_DIR, '.build-lock');

function files(entry: string): string[] {
  const full = path.join(UI_DIR, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(entry, f))
    .filter((f) => statSync(path.join(UI_DIR, f)).isFile())
    .sort();
}

/** A hash of every source file of ui/ (names and contents). */
export function uiSourceHash(): string {
  const hash = createHash('sha256');
  for (const f of SOURCES.flatMap(files))
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(path.join(UI_DIR, f)));
  return hash.digest('hex');
}

/** Builds ui/ unless ui/build matches the sources; one build at a time (a lock folder), others wait for it. */
export async function ensureUiBuild(logger: Logger): Promise<void> {
  const want = uiSourceHash();
  if (readStamp() === want) return;
  await withLock(async () => {
    if (readStamp() === want) return;
    logger.info('building the dashboard (ui/build is missing or older than ui/src)');
    await runViteBuild();
    writeFileSync(STAMP, want);
  });
}

function readStamp(): string | null {
  return existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : null;
}

async function withLock(work: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than the longest build was left by a killed process.
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 300_000) rmdirSync(LOCK);
      if (Date.now() > deadline) throw new Error(`the dashboard build lock ${LOCK} is held too long`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    await work();
  } finally {
    rmdirSync(LOCK);
  }
}

function runViteBuild(): Promise<void> {
  const vite = path.join(
    path.dirname(createRequire(path.join(UI_DIR, 'package.json')).resolve('vite/package.json')),
    'bin',
    'vite.js',
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: UI_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`the dashboard build failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
}
