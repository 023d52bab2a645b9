// bench/load: many simulated plugin sessions (bench/load/simulated-plugin.ts: sign up, context updates,
// completions, acceptance and ground truth at the plugin's rates) for a bounded time against a platform it starts
// itself (api, inference and projections roles in their own processes, on an isolated database, stream and
// prefixes). Reports sustained requests/s, p50/p95/p99 per route, errors, projection lag and memory per role.
// Run: npm run bench:load [-- --sessions 50 --duration 120 --ramp 10 --seed 1]. Needs NATS, PostgreSQL, Redis.
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createTestEnv } from '../../tests/support/test-env.js';
import { PluginClient, httpTarget } from '../../tests/support/plugin-client.js';
import { createNats } from '../../src/platform/nats.js';
import { BENCH_REGISTRY } from '../completion-overhead/server-env.js';
import { startPlatformRoles, rssMiBOf, ROLES, type Role } from './platform-roles.js';
import { projectionLag, totalLag } from './projection-lag.js';
import { RouteStats, type RouteSummary } from './route-stats.js';
import { PLUGIN_PROFILE, runPluginSession, type SessionOutcome } from './simulated-plugin.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const sessions = Math.floor(arg('sessions', 50));
const durationS = arg('duration', 120);
const rampS = Math.min(arg('ramp', 10), durationS / 2);
const seed = Math.floor(arg('seed', 1));
const logPath = '/tmp/c4m-bench-load.log';

const env = await createTestEnv({ overrides: { modelRegistryFile: BENCH_REGISTRY } });
const log = createWriteStream(logPath);
const roles = await startPlatformRoles(
  env.config,
  {
    C4M_MODEL_REGISTRY: BENCH_REGISTRY,
    // Every simulated plugin connects from 127.0.0.1, so the per-client limits would count all of them as one.
    C4M_RATE_LIMIT_PER_MINUTE: '100000000',
    C4M_AUTH_RATE_LIMIT_PER_MINUTE: '100000000',
  },
  { logFile: () => log },
);
const nats = await createNats(env.config.natsUrl, 'bench-load');
try {
  await waitForFirstCompletion(roles.apiUrl);
  const stats = new RouteStats();
  const samples: Array<{ atS: number; rssMiB: Record<Role, number | undefined>; lag: number }> = [];
  const lagByModelMax: Record<string, number> = {};
  const cpu0 = cpuSecondsOf(roles.pids);
  const ownCpu0 = process.cpuUsage();
  const loadAverageAtStart = loadavg();
  const started = Date.now();
  const endAt = started + durationS * 1000;
  const sample = async () => {
    const lag = await projectionLag(nats.jsm, env.config.streamName);
    for (const [m, n] of Object.entries(lag)) lagByModelMax[m] = Math.max(lagByModelMax[m] ?? 0, n ?? 0);
    samples.push({ atS: (Date.now() - started) / 1000, rssMiB: roles.rssMiB(), lag: totalLag(lag) });
  };
  const sampler = setInterval(() => void sample().catch(() => undefined), 1000);
  console.error(`${sessions} sessions for ${durationS} s (ramp ${rampS} s) against ${roles.apiUrl} ...`);
  const outcomes: SessionOutcome[] = await Promise.all(
    Array.from({ length: sessions }, (_, index) =>
      runPluginSession({
        apiUrl: roles.apiUrl,
        index,
        seed,
        startAt: started + (index / sessions) * rampS * 1000,
        endAt,
        stats,
      }),
    ),
  );
  const loadEnded = Date.now();
  const elapsedS = (loadEnded - started) / 1000;
  const cpu1 = cpuSecondsOf(roles.pids);
  const ownCpu = process.cpuUsage(ownCpu0);
  const loadAverageAtEnd = loadavg();
  // Projection lag after the load: how long until every read model has applied every event.
  let catchUpS: number | null = null;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    if (totalLag(await projectionLag(nats.jsm, env.config.streamName)) === 0) {
      catchUpS = (Date.now() - loadEnded) / 1000;
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  clearInterval(sampler);
  const streamEvents = (await nats.jsm.streams.info(env.config.streamName)).state.messages;
  const routes = stats.summarize(elapsedS);
  const memory = Object.fromEntries(
    ROLES.map((r) => {
      const values = samples.map((s) => s.rssMiB[r]).filter((v): v is number => v !== undefined);
      return [r, { peakMiB: Math.max(...values), lastMiB: values[values.length - 1] ?? NaN }];
    }),
  ) as Record<Role, { peakMiB: number; lastMiB: number }>;
  const cpuSeconds = Object.fromEntries(ROLES.map((r) => [r, cpu1[r] - cpu0[r]])) as Record<Role, number>;
  const result = {
    at: new Date().toISOString(),
    command: `npm run bench:load -- --sessions ${sessions} --duration ${durationS} --ramp ${rampS} --seed ${seed}`,
    sessions,
    durationS,
    rampS,
    elapsedS,
    profile: PLUGIN_PROFILE,
    signedIn: outcomes.filter((o) => o.signedIn).length,
    completions: outcomes.reduce((a, o) => a + o.completions, 0),
    accepted: outcomes.reduce((a, o) => a + o.accepted, 0),
    groundTruthAfterEnd: outcomes.reduce((a, o) => a + o.groundTruthAfterEnd, 0),
    streamEvents,
    routes,
    projectionLag: {
      maxEvents: Math.max(0, ...samples.map((s) => s.lag)),
      maxEventsPerReadModel: lagByModelMax,
      catchUpAfterLoadS: catchUpS,
    },
    memory,
    cpuSeconds,
    loadGenerator: { rssMiB: rssMiBOf(process.pid), cpuSeconds: (ownCpu.user + ownCpu.system) / 1e6 },
    // 1, 5 and 15 minute load averages: the machine is shared, so this says how much else ran.
    machine: { cores: cpus().length, loadAverageAtStart, loadAverageAtEnd },
  };
  printReport(result, routes);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/load.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log('\nJSON: bench/results/load.json; role logs: ' + logPath);
} finally {
  await nats.nc.close();
  await roles.stop();
  log.end();
  await env.cleanup();
}

/** The API answers before the inference role may have subscribed: wait for one real completion. */
async function waitForFirstCompletion(apiUrl: string): Promise<void> {
  const probe = new PluginClient(httpTarget(apiUrl));
  const email = `load-probe-${Date.now()}@example.org`;
  const password = 'Load-Passw0rd';
  await probe.ok('POST', '/api/user/create', {
    email,
    name: 'Probe',
    password,
    config_id: 1,
    token: '',
    provider: 'no_provider',
  });
  await probe.ok('POST', '/api/user/authenticate', { email, password, provider: 'no_provider', token: '' });
  await probe.ok('GET', '/api/session/acquire');
  const p = await probe.ok<{ project_token: string }>('POST', '/api/project/create', {
    project_name: 'probe',
  });
  await probe.ok('PUT', '/api/project/activate', { project_id: p.project_token });
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const r = await probe.ok<{ data: { completions: unknown[] } }>('POST', '/api/completion/request', {
      model_ids: [PLUGIN_PROFILE.modelId],
      context: { prefix: 'x = ', suffix: '', file_name: 'a.py', context_files: [] },
      contextual_telemetry: { version_id: 3, trigger_type_id: 1, language_id: 47 },
    });
    if (r.data.completions.length > 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('no completion from the inference role within 60 s');
}

function cpuSecondsOf(pids: Record<Role, number>): Record<Role, number> {
  return Object.fromEntries(
    ROLES.map((r) => {
      try {
        const f = readFileSync(`/proc/${pids[r]}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        return [r, (Number(f[11]) + Number(f[12])) / 100];
      } catch {
        return [r, NaN];
      }
    }),
  ) as Record<Role, number>;
}

function printReport(
  r: {
    sessions: number;
    elapsedS: number;
    signedIn: number;
    completions: number;
    streamEvents: number;
    projectionLag: {
      maxEventsPerReadModel: Record<string, number>;
      catchUpAfterLoadS: number | null;
    };
    loadGenerator: { cpuSeconds: number };
    machine: { cores: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
    memory: Record<Role, { peakMiB: number; lastMiB: number }>;
    cpuSeconds: Record<Role, number>;
  },
  routes: RouteSummary[],
): void {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
  console.log(
    `\n${r.sessions} sessions (${r.signedIn} signed in), ${r.elapsedS.toFixed(1)} s, ${r.completions} completions, ${r.streamEvents} events in the stream\n`,
  );
  console.log('| route | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const x of routes) {
    const errs = x.errors
      ? `${x.errors} (${Object.entries(x.errorStatuses)
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ')})`
      : '0';
    console.log(
      `| ${x.route} | ${x.requests} | ${x.rps.toFixed(1)} | ${f(x.p50Ms)} | ${f(x.p95Ms)} | ${f(x.p99Ms)} | ${f(x.maxMs)} | ${errs} |`,
    );
  }
  console.log('\n| role | peak RSS MiB | RSS at end MiB | CPU s during the load |');
  console.log('| --- | --- | --- | --- |');
  for (const role of ROLES)
    console.log(
      `| ${role} | ${r.memory[role].peakMiB.toFixed(0)} | ${r.memory[role].lastMiB.toFixed(0)} | ${r.cpuSeconds[role].toFixed(1)} |`,
    );
  console.log(`| load generator | | | ${r.loadGenerator.cpuSeconds.toFixed(1)} |`);
  const catchUp = r.projectionLag.catchUpAfterLoadS;
  const slowest = Object.entries(r.projectionLag.maxEventsPerReadModel)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([m, n]) => `${m} ${n}`)
    .join(', ');
  console.log(
    `\nprojection lag (unapplied events, sampled each second), most behind: ${slowest}; ` +
      `caught up ${catchUp === null ? 'NOT within 120 s' : `${catchUp.toFixed(1)} s`} after the load ended`,
  );
  const la = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  console.log(
    `machine: ${r.machine.cores} cores, load average ${la(r.machine.loadAverageAtStart)} at the start, ${la(r.machine.loadAverageAtEnd)} at the end`,
  );
}
