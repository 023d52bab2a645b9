// /metrics and /health of every role against the real services: an api process and an inference + projections
// process (the metrics listener of a process without the api) share one test environment; plugin traffic through
// the api moves the request, model, event, queue-depth and projection metrics on both.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { PluginClient, httpTarget } from '../support/plugin-client.js';
import { testModelEntry } from '../support/test-models.js';
import { eventually } from '../support/eventually.js';
import { sampleSum, scrape } from '../support/metrics-text.js';
import { startPlatform, type RunningPlatform } from '../../src/roles/start-platform.js';
import { createNats, type Nats } from '../../src/platform/nats.js';
import { readModels, readProjectionPositions } from '../../projections/index.js';
import { createDb } from '../../src/platform/db.js';
import { createRedis } from '../../src/platform/redis.js';
import {
  createObservability,
  natsReadiness,
  postgresReadiness,
  redisReadiness,
  startMetricsServer,
} from '../../src/observability/index.js';

const ECHO = 6;
const SLOW = 7;
const FAILING = 8;

let env: TestEnv;
let registryDir: string;
let api: RunningPlatform | undefined;
let workers: RunningPlatform | undefined;
let apiUrl: string;
let workersUrl: string;
let nats: Nats;

beforeAll(async () => {
  registryDir = mkdtempSync(join(tmpdir(), 'c4m-metrics-'));
  const registryFile = join(registryDir, 'registry.json');
  const models = [
    { ...testModelEntry(ECHO, 'echo-model', 'echo'), isDefault: true },
    { ...testModelEntry(SLOW, 'slow-model', 'slow:1500'), isDefault: false },
    { ...testModelEntry(FAILING, 'failing-model', 'fail'), isDefault: false },
  ];
  writeFileSync(registryFile, JSON.stringify({ models }));
  env = await createTestEnv({
    migrate: false,
    overrides: { modelRegistryFile: registryFile, inferenceMetricsPort: 0, authRateLimitPerMinute: 10_000 },
  });
  const silent = pino({ level: 'silent' });
  workers = await startPlatform(['inference', 'projections'], env.config, silent);
  api = await startPlatform(['api'], env.config, silent);
  apiUrl = api.roles.find((r) => r.role === 'api')!.url!;
  workersUrl = workers.metricsUrl!;
  nats = await createNats(env.config.natsUrl, 'code4me-test-metrics');
});

afterAll(async () => {
  await nats?.nc.close();
  await api?.close();
  await workers?.close();
  await env?.cleanup();
  if (registryDir) rmSync(registryDir, { recursive: true, force: true });
});

/** A signed-in plugin with a session and a project, ready to request completions. */
async function pluginInProject(): Promise<PluginClient> {
  const plugin = new PluginClient(httpTarget(apiUrl));
  const email = `${Math.random().toString(36).slice(2)}@example.org`;
  const password = 'Metrics-Test-42';
  const signUp = { email, name: 'Ada', password, config_id: 1, token: '', provider: 'no_provider' };
  await plugin.ok('POST', '/api/user/create', signUp);
  await plugin.ok('POST', '/api/user/authenticate', { email, password, provider: 'no_provider', token: '' });
  await plugin.ok('GET', '/api/session/acquire');
  await plugin.ok('POST', '/api/project/create', { project_name: 'metrics' });
  return plugin;
}

function completion(plugin: PluginClient, modelIds: number[]) {
  return plugin.call('POST', '/api/completion/request', {
    model_ids: modelIds,
    context: { prefix: 'x = ', suffix: '\n', file_name: 'a.py', context_files: [] },
    contextual_telemetry: {
      version_id: 3,
      trigger_type_id: 1,
      language_id: 47,
      file_path: '/a.py',
      caret_line: 1,
      document_char_length: 4,
      relative_document_position: 1,
    },
    store_context: true,
    store_contextual_telemetry: true,
    store_behavioral_telemetry: false,
  });
}

describe('GET /metrics', () => {
  it('counts the api requests per route template and status, and the events they appended by type', async () => {
    const before = await scrape(apiUrl);
    const plugin = await pluginInProject();
    await plugin.call('GET', '/api/completion/00000000-0000-4000-8000-000000000000');
    const after = await scrape(apiUrl);
    const requests = (text: string, route: string, status: string) =>
      sampleSum(text, 'c4m_http_requests_total', { route, status }) ?? 0;
    expect(requests(after, '/api/user/create', '201') - requests(before, '/api/user/create', '201')).toBe(1);
    expect(
      requests(after, '/api/project/create', '201') - requests(before, '/api/project/create', '201'),
    ).toBe(1);
    // The path with an id is counted under its template, never as a series of its own.
    expect(requests(after, '/api/completion/:query_id', '404')).toBe(1);
    expect(after).not.toContain('00000000-0000-4000-8000-000000000000');
    const latency = sampleSum(after, 'c4m_http_request_duration_seconds_count', {
      route: '/api/user/create',
    });
    expect(latency).toBeGreaterThanOrEqual(1);
    const appended = (text: string, type: string) =>
      sampleSum(text, 'c4m_events_appended_total', { type }) ?? 0;
    expect(appended(after, 'project.created') - appended(before, 'project.created')).toBe(1);
    expect(appended(after, 'session.started') - appended(before, 'session.started')).toBe(1);
    // Node's own process metrics come with them.
    expect(sampleSum(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('times each model on both sides and counts its failures, per model', async () => {
    const plugin = await pluginInProject();
    expect((await completion(plugin, [ECHO, FAILING])).status).toBe(200);
    const fromApi = await scrape(apiUrl);
    const ok = { model: String(ECHO), kind: 'completion', outcome: 'ok' };
    expect(sampleSum(fromApi, 'c4m_model_request_duration_seconds_count', ok)).toBe(1);
    expect(
      sampleSum(fromApi, 'c4m_model_failures_total', { model: String(FAILING), code: 'model_failed' }),
    ).toBe(1);
    expect(sampleSum(fromApi, 'c4m_model_failures_total', { model: String(ECHO) })).toBeUndefined();
    const fromWorker = await scrape(workersUrl);
    expect(sampleSum(fromWorker, 'c4m_inference_duration_seconds_count', ok)).toBe(1);
    expect(
      sampleSum(fromWorker, 'c4m_inference_duration_seconds_count', {
        model: String(FAILING),
        outcome: 'model_failed',
      }),
    ).toBe(1);
    expect(sampleSum(fromWorker, 'c4m_model_available', { model: String(ECHO) })).toBe(1);
  });

  it('shows the requests waiting on a model as queue depth on the worker and the api while they wait', async () => {
    const plugin = await pluginInProject();
    const pending = (text: string, name: string) => sampleSum(text, name, { model: String(SLOW) }) ?? 0;
    const answered = completion(plugin, [SLOW]);
    await eventually(async () => {
      expect(pending(await scrape(workersUrl), 'c4m_inference_pending_requests')).toBe(1);
      expect(pending(await scrape(apiUrl), 'c4m_model_requests_in_flight')).toBe(1);
    });
    expect((await answered).status).toBe(200);
    expect(pending(await scrape(workersUrl), 'c4m_inference_pending_requests')).toBe(0);
    expect(pending(await scrape(apiUrl), 'c4m_model_requests_in_flight')).toBe(0);
  });

  it('reports each read model catching up to the stream (lag 0) and the dead letters it keeps', async () => {
    await pluginInProject();
    const { seq } = await nats.js.publish(`${env.config.natsPrefix}.evt.not_an_event.x`, 'not json');
    await eventually(async () => {
      const text = await scrape(workersUrl);
      for (const { name } of readModels) {
        expect(sampleSum(text, 'c4m_projection_lag_events', { read_model: name })).toBe(0);
        expect(sampleSum(text, 'c4m_projection_dead_letters', { read_model: name })).toBe(1);
        expect(sampleSum(text, 'c4m_projection_last_applied_seq', { read_model: name })).toBe(seq);
      }
    });
    const text = await scrape(workersUrl);
    expect(sampleSum(text, 'c4m_projection_events_applied_total')).toBeGreaterThan(0);
  });

  it('computes the lag as the stream last sequence minus the checkpoint', async () => {
    const db = createDb(env.config.databaseUrl, 1);
    try {
      const read = () =>
        readProjectionPositions(db, nats.jsm, env.config.streamName, ['sessions', 'never_ran']);
      const { seq } = await nats.js.publish(`${env.config.natsPrefix}.evt.not_an_event.y`, 'not json');
      await eventually(async () => expect((await read()).lag.get('sessions')).toBe(0));
      // A read model without a checkpoint has the whole stream to go; one more event, one more to go.
      expect((await read()).lag.get('never_ran')).toBe(seq);
      await nats.js.publish(`${env.config.natsPrefix}.evt.not_an_event.z`, 'not json');
      expect((await read()).lag.get('never_ran')).toBe(seq + 1);
    } finally {
      await db.destroy();
    }
  });
});

describe('GET /health', () => {
  it('is live and ready on the api and on the metrics listener, with each role checking what it needs', async () => {
    for (const url of [apiUrl, workersUrl]) {
      const live = await fetch(`${url}/health/live`);
      expect([live.status, await live.json()]).toEqual([200, { status: 'live' }]);
    }
    const fromApi = (await (await fetch(`${apiUrl}/health/ready`)).json()) as {
      status: string;
      checks: Array<{ dependency: string; role: string; ok: boolean }>;
    };
    expect(fromApi.status).toBe('ready');
    expect(fromApi.checks.map((c) => `${c.role}:${c.dependency}:${c.ok}`).sort()).toEqual([
      'api:nats:true',
      'api:postgres:true',
      'api:redis:true',
    ]);
    const fromWorkers = (await (await fetch(`${workersUrl}/health/ready`)).json()) as typeof fromApi;
    expect(fromWorkers.checks.map((c) => `${c.role}:${c.dependency}:${c.ok}`).sort()).toEqual([
      'inference:nats:true',
      'projections:nats:true',
      'projections:postgres:true',
    ]);
  });

  it('is in the OpenAPI document with /metrics', async () => {
    const doc = (await (await fetch(`${apiUrl}/openapi.json`)).json()) as {
      paths: Record<string, { get?: { responses?: Record<string, unknown> } }>;
    };
    expect(doc.paths['/metrics']?.get).toBeDefined();
    expect(doc.paths['/health/live']?.get).toBeDefined();
    expect(Object.keys(doc.paths['/health/ready']?.get?.responses ?? {})).toEqual(['200', '503']);
  });

  it('echoes a well-formed X-Request-Id and replaces one that is not', async () => {
    const kept = await fetch(`${apiUrl}/api/ping`, { headers: { 'x-request-id': 'plugin-42.a:b' } });
    expect(kept.headers.get('x-request-id')).toBe('plugin-42.a:b');
    const replaced = await fetch(`${apiUrl}/api/ping`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

/** A port nothing listens on: taken from the OS and closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('GET /health/ready', () => {
  it('answers 503 naming the dependencies that do not answer, and 200 again for the ones that do', async () => {
    const port = await closedPort();
    const db = createDb(`postgres://postgres@127.0.0.1:${port}/code4me`, 1);
    const redis = createRedis(`redis://127.0.0.1:${port}`, 'unused:');
    redis.on('error', () => undefined); // it keeps reconnecting; the check reports it
    const obs = createObservability({ defaultMetrics: false });
    obs.addReadinessCheck(natsReadiness('api', nats.nc));
    obs.addReadinessCheck(postgresReadiness('api', db));
    obs.addReadinessCheck(redisReadiness('api', redis));
    const server = await startMetricsServer(obs, { host: '127.0.0.1', port: 0 }, pino({ level: 'silent' }));
    try {
      const res = await fetch(`${server.url}/health/ready`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as {
        code: string;
        failed: string[];
        checks: Array<{ dependency: string; ok: boolean; error?: string }>;
      };
      expect(body.code).toBe('not_ready');
      expect(body.failed.sort()).toEqual(['postgres', 'redis']);
      expect(body.checks.find((c) => c.dependency === 'nats')?.ok).toBe(true);
      expect(body.checks.find((c) => c.dependency === 'postgres')?.error).toBeTruthy();
      // Liveness does not depend on them.
      expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
    } finally {
      await server.close();
      redis.disconnect();
      await db.destroy();
    }
  });
});
