// Faults under load: simulated plugin sessions run against the platform's roles, each in its own process, on
// private NATS, PostgreSQL and Redis servers. NATS, PostgreSQL and Redis are restarted in turn and each role is
// killed with SIGKILL. While a dependency is down the API answers 503 with Retry-After for what needs it (never
// another 5xx, never slower than the plugin's 10 s) and keeps serving what does not; once it is back everything
// resumes by itself. Afterwards every acknowledged request is in the stream once and in the tables once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../migrations/migrate.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { createDb, type Db } from '../../src/platform/db.js';
import { createNats, type Nats } from '../../src/platform/nats.js';
import { countAcknowledged } from '../support/count-acknowledged.js';
import { eventually } from '../support/eventually.js';
import { startRoleProcess, type RoleProcess } from '../support/platform-processes.js';
import {
  startPluginLoad,
  summarizeAnswers,
  type LoadAnswer,
  type PluginLoad,
} from '../support/plugin-load.js';
import { freePort, startPrivateServices, type PrivateServices } from '../support/private-services.js';
import { testModelEntry } from '../support/test-models.js';

const MODEL = 1;
const ROUTES: LoadAnswer['route'][] = [
  'signup',
  'authenticate',
  'session',
  'project',
  'completion',
  'feedback',
];
/** The plugin's HTTP timeout: no answer may take longer. */
const PLUGIN_TIMEOUT_MS = 10_000;

let services: PrivateServices;
let config: Config;
let folder: string;
const roles: Partial<Record<'api' | 'inference' | 'projections', RoleProcess>> = {};
let load: PluginLoad;

interface Window {
  fault: string;
  /** When it was taken away, when it was back, when completions were served again. */
  from: number;
  to: number;
  resumed: number;
}
const windows: Window[] = [];

beforeAll(async () => {
  services = await startPrivateServices();
  folder = mkdtempSync(path.join(tmpdir(), 'c4m-faults-'));
  const registry = path.join(folder, 'registry.json');
  writeFileSync(registry, JSON.stringify({ models: [testModelEntry(MODEL, 'echo-model', 'echo')] }));
  const admin = new pg.Client({ connectionString: services.postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE code4me');
  await admin.end();
  config = loadConfig(
    {},
    {
      host: '127.0.0.1',
      port: await freePort(),
      natsUrl: services.nats.url,
      databaseUrl: services.postgres.url.replace(/\/postgres$/, '/code4me'),
      redisUrl: services.redis.url,
      modelRegistryFile: registry,
      dataDir: path.join(folder, 'data'),
      rateLimitPerMinute: 1_000_000,
      authRateLimitPerMinute: 1_000_000,
      logLevel: 'info',
    },
  );
  await migrateToLatest(config.databaseUrl);
  // Started in the platform's own order: the workers first, the api (which takes the traffic) last.
  for (const role of ['inference', 'projections', 'api'] as const)
    roles[role] = await startRoleProcess(role, config);
}, 120_000);

afterAll(async () => {
  await load?.stop();
  for (const role of ['api', 'projections', 'inference'] as const) await roles[role]?.stop();
  await services?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const outputs = () =>
  Object.values(roles)
    .map((r) => `=== ${r.role}\n${r.output().slice(-3_000)}`)
    .join('\n');

/** Waits until the load got `n` answers of these routes that were sent and answered after `since`. */
async function answeredSince(since: number, n: number, routes: LoadAnswer['route'][] = ['completion']) {
  await eventually(() => {
    const seen = load.answersSince(since, routes).filter((a) => a.at - a.ms >= since);
    if (seen.length < n)
      throw new Error(
        `${seen.length} answers since ${since}, waiting for ${n}:\n${summarizeAnswers(load.answers)}`,
      );
    return seen;
  }, 60_000);
  return load.answersSince(since, routes).filter((a) => a.at - a.ms >= since);
}

/** The load serves completions again (a 2xx completion sent after `since`). */
async function resumed(since: number): Promise<void> {
  await eventually(
    () => {
      const ok = load
        .answersSince(since, ['completion'])
        .some((a) => a.status === 200 && a.at - a.ms >= since);
      if (!ok)
        throw new Error(`no completion since ${since}:\n${summarizeAnswers(load.answers)}\n${outputs()}`);
    },
    60_000,
    100,
  );
}

async function ping(): Promise<number> {
  const res = await fetch(`${roles.api!.url}/api/ping`, { signal: AbortSignal.timeout(PLUGIN_TIMEOUT_MS) });
  return res.status;
}

/** Takes `name` away, lets the load meet the outage, brings it back and waits until completions are served. */
async function outage(
  fault: string,
  down: () => Promise<void>,
  up: () => Promise<void>,
  whileDown: (answers: LoadAnswer[]) => Promise<void> | void,
): Promise<void> {
  const from = Date.now();
  await down();
  const during = await answeredSince(Date.now(), 6, ROUTES);
  try {
    await whileDown(during);
  } catch (err) {
    throw new Error(`${fault}: ${(err as Error).message}\nanswers while down:\n${summarizeAnswers(during)}`, {
      cause: err,
    });
  }
  await up();
  const to = Date.now();
  await resumed(to);
  windows.push({ fault, from, to, resumed: Date.now() });
  console.log(
    `${fault}: down ${to - from} ms, completions served again ${Date.now() - to} ms after it was back; while down:\n  ${summarizeAnswers(during).replaceAll('\n', '\n  ')}`,
  );
}

/** Which fault an answer's request met (it was sent or answered between the fault and the resumption). */
function faultOf(a: LoadAnswer): string {
  const sent = a.at - a.ms;
  return windows.find((w) => sent <= w.resumed && a.at >= w.from)?.fault ?? 'no fault';
}

describe('the platform under plugin load', () => {
  it('answers 503 with Retry-After while a dependency is down, resumes by itself, and loses or doubles nothing', async () => {
    load = startPluginLoad(roles.api!.url!, { sessions: 3, modelId: MODEL });
    await resumed(Date.now());

    await outage(
      'nats',
      () => services.nats.stop(),
      () => services.nats.start(),
      async (answers) => {
        expect(answers.map((a) => a.status)).toContain(503);
        expect(await ping()).toBe(200);
      },
    );
    await outage(
      'redis',
      () => services.redis.stop(),
      () => services.redis.start(),
      async (answers) => {
        expect(answers.map((a) => a.status)).toContain(503);
        expect(await ping()).toBe(200);
      },
    );
    await outage(
      'postgres',
      () => services.postgres.stop(),
      () => services.postgres.start(),
      async (answers) => {
        // Completions and feedback need no PostgreSQL: they go on being served while sign-ups wait.
        const served = answers.filter((a) => a.route === 'completion' && a.status === 200);
        expect(served.length).toBeGreaterThan(0);
        const signUps = await answeredSince(Date.now(), 1, ['signup', 'authenticate', 'session', 'project']);
        expect(signUps.map((a) => a.status)).toContain(503);
      },
    );
    for (const role of ['inference', 'projections', 'api'] as const) {
      await outage(
        `kill -9 ${role}`,
        () => roles[role]!.kill(),
        () => roles[role]!.start(),
        () => undefined,
      );
    }
    await load.stop();

    const slowest = Math.max(...load.answers.map((a) => a.ms));
    console.log(
      `${load.answers.length} answers in all, the slowest after ${slowest} ms:\n  ${summarizeAnswers(load.answers).replaceAll('\n', '\n  ')}`,
    );
    const bad = load.answers.filter((a) => (a.status >= 500 && a.status !== 503) || a.status === -1);
    expect(bad.map((a) => ({ ...a, fault: faultOf(a) }))).toEqual([]);
    expect(load.answers.filter((a) => a.status === 503 && !a.retryAfter)).toEqual([]);
    expect(slowest).toBeLessThan(PLUGIN_TIMEOUT_MS);
    const apiDown = windows.find((w) => w.fault === 'kill -9 api')!;
    const refused = load.answers.filter(
      (a) => a.status === 0 && (a.at < apiDown.from || a.at > apiDown.to + 1_000),
    );
    expect(refused).toEqual([]);

    const nats: Nats = await createNats(config.natsUrl, 'faults-test');
    const db: Db = createDb(config.databaseUrl, 2);
    try {
      const count = await eventually(
        async () => {
          const c = await countAcknowledged(nats, config.streamName, db, load.acknowledged);
          if (c.discrepancies.length > 0) throw new Error(c.discrepancies.slice(0, 20).join('\n'));
          return c;
        },
        60_000,
        500,
      );
      expect(count.counted.queries).toBeGreaterThan(0);
      expect(count.counted.feedback).toBeGreaterThan(0);
      expect(count.counted.sessions).toBeGreaterThan(0);
    } finally {
      await nats.nc.close();
      await db.destroy();
    }
  }, 600_000);
});
