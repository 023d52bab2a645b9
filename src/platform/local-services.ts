// Makes sure NATS, PostgreSQL and Redis answer at the configured URLs: uses the ones that answer, starts its own
// under <dataDir>/<service> when allowed and installed, and otherwise says exactly what to install or run.
import path from 'node:path';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { describeNatsDurability, loadNatsServerVersion } from './nats-server-version.js';
import { findServiceBinDir } from './service-binaries.js';
import { launchService, logTail, type ServiceProcess } from './service-process.js';
import {
  isLoopbackHost,
  probeService,
  serviceEndpoint,
  waitUntilAnswers,
  type ServiceEndpoint,
  type ServiceName,
} from './service-probe.js';

export type { ServiceName } from './service-probe.js';

export const SERVICE_LABELS: Record<
  ServiceName,
  { label: string; url: 'natsUrl' | 'databaseUrl' | 'redisUrl'; env: string; exe: string }
> = {
  nats: { label: 'NATS (JetStream)', url: 'natsUrl', env: 'NATS_URL', exe: 'nats-server' },
  postgres: { label: 'PostgreSQL', url: 'databaseUrl', env: 'DATABASE_URL', exe: 'postgres/initdb' },
  redis: { label: 'Redis', url: 'redisUrl', env: 'REDIS_URL', exe: 'redis-server' },
};

export const INSTALL_HINT =
  'Install them with `apt-get install nats-server postgresql redis-server`, ' +
  'or run them in Docker with `docker compose up -d nats postgres redis`.';

export interface ServiceSituation {
  service: ServiceName;
  endpoint: ServiceEndpoint;
  answers: boolean;
  autoStart: boolean;
  /** Folder of the installed binaries, or null when not installed. */
  binDir: string | null;
}

export const START_HINT = 'Start them, or point the variables above at servers that answer.';

export type ServiceDecision =
  | { action: 'use' }
  | { action: 'start'; binDir: string }
  | { action: 'fail'; reason: string; notInstalled?: true };

/** What to do about one service; pure, so every case is unit-tested. */
export function decideServiceAction(s: ServiceSituation): ServiceDecision {
  const { label, env, exe } = SERVICE_LABELS[s.service];
  const where = `${label} does not answer at ${s.endpoint.host}:${s.endpoint.port}`;
  if (s.answers) return { action: 'use' };
  if (!s.autoStart) {
    return {
      action: 'fail',
      reason: `${where}, and C4M_AUTO_START_SERVICES=false. Start it, or set ${env}.`,
    };
  }
  if (!isLoopbackHost(s.endpoint.host)) {
    return {
      action: 'fail',
      reason: `${where}; it is not on this machine, so it is not started here. Set ${env}.`,
    };
  }
  if (s.binDir === null)
    return { action: 'fail', reason: `${where}, and ${exe} is not installed.`, notInstalled: true };
  return { action: 'start', binDir: s.binDir };
}

/** `hint` says what to do next: how to install them only when something is not installed. */
export class LocalServicesError extends Error {
  constructor(
    readonly reasons: string[],
    hint: string = INSTALL_HINT,
  ) {
    super(`backing services missing:\n  - ${reasons.join('\n  - ')}\n${hint}`);
    this.name = 'LocalServicesError';
  }
}

export interface LocalServices {
  /** The services this process started (and will stop). */
  started: ServiceName[];
  stop(): Promise<void>;
  /** For a forced exit: asks each started server to shut down, without waiting for it. */
  signalStop(): void;
}

const START_TIMEOUT_MS: Record<ServiceName, number> = { nats: 20_000, redis: 20_000, postgres: 60_000 };

/** Probes the needed services, then starts the missing ones together; throws LocalServicesError when it cannot. */
export async function ensureLocalServices(
  config: Config,
  needed: readonly ServiceName[],
  logger: Logger,
): Promise<LocalServices> {
  const situations = await Promise.all(needed.map((service) => situationOf(service, config)));
  const decisions = situations.map((s) => ({ s, d: decideServiceAction(s) }));
  const failed = decisions.flatMap(({ d }) => (d.action === 'fail' ? [d] : []));
  if (failed.length > 0) {
    const hint = failed.some((d) => d.notInstalled) ? INSTALL_HINT : START_HINT;
    throw new LocalServicesError(
      failed.map((d) => d.reason),
      hint,
    );
  }
  for (const { s, d } of decisions) {
    if (d.action === 'use')
      logger.info(`${SERVICE_LABELS[s.service].label}: using ${s.endpoint.host}:${s.endpoint.port}`);
  }
  const processes: ServiceProcess[] = [];
  const started: ServiceName[] = [];
  let stopping = false;
  const stop = async (): Promise<void> => {
    stopping = true;
    await Promise.all(processes.map((p) => p.stop()));
    if (started.length > 0) logger.info(`stopped the local ${started.join(', ')}`);
  };
  const toStart = decisions.flatMap(({ s, d }) => (d.action === 'start' ? [{ s, binDir: d.binDir }] : []));
  const results = await Promise.allSettled(
    toStart.map(async ({ s, binDir }) => {
      const dir = path.resolve(config.dataDir, s.service);
      const proc = launchService({
        service: s.service,
        binDir,
        endpoint: s.endpoint,
        dir,
        pgUser: pgUser(config),
        natsSyncAlways: s.service === 'nats' && natsSyncAlways(binDir, logger),
      });
      processes.push(proc);
      await waitForStart(s, proc);
      started.push(s.service);
      proc.child.once('exit', (code, signal) => {
        if (!stopping)
          logger.error({ code, signal, log: proc.logFile }, `the local ${s.service} stopped unexpectedly`);
      });
      logger.info(
        `${SERVICE_LABELS[s.service].label}: started on ${s.endpoint.host}:${s.endpoint.port}, files in ${dir}`,
      );
    }),
  );
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (failures.length > 0) {
    await stop();
    throw new LocalServicesError(failures, START_HINT);
  }
  return { started, stop, signalStop: () => processes.forEach((p) => p.signalStop()) };
}

async function situationOf(service: ServiceName, config: Config): Promise<ServiceSituation> {
  const endpoint = serviceEndpoint(service, config[SERVICE_LABELS[service].url]);
  const answers = await probeService(service, endpoint);
  const binDir = answers || !config.autoStartServices ? null : findServiceBinDir(service);
  return { service, endpoint, answers, autoStart: config.autoStartServices, binDir };
}

async function waitForStart(s: ServiceSituation, proc: ServiceProcess): Promise<void> {
  let exited = false;
  proc.child.once('exit', () => (exited = true));
  proc.child.once('error', () => (exited = true));
  const ok = await waitUntilAnswers(s.service, s.endpoint, START_TIMEOUT_MS[s.service], () => exited);
  if (ok) return;
  const { label } = SERVICE_LABELS[s.service];
  const why = exited ? 'exited' : `did not answer within ${START_TIMEOUT_MS[s.service] / 1000} s`;
  throw new Error(
    `${label} started here ${why}; its log ${proc.logFile} ends with:\n${logTail(proc.logFile)}`,
  );
}

/** Durable appends where the installed nats-server can fsync each one; a warning where it cannot. */
function natsSyncAlways(binDir: string, logger: Logger): boolean {
  const durability = describeNatsDurability(loadNatsServerVersion(path.join(binDir, 'nats-server')));
  logger[durability.level](`${SERVICE_LABELS.nats.label}: ${durability.message}`);
  return durability.syncAlways;
}

function pgUser(config: Config): string {
  return decodeURIComponent(new URL(config.databaseUrl).username) || 'postgres';
}
