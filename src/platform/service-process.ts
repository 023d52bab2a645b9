// Starts one local nats-server, redis-server or postgres under its own data folder, bound to loopback only, and
// stops it again. PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceEndpoint, ServiceName } from './service-probe.js';

export interface ServiceLaunch {
  service: ServiceName;
  binDir: string;
  endpoint: ServiceEndpoint;
  /** `<dataDir>/<service>`: the service's files and its log. */
  dir: string;
  /** PostgreSQL's superuser name (the user of DATABASE_URL). */
  pgUser?: string;
  /** nats-server: fsync every JetStream write before acknowledging it (needs nats-server 2.10 or later). */
  natsSyncAlways?: boolean;
}

export interface ServiceProcess {
  child: ChildProcess;
  logFile: string;
  /** Asks the server to shut down cleanly; kills it after the grace period. */
  stop(graceMs?: number): Promise<void>;
  /** Sends the clean-shutdown signal and returns at once. */
  signalStop(): void;
}

interface RunAs {
  uid: number;
  gid: number;
}

// The signal each server takes as "shut down cleanly now": postgres' fast shutdown is SIGINT.
const STOP_SIGNAL: Record<ServiceName, NodeJS.Signals> = {
  nats: 'SIGTERM',
  redis: 'SIGTERM',
  postgres: 'SIGINT',
};

export function launchService(launch: ServiceLaunch): ServiceProcess {
  mkdirSync(launch.dir, { recursive: true });
  const runAs = launch.service === 'postgres' ? preparePostgres(launch) : undefined;
  const [command, args] = commandLine(launch);
  const logFile = path.join(launch.dir, `${launch.service}.log`);
  const log = openSync(logFile, 'a');
  // Own process group: a Ctrl-C in the terminal reaches only us, and we stop the servers after draining.
  const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], ...runAs });
  closeSync(log);
  // A failed spawn shows up as an early exit, which the caller's readiness wait reports with the log.
  child.on('error', () => undefined);
  const signal = STOP_SIGNAL[launch.service];
  return {
    child,
    logFile,
    stop: (graceMs = 15_000) => stopChild(child, signal, graceMs),
    signalStop: () => void (child.exitCode === null && child.signalCode === null && child.kill(signal)),
  };
}

function commandLine({ service, binDir, endpoint, dir, natsSyncAlways }: ServiceLaunch): [string, string[]] {
  const host = endpoint.host === 'localhost' ? '127.0.0.1' : endpoint.host;
  const port = String(endpoint.port);
  switch (service) {
    case 'nats':
      return [
        path.join(binDir, 'nats-server'),
        [
          '-c',
          natsConfigFile(dir, natsSyncAlways ?? false),
          '-a',
          host,
          '-p',
          port,
          '-js',
          '-sd',
          path.join(dir, 'jetstream'),
        ],
      ];
    case 'redis':
      // Tokens and sessions live here: keep them across restarts with the append-only file.
      return [
        path.join(binDir, 'redis-server'),
        [
          '--bind',
          host,
          '--port',
          port,
          '--dir',
          dir,
          '--appendonly',
          'yes',
          '--save',
          '',
          '--daemonize',
          'no',
        ],
      ];
    case 'postgres':
      return [
        path.join(binDir, 'postgres'),
        [
          '-D',
          path.join(dir, 'data'),
          '-p',
          port,
          '-c',
          `listen_addresses=${host}`,
          '-c',
          'unix_socket_directories=',
        ],
      ];
  }
}

/**
 * Settings the command line cannot give: context updates carry whole files, over NATS' default 1 MB; and, where
 * the server supports it, an fsync before every acknowledgement (docs/operations.md, Durability).
 */
function natsConfigFile(dir: string, syncAlways: boolean): string {
  const file = path.join(dir, 'nats-server.conf');
  const lines = [
    '# Written by Code4me (src/platform/service-process.ts) on every start.',
    'max_payload: 8MB',
  ];
  if (syncAlways) lines.push('jetstream {', '  sync_interval: always', '}');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Creates the cluster on first use (trust authentication, loopback only); returns the user to run as. */
function preparePostgres(launch: ServiceLaunch): RunAs | undefined {
  const dataDir = path.join(launch.dir, 'data');
  const runAs = process.getuid?.() === 0 ? postgresSystemUser() : undefined;
  if (runAs) {
    chownSync(launch.dir, runAs.uid, runAs.gid);
    const probe = spawnSync('test', ['-w', launch.dir], { ...runAs });
    if (probe.status !== 0) {
      throw new Error(
        `PostgreSQL runs as the 'postgres' user, which cannot write to ${launch.dir} (a parent folder is closed to it). ` +
          'Set C4M_DATA_DIR to a folder it can reach, or start PostgreSQL yourself.',
      );
    }
  }
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return runAs;
  const init = spawnSync(
    path.join(launch.binDir, 'initdb'),
    ['-D', dataDir, '-U', launch.pgUser ?? 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale'],
    { encoding: 'utf8', ...runAs },
  );
  if (init.status !== 0) {
    throw new Error(`initdb failed for ${dataDir}:\n${init.stderr || init.stdout || String(init.error)}`);
  }
  return runAs;
}

function postgresSystemUser(): RunAs {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(
      "PostgreSQL refuses to run as root and there is no 'postgres' user to run it as. " +
        "Install Debian's postgresql package (it creates the user), run as another user, or start PostgreSQL yourself.",
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** The last lines of a service's log, for error messages. */
export function logTail(logFile: string, lines = 15): string {
  if (!existsSync(logFile)) return '';
  return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
