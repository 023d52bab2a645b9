// The version of an installed nats-server and what it can promise: `sync_interval: always` (fsync every write
// before acknowledging it) exists from 2.10 on; 2.9, which Debian 12 ships, rejects the field.
import { spawnSync } from 'node:child_process';

export interface NatsServerVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

/** Reads `nats-server --version` output ("nats-server: v2.9.10"); null when it holds no version. */
export function parseNatsServerVersion(output: string): NatsServerVersion | null {
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(output);
  if (!m) return null;
  const [, major, minor, patch] = m;
  return { major: Number(major), minor: Number(minor), patch: Number(patch), text: m[0].replace(/^v/, '') };
}

/** Runs the binary with --version; null when it cannot be run or says no version. */
export function loadNatsServerVersion(executable: string): NatsServerVersion | null {
  const run = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (run.status !== 0) return null;
  return parseNatsServerVersion(`${run.stdout}${run.stderr}`);
}

export function supportsSyncAlways(v: NatsServerVersion | null): boolean {
  return v !== null && (v.major > 2 || (v.major === 2 && v.minor >= 10));
}

export interface NatsDurability {
  syncAlways: boolean;
  level: 'info' | 'warn';
  message: string;
}

/** What a local nats-server of this version is started with, and the line that tells the operator so. */
export function describeNatsDurability(v: NatsServerVersion | null): NatsDurability {
  if (v !== null && supportsSyncAlways(v)) {
    return {
      syncAlways: true,
      level: 'info',
      message: `nats-server ${v.text} fsyncs every event before acknowledging it (sync_interval: always)`,
    };
  }
  return {
    syncAlways: false,
    level: 'warn',
    message:
      `nats-server ${v?.text ?? 'of unknown version'} has no sync_interval setting (2.10 and later have it), so ` +
      'it flushes events to disk lazily (every 2 minutes): an OS crash or power loss can lose events it has ' +
      'already acknowledged. Install nats-server 2.10 or later for durable appends (docs/operations.md, Durability).',
  };
}
