// bench/dashboard: the server time of every analytics route with N completions in the analytics tables, side
// by side with a bare route (/api/ping) in the same rounds. Seeds a fresh database (seed-analytics.ts: plugin-
// shaped events through the read model's bulk fold), then measures (measure-routes.ts) for a researcher
// (scope all) over 24 h, 7 days and the whole span, and for one plain user; then the dashboard on the same
// data (measure-ui.ts): each page through the UI server, and the live delay in Chromium.
// Run: npm run bench:dashboard [-- --completions 1000000 --users 200 --days 30 --rounds 30 --seed 1
// --live-rounds 20 --out bench/results/dashboard.json]. The database, stream and keys are removed at the end.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiToken, setUserRole } from '../../src/accounts/index.js';
import { createApp } from '../../src/api/app.js';
import { issueAuthToken } from '../../src/auth/index.js';
import { createTestApiDeps } from '../../tests/support/api-deps.js';
import { seedUser } from '../../tests/support/seed-user.js';
import { createTestEnv } from '../../tests/support/test-env.js';
import { describeHardware } from '../rebuild/report.js';
import { measureRoutes, type RouteTiming } from './measure-routes.js';
import { measureUi, type UiBench } from './measure-ui.js';
import { seedAnalytics } from './seed-analytics.js';

const option = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const outIndex = process.argv.indexOf('--out');
const out = outIndex >= 0 ? process.argv[outIndex + 1]! : 'bench/results/dashboard.json';
const completions = option('completions', 1_000_000);
const users = option('users', 200);
const days = option('days', 30);
const rounds = option('rounds', 30);
const seed = option('seed', 1);

const env = await createTestEnv();
const api = await createTestApiDeps(env);
try {
  const end = new Date();
  console.error(`seeding ${completions} completions of ${users} users over ${days} days ...`);
  const seeded = await seedAnalytics(env.config.databaseUrl, { completions, users, days, seed, end });
  console.error(
    `folded ${seeded.events} events in ${seeded.foldSeconds.toFixed(1)} s, wrote ${seeded.rows} rows in ${seeded.writeSeconds.toFixed(1)} s`,
  );
  const { deps } = api;
  const researcher = await seedUser(deps.db, { verified: true });
  await setUserRole(deps, researcher.userId, 'researcher', 'bench');
  const { secret } = await createApiToken(deps, {
    userId: researcher.userId,
    name: 'bench',
    correlationId: 'bench',
  });
  const asResearcher = { authorization: `Bearer ${secret}` };
  const asUser = { cookie: `auth_token=${await issueAuthToken(deps.redis, seeded.users[0]!, 3600)}` };
  const windows = { '24h': day(end, 1), '7d': day(end, 7), [`${days}d`]: day(end, days) };
  const routes = [{ name: 'ping (bare route)', path: '/api/ping' }];
  for (const [label, from] of Object.entries(windows)) {
    const w = `from=${from}&to=${end.toISOString()}`;
    routes.push(
      ...[
        ['overview', `/api/analytics/overview?${w}`],
        ...['model', 'language', 'trigger', 'version', 'user'].map((by) => [
          `breakdown by ${by}`,
          `/api/analytics/breakdown?by=${by}&${w}`,
        ]),
        [
          'breakdown by time',
          `/api/analytics/breakdown?by=time&interval=${label === '24h' ? 'hour' : 'day'}&${w}`,
        ],
        ['compare', `/api/analytics/compare?models=${seeded.models.join(',')}&${w}`],
        ['survival', `/api/analytics/survival?${w}`],
        ['calibration', `/api/analytics/calibration?${w}`],
      ].map(([name, p]) => ({ name: `${label} ${name}`, path: p!, headers: asResearcher })),
    );
  }
  routes.push({ name: 'dimensions', path: '/api/analytics/dimensions', headers: asResearcher } as never);
  routes.push({
    name: `own ${days}d overview`,
    path: `/api/analytics/overview?from=${day(end, days)}`,
    headers: asUser,
  } as never);
  const app = createApp(deps);
  const timings = await measureRoutes(app, routes, { rounds, warmup: 3 });
  printTable(timings);
  console.error('measuring the dashboard: pages through the UI server, live delay in Chromium ...');
  const dashboard = await measureUi(env, {
    rounds,
    liveRounds: option('live-rounds', 20),
    models: seeded.models,
    windows: ['24h', '30d'],
  });
  printUiTable(dashboard);
  const hardware = await describeHardware(env.config.databaseUrl, 'n/a');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      { completions, users, days, rounds, seed, seeded, hardware, load: os.loadavg(), timings, dashboard },
      null,
      2,
    ) + '\n',
  );
  console.error(`wrote ${out}`);
} finally {
  await api.close();
  await env.cleanup();
}

function day(end: Date, n: number): string {
  return new Date(end.getTime() - n * 86_400_000).toISOString();
}

function printTable(timings: readonly RouteTiming[]): void {
  const ping = timings[0]!;
  console.log('| route | p50 ms | p95 ms | p50 / ping |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const t of timings)
    console.log(
      `| ${t.name} | ${t.p50Ms.toFixed(1)} | ${t.p95Ms.toFixed(1)} | ${(t.p50Ms / ping.p50Ms).toFixed(0)}× |`,
    );
}

function printUiTable(ui: UiBench): void {
  console.log('\n| dashboard page (through the UI server) | p50 ms | p95 ms |');
  console.log('| --- | ---: | ---: |');
  for (const [name, q] of Object.entries(ui.pages))
    console.log(`| ${name} | ${q.p50.toFixed(1)} | ${q.p95.toFixed(1)} |`);
  console.log(
    `| live delay: feedback request → change on screen (${ui.live.n} rounds) | ${ui.live.p50.toFixed(0)} | ${ui.live.p95.toFixed(0)} |`,
  );
}
