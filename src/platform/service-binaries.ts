// Finds the installed server binaries (nats-server, redis-server, PostgreSQL's postgres and initdb) in the usual
// folders of Debian/Ubuntu packages and Homebrew, without reading the environment.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ServiceName } from './service-probe.js';

export const BINARY_DIRS = [
  '/usr/local/sbin',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/bin',
  '/sbin',
  '/bin',
  '/opt/homebrew/bin',
];

/** PostgreSQL's packages keep their servers in versioned folders; the newest comes first. */
export function postgresBinDirs(root = '/usr/lib/postgresql'): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin'));
}

export const SERVICE_EXECUTABLES: Record<ServiceName, string[]> = {
  nats: ['nats-server'],
  redis: ['redis-server'],
  postgres: ['postgres', 'initdb'],
};

/** The folder holding every executable the service needs, or null when it is not installed. */
export function findServiceBinDir(service: ServiceName, dirs = defaultSearchDirs(service)): string | null {
  const needed = SERVICE_EXECUTABLES[service];
  return dirs.find((dir) => needed.every((exe) => existsSync(path.join(dir, exe)))) ?? null;
}

function defaultSearchDirs(service: ServiceName): string[] {
  return service === 'postgres' ? [...postgresBinDirs(), ...BINARY_DIRS] : BINARY_DIRS;
}
