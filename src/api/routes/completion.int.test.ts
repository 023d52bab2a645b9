// The plugin's completion routes against real NATS (worker + stream), Redis and PostgreSQL, with test models.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createTestEnv, type TestEnv } from '../../../tests/support/test-env.js';
import { createTestApiDeps, type TestApiDeps } from '../../../tests/support/api-deps.js';
import { createApp, type App } from '../app.js';
import { createRedis } from '../../platform/redis.js';
import { createLogger } from '../../platform/logger.js';
import { ModelRegistrySchema } from '../../inference/model-registry.js';
import { createBackend } from '../../inference/backends/create-backend.js';
import { createInferenceWorker, type InferenceWorker } from '../../inference/worker/index.js';
import { createNatsInferenceClient } from '../../bus/nats-inference-client.js';
import { createLiveContextStore } from '../../context/index.js';
import { insertUser } from '../../accounts/index.js';
import { addSessionProject, storeSession } from '../../auth/index.js';
import { decodeEvent, type DomainEvent } from '../../../events/index.js';
import type { EventPublisher } from '../../bus/event-publisher.js';
import { eventually } from '../../../tests/support/eventually.js';
import { testModelEntry } from '../../../tests/support/test-models.js';
import { createProjectionWorkers, type ProjectionWorkers } from '../../../projections/projection-workers.js';
import { queriesReadModel } from '../../../projections/queries/index.js';

const registry = ModelRegistrySchema.parse({
  models: [
    testModelEntry(1, 'echo-model', 'echo'),
    testModelEntry(2, 'failing-model', 'fail'),
    testModelEntry(3, 'stuck-model', 'never', 300),
    testModelEntry(4, 'silent-model', 'echo:no-confidence'),
  ],
});

let env: TestEnv;
let t: TestApiDeps;
let nc: NatsConnection;
let worker: InferenceWorker;
let app: App;
let projections: ProjectionWorkers;

interface Plugin {
  userId: string;
  /** What events and research rows carry; the cookie holds the session's token instead. */
  sessionId: string;
  cookie: string;
}
let alice: Plugin; // store_context preference on
let bob: Plugin; // defaults
let carol: Plugin; // in study config 7

async function signIn(storeContext: boolean, configId = 1): Promise<Plugin> {
  const userId = randomUUID();
  const sessionId = randomUUID();
  const projectId = randomUUID();
  await insertUser(t.deps.db, {
    user_id: userId,
    joined_at: new Date(),
    email: `${userId}@example.com`,
    name: 'Tester',
    password: 'x',
    is_oauth_signup: false,
    verified: true,
    config_id: configId,
    preference: JSON.stringify({ store_context: storeContext }),
  });
  const token = await storeSession(t.deps.redis, sessionId, userId, 3600);
  await addSessionProject(t.deps.redis, sessionId, projectId, 3600);
  return { userId, sessionId, cookie: `session_token=${token}; project_token=${projectId}` };
}

function call(who: Plugin | null, method: string, path: string, body?: unknown, raw?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (who) headers.cookie = who.cookie;
  return app.request(path, {
    method,
    headers,
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
}

const completionBody = (over: Record<string, unknown> = {}) => ({
  model_ids: [1],
  context: { prefix: 'def add(a, b):\n    return a', suffix: '\n', file_name: 'main.py', context_files: [] },
  contextual_telemetry: { version_id: 3, trigger_type_id: 2, language_id: 47 },
  behavioral_telemetry: { time_since_last_shown: 1200, time_since_last_accepted: 0, typing_speed: 4 },
  store_context: false,
  store_contextual_telemetry: true,
  store_behavioral_telemetry: true,
  ...over,
});

/** Every event in the test's stream, in order (an ordered consumer read up to the last sequence). */
async function readStreamEvents(nats: TestApiDeps['nats'], stream: string): Promise<DomainEvent[]> {
  const { state } = await nats.jsm.streams.info(stream);
  if (state.messages === 0) return [];
  const consumer = await nats.js.consumers.get(stream);
  const events: DomainEvent[] = [];
  const messages = await consumer.consume();
  for await (const m of messages) {
    events.push(decodeEvent(m.data));
    if (m.seq >= state.last_seq) {
      void messages.close();
      break;
    }
  }
  return events;
}

async function eventsOf(queryId: string): Promise<DomainEvent[]> {
  return (await readStreamEvents(t.nats, env.config.streamName)).filter((e) => e.queryId === queryId);
}

beforeAll(async () => {
  env = await createTestEnv();
  nc = await connect({ servers: env.config.natsUrl });
  const redis = createRedis(env.config.redisUrl, env.config.redisPrefix);
  const backends = new Map(registry.models.map((m) => [m.id, createBackend(m)]));
  worker = await createInferenceWorker({
    nc,
    prefix: env.config.natsPrefix,
    backends,
    logger: createLogger('silent'),
  });
  t = await createTestApiDeps(env, {
    redis,
    registry,
    inference: createNatsInferenceClient(nc, env.config.natsPrefix),
    contextStore: await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix }),
  });
  app = createApp(t.deps);
  alice = await signIn(true);
  bob = await signIn(false);
  await t.deps.db.insertInto('config').values({ config_id: 7, config_data: '{}' }).execute();
  carol = await signIn(false, 7);
  projections = createProjectionWorkers({
    db: t.deps.db,
    nats: t.nats,
    config: env.config,
    logger: createLogger('silent'),
    readModels: [queriesReadModel],
    tuning: { retryDelayMs: 50 },
  });
  projections.start();
});

afterAll(async () => {
  await projections.stop();
  await worker.close();
  await t.close();
  await nc.close();
  await env.cleanup();
});

describe('POST /api/completion/request', () => {
  it('says which models gave nothing when no requested model answers, instead of claiming success', async () => {
    const res = await call(alice, 'POST', '/api/completion/request', completionBody({ model_ids: [2] }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { message: string; data: { completions: unknown[] } };
    expect(body.data.completions).toEqual([]);
    expect(body.message).toMatch(
      /^No completions: no requested model answered \(failing-model \(model 2\): model_failed\)\.$/,
    );
  });

  it('answers the working model, leaves the failing one out and has appended every event before answering', async () => {
    const res = await call(alice, 'POST', '/api/completion/request', completionBody({ model_ids: [1, 2] }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      message: string;
      data: { meta_query_id: string; completions: Record<string, unknown>[] };
    };
    expect(body.message).toBe('Completions generated successfully. Ready for display in your IDE.');
    expect(body.data.completions).toHaveLength(1);
    const item = body.data.completions[0] ?? {};
    expect(Object.keys(item).sort()).toEqual([
      'completion',
      'confidence',
      'generation_time',
      'model_id',
      'model_name',
    ]);
    expect(item).toMatchObject({ model_id: 1, model_name: 'echo-model', completion: 'a nruter' });
    expect(Number.isInteger(item.generation_time)).toBe(true);

    const events = await eventsOf(body.data.meta_query_id);
    expect(events.map((e) => e.type).sort()).toEqual([
      'completion.generated',
      'completion.generated',
      'completion.requested',
      'completion.shown',
    ]);
    // completion.shown comes after every other event of the request: it is appended once they are in.
    expect(events.at(-1)?.type).toBe('completion.shown');
    expect(events.at(-1)?.data).toEqual({ shownAt: expect.any(String) as unknown, modelIds: [1] });
    const generated = events
      .filter((e) => e.type === 'completion.generated')
      .map((e) => e.data as Record<string, unknown>);
    expect(generated.find((g) => g.modelId === 2)).toMatchObject({
      status: 'failed',
      confidence: null,
      legacyShownAt: null,
      error: { code: 'model_failed' },
    });
    expect(generated.find((g) => g.modelId === 1)).toMatchObject({
      status: 'ok',
      completion: 'a nruter',
      legacyShownAt: null,
    });
  });

  it('records the config, the plugin version, tokens beside log-probabilities, revision and parameters whatever the flags', async () => {
    const res = await call(
      carol,
      'POST',
      '/api/completion/request',
      completionBody({
        store_contextual_telemetry: false,
        store_behavioral_telemetry: false,
        stop_sequences: ['END'],
      }),
    );
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { meta_query_id: string } };
    const events = await eventsOf(data.meta_query_id);
    const requested = events.find((e) => e.type === 'completion.requested');
    expect(requested?.data).toMatchObject({ contextualTelemetry: null, configId: 7, pluginVersionId: 3 });
    const generated = events.find((e) => e.type === 'completion.generated')?.data as {
      tokens: string[];
      logprobs: number[];
      servingTimeMs: number;
    };
    expect(generated).toMatchObject({
      tokens: [...'a nruter'],
      modelRevision: 'test:echo',
      generation: { maxNewTokens: 16, temperature: 0, topP: 1, stop: ['\n\n', 'END'], deadlineMs: 3000 },
    });
    expect(generated.logprobs).toHaveLength(generated.tokens.length);
    expect(generated.servingTimeMs).toBeGreaterThanOrEqual(0);
  });

  it('records no confidence for a model that reports none, and still sends the plugin a number', async () => {
    const res = await call(bob, 'POST', '/api/completion/request', completionBody({ model_ids: [4] }));
    const body = (await res.json()) as {
      data: { meta_query_id: string; completions: Array<{ confidence: unknown }> };
    };
    expect(body.data.completions[0]?.confidence).toBe(0);
    const generated = (await eventsOf(body.data.meta_query_id)).find(
      (e) => e.type === 'completion.generated',
    );
    expect(generated?.data).toMatchObject({ status: 'ok', confidence: null, tokens: [], logprobs: [] });
    const row = await eventually(async () =>
      t.deps.db
        .selectFrom('had_generation')
        .select(['confidence', 'shown_at'])
        .where('meta_query_id', '=', body.data.meta_query_id)
        .executeTakeFirstOrThrow(),
    );
    expect(row.confidence).toBeNull();
  });

  it('answers 500 when a write fails after the models answered, and nothing says the completion was shown', async () => {
    const failing: EventPublisher = {
      append: (e) =>
        e.type === 'completion.requested'
          ? Promise.reject(new Error('JetStream refused'))
          : t.deps.publisher.append(e),
      appendAll: (events) => Promise.all(events.map((e) => failing.append(e))),
    };
    const generatedOfBob = async () =>
      (await readStreamEvents(t.nats, env.config.streamName)).filter(
        (e) => e.userId === bob.userId && e.type === 'completion.generated',
      );
    const before = (await generatedOfBob()).length;
    const res = await createApp({ ...t.deps, publisher: failing }).request('/api/completion/request', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: bob.cookie },
      body: JSON.stringify(completionBody()),
    });
    expect(res.status).toBe(500);
    // The answer comes at the first failed write; the generation's own append, already under way, lands after it.
    const queryId = await eventually(async () => {
      const generated = await generatedOfBob();
      expect(generated.length).toBeGreaterThan(before);
      return generated.at(-1)?.queryId ?? '';
    });
    const events = await eventsOf(queryId);
    expect(events.map((e) => e.type)).toEqual(['completion.generated']);
    const rows = await eventually(async () => {
      const r = await t.deps.db
        .selectFrom('had_generation')
        .select(['model_id', 'shown_at'])
        .where('meta_query_id', '=', queryId)
        .execute();
      expect(r).toHaveLength(1);
      return r;
    });
    expect(rows).toEqual([{ model_id: 1, shown_at: [] }]);
  });

  it('records a model that misses its deadline as failed and still answers in time', async () => {
    const started = Date.now();
    const res = await call(bob, 'POST', '/api/completion/request', completionBody({ model_ids: [3, 1] }));
    expect(Date.now() - started).toBeLessThan(3000);
    const body = (await res.json()) as {
      data: { meta_query_id: string; completions: Array<{ model_id: number }> };
    };
    expect(body.data.completions.map((c) => c.model_id)).toEqual([1]);
    const failed = (await eventsOf(body.data.meta_query_id)).find(
      (e) => e.type === 'completion.generated' && (e.data as { modelId: number }).modelId === 3,
    );
    expect(failed?.data).toMatchObject({ status: 'failed', error: { code: 'deadline_exceeded' } });
  });

  it('keeps no context when store_context is false and no telemetry whose flag is off', async () => {
    const res = await call(
      bob,
      'POST',
      '/api/completion/request',
      completionBody({ store_contextual_telemetry: false }),
    );
    const { data } = (await res.json()) as { data: { meta_query_id: string } };
    const requested = (await eventsOf(data.meta_query_id)).find((e) => e.type === 'completion.requested');
    expect(requested?.data).toMatchObject({ context: null, contextualTelemetry: null, storeContext: false });
    expect((requested?.data as { behavioralTelemetry: unknown }).behavioralTelemetry).toMatchObject({
      timeSinceLastShown: 1200,
    });
  });

  it('keeps the context, with secrets redacted, when store_context is true', async () => {
    const prefix = 'db_password = "hunter2!"\nx = ';
    const res = await call(
      bob,
      'POST',
      '/api/completion/request',
      completionBody({ store_context: true, context: { prefix, suffix: '' } }),
    );
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { meta_query_id: string } };
    const requested = (await eventsOf(data.meta_query_id)).find((e) => e.type === 'completion.requested');
    expect(requested?.data).toMatchObject({
      context: { prefix: 'db_password = "<hidden>"\nx = ', fileName: null },
    });
  });

  it('rejects unknown telemetry and model ids with 422 and appends nothing', async () => {
    const before = (await readStreamEvents(t.nats, env.config.streamName)).length;
    const lang = await call(
      bob,
      'POST',
      '/api/completion/request',
      completionBody({ contextual_telemetry: { version_id: 3, trigger_type_id: 2, language_id: 180 } }),
    );
    expect(lang.status).toBe(422);
    const mdl = await call(bob, 'POST', '/api/completion/request', completionBody({ model_ids: [77] }));
    expect(mdl.status).toBe(422);
    expect((await readStreamEvents(t.nats, env.config.streamName)).length).toBe(before);
  });

  it('answers bad input with 4xx, never 500, and ignores unknown fields', async () => {
    expect((await call(bob, 'POST', '/api/completion/request', { model_ids: [1] })).status).toBe(422);
    expect(
      (await call(bob, 'POST', '/api/completion/request', completionBody({ model_ids: ['1'] }))).status,
    ).toBe(422);
    expect((await call(bob, 'POST', '/api/completion/request', undefined, '{"model_ids": [')).status).toBe(
      400,
    );
    const extra = completionBody({
      behavioral_telemetry: { time_since_last_completion: 5, typing_speed: 2.5 },
      extra: true,
    });
    expect((await call(bob, 'POST', '/api/completion/request', extra)).status).toBe(200);
    expect((await call(null, 'POST', '/api/completion/request', completionBody())).status).toBe(401);
  });
});

describe('feedback and lookup', () => {
  it('accepts feedback sent right after the completion and each ground-truth call with its time', async () => {
    const res = await call(alice, 'POST', '/api/completion/request', completionBody({ model_ids: [1, 2] }));
    const { data } = (await res.json()) as { data: { meta_query_id: string } };
    const id = data.meta_query_id;
    const accept = await call(alice, 'POST', '/api/completion/feedback', {
      meta_query_id: id,
      model_id: 1,
      was_accepted: true,
    });
    expect(accept.status).toBe(200);
    expect(await accept.json()).toEqual({
      message: 'Feedback recorded successfully.',
      data: { meta_query_id: id, model_id: 1 },
    });
    const truth = await call(alice, 'POST', '/api/completion/feedback', {
      meta_query_id: id,
      model_id: 1,
      was_accepted: true,
      ground_truth: 'return a + b',
    });
    expect(truth.status).toBe(200);
    const feedback = (await eventsOf(id)).filter((e) => e.type === 'completion.feedback').map((e) => e.data);
    expect(feedback).toEqual([
      expect.objectContaining({
        modelId: 1,
        wasAccepted: true,
        groundTruth: null,
        receivedAt: expect.any(String) as unknown,
      }),
      expect.objectContaining({ groundTruth: 'return a + b' }),
    ]);

    expect(
      (
        await call(alice, 'POST', '/api/completion/feedback', {
          meta_query_id: id,
          model_id: 2,
          was_accepted: true,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(bob, 'POST', '/api/completion/feedback', {
          meta_query_id: id,
          model_id: 1,
          was_accepted: true,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(alice, 'POST', '/api/completion/feedback', {
          meta_query_id: randomUUID(),
          model_id: 1,
          was_accepted: true,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(alice, 'POST', '/api/completion/feedback', {
          meta_query_id: 'nope',
          model_id: 1,
          was_accepted: true,
        })
      ).status,
    ).toBe(422);
  });

  it("answers 401 to the session id of a research row (no token) and serves the token's holder", async () => {
    const res = await call(alice, 'POST', '/api/completion/request', completionBody());
    const { data } = (await res.json()) as { data: { meta_query_id: string } };
    const id = data.meta_query_id;
    // Whoever holds a dataset reads this column: it names the session, it must not open it.
    const row = await eventually(async () =>
      t.deps.db
        .selectFrom('meta_query')
        .select(['session_id', 'project_id'])
        .where('meta_query_id', '=', id)
        .executeTakeFirstOrThrow(),
    );
    expect(row.session_id).toBe(alice.sessionId);
    const thief: Plugin = {
      ...alice,
      cookie: `session_token=${row.session_id}; project_token=${row.project_id}`,
    };
    const feedback = { meta_query_id: id, model_id: 1, was_accepted: false };
    const attempts = [
      await call(thief, 'POST', '/api/completion/request', completionBody()),
      await call(thief, 'GET', `/api/completion/${id}`),
      await call(thief, 'POST', '/api/completion/feedback', feedback),
    ];
    expect(attempts.map((r) => r.status)).toEqual([401, 401, 401]);
    expect((await call(alice, 'GET', `/api/completion/${id}`)).status).toBe(200);
    expect((await call(alice, 'POST', '/api/completion/feedback', feedback)).status).toBe(200);
  });

  it("returns a query's completions to its owner only", async () => {
    const res = await call(alice, 'POST', '/api/completion/request', completionBody());
    const first = (await res.json()) as { data: unknown };
    const { meta_query_id: id } = first.data as { meta_query_id: string };
    const got = await call(alice, 'GET', `/api/completion/${id}`);
    expect(got.status).toBe(200);
    expect(((await got.json()) as { data: unknown }).data).toEqual(first.data);
    expect((await call(bob, 'GET', `/api/completion/${id}`)).status).toBe(403);
    expect((await call(alice, 'GET', `/api/completion/${randomUUID()}`)).status).toBe(404);
    expect((await call(alice, 'GET', '/api/completion/not-a-uuid')).status).toBe(422);
  });
});

describe('queries older than the Redis record', () => {
  it('are read from the research tables for GET and feedback', async () => {
    const id = randomUUID();
    const projectToken = alice.cookie.split('; ').map((p) => p.split('=')[1] ?? '')[1];
    await t.deps.db
      .insertInto('meta_query')
      .values({
        meta_query_id: id,
        user_id: alice.userId,
        session_id: alice.sessionId,
        project_id: projectToken ?? '',
        multi_file_context_changes_indexes: JSON.stringify({}),
        timestamp: new Date('2026-01-01T00:00:00Z'),
        total_serving_time: 20,
        server_version_id: 1,
        query_type: 'completion',
      })
      .execute();
    await t.deps.db
      .insertInto('had_generation')
      .values({
        meta_query_id: id,
        model_id: 1,
        completion: 'old',
        generation_time: 12,
        shown_at: [new Date()],
        was_accepted: false,
        confidence: 0.25,
        logprobs: [-1.4],
      })
      .execute();
    const got = await call(alice, 'GET', `/api/completion/${id}`);
    expect(got.status).toBe(200);
    expect(((await got.json()) as { data: unknown }).data).toEqual({
      meta_query_id: id,
      completions: [
        { model_id: 1, model_name: 'echo-model', completion: 'old', generation_time: 12, confidence: 0.25 },
      ],
    });
    const fb = await call(alice, 'POST', '/api/completion/feedback', {
      meta_query_id: id,
      model_id: 1,
      was_accepted: true,
    });
    expect(fb.status).toBe(200);
  });
});

describe('POST /api/completion/multi-file-context/update', () => {
  const update = {
    context_updates: {
      'util.py': [
        {
          change_type: 'insert',
          start_line: 0,
          end_line: 2,
          new_lines: ['def helper():', '    return 42', 'token = "Zx8Qp2LmN4vB7tR1yK9wE3sD"'],
        },
      ],
      'data.json': [{ change_type: 'insert', start_line: 0, end_line: 2, new_lines: ['[]', '42', 'null'] }],
    },
  };

  it('applies the changes, answers the updated files and records the changes when the user stores context', async () => {
    const res = await call(alice, 'POST', '/api/completion/multi-file-context/update', update);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { message: string; data: Record<string, string[]> };
    expect(body.message).toBe('Multi-file context updated successfully.');
    expect(body.data['data.json']).toEqual(['[]', '42', 'null']);
    expect(body.data['util.py']?.[2]).toBe('token = "<hidden>"');
    const events = (await readStreamEvents(t.nats, env.config.streamName)).filter(
      (e) => e.type === 'context.updated' && e.userId === alice.userId,
    );
    expect(events.at(-1)?.data).toMatchObject({
      stored: true,
      files: { 'util.py': { lineCount: 3, changeCount: 1 } },
    });
    const changes = (events.at(-1)?.data as { changes: Record<string, Array<{ new_lines: string[] }>> })
      .changes;
    expect(changes['util.py']?.[0]?.new_lines[2]).toBe('token = "<hidden>"');

    const res2 = await call(
      alice,
      'POST',
      '/api/completion/request',
      completionBody({
        context: { prefix: 'x', suffix: '', file_name: 'main.py', context_files: ['*'] },
        store_context: true,
      }),
    );
    const { data } = (await res2.json()) as { data: { meta_query_id: string } };
    const requested = (await eventsOf(data.meta_query_id)).find((e) => e.type === 'completion.requested');
    expect(requested?.data).toMatchObject({
      multiFileContextChangesIndexes: { 'util.py': 1, 'data.json': 1 },
      multiFileContext: {
        'util.py': {
          changeCount: 1,
          lines: ['def helper():', '    return 42', 'token = "<hidden>"'],
          omitted: null,
        },
        'data.json': { changeCount: 1, lines: ['[]', '42', 'null'], omitted: null },
      },
    });
  });

  // A file's path is context too (the request's context_files): without store_context no event names one.
  it('records that the update happened, naming no file, when the user does not store context', async () => {
    const res = await call(bob, 'POST', '/api/completion/multi-file-context/update', update);
    expect(res.status).toBe(200);
    const last = (await readStreamEvents(t.nats, env.config.streamName))
      .filter((e) => e.type === 'context.updated' && e.userId === bob.userId)
      .at(-1);
    expect(last?.data).toMatchObject({
      stored: false,
      changes: {},
      files: {},
    });
    expect(JSON.stringify(last)).not.toContain('data.json');
  });

  it('records the update before it changes the live context: a failed append leaves the context as it was', async () => {
    const dave = await signIn(true);
    const projectId = dave.cookie.split('project_token=')[1] ?? '';
    const first = { 'f.py': [{ change_type: 'insert', start_line: 0, end_line: 1, new_lines: ['a', 'b'] }] };
    await call(dave, 'POST', '/api/completion/multi-file-context/update', { context_updates: first });
    const seen: Array<Record<string, string[]>> = [];
    const failing: EventPublisher = {
      append: (e) => t.deps.publisher.append(e),
      appendAll: async () => {
        seen.push(await t.deps.contextStore.read(projectId));
        throw new Error('JetStream refused');
      },
    };
    const change = { 'f.py': [{ change_type: 'update', start_line: 0, end_line: 1, new_lines: ['A'] }] };
    const res = await createApp({ ...t.deps, publisher: failing }).request(
      '/api/completion/multi-file-context/update',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: dave.cookie },
        body: JSON.stringify({ context_updates: change }),
      },
    );
    expect(res.status).toBe(500);
    expect(seen).toEqual([{ 'f.py': ['a', 'b'] }]);
    expect(await t.deps.contextStore.read(projectId)).toEqual({ 'f.py': ['a', 'b'] });
    const events = (await readStreamEvents(t.nats, env.config.streamName)).filter(
      (e) => e.type === 'context.updated' && e.userId === dave.userId,
    );
    expect(events).toHaveLength(1);
  });

  it('splits an update too large for one event by file, and marks a file too large for any event', async () => {
    const erin = await signIn(true);
    const whole = (chars: number) => [
      { change_type: 'insert', start_line: 0, end_line: 0, new_lines: ['x'.repeat(chars)] },
    ];
    const small = createApp({ ...t.deps, maxEventBytes: 3000 });
    const res = await small.request('/api/completion/multi-file-context/update', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: erin.cookie, 'x-request-id': 'big-update' },
      body: JSON.stringify({
        context_updates: { 'a.py': whole(1500), 'b.py': whole(1500), 'c.py': whole(5000) },
      }),
    });
    expect(res.status).toBe(200);
    const events = (await readStreamEvents(t.nats, env.config.streamName)).filter(
      (e): e is DomainEvent<'context.updated'> => e.type === 'context.updated' && e.userId === erin.userId,
    );
    expect(events.map((e) => e.data.part)).toEqual([
      { index: 1, count: 2 },
      { index: 2, count: 2 },
    ]);
    for (const e of events) {
      expect(new TextEncoder().encode(JSON.stringify(e)).byteLength).toBeLessThanOrEqual(3000);
      expect(e.correlationId).toBe('big-update');
    }
    const files = Object.assign({}, ...events.map((e) => e.data.files)) as Record<string, unknown>;
    expect(files).toEqual({
      'a.py': { lineCount: 1, changeCount: 1, changesOmitted: null },
      'b.py': { lineCount: 1, changeCount: 1, changesOmitted: null },
      'c.py': { lineCount: 1, changeCount: 1, changesOmitted: 'event_size_limit' },
    });
    const changed = events.flatMap((e) => Object.keys(e.data.changes)).sort();
    expect(changed).toEqual(['a.py', 'b.py']);
  });

  it('marks a context file whose lines do not fit the request event as omitted, never dropping it silently', async () => {
    const frank = await signIn(true);
    const lines = (n: number) => [Array.from({ length: n }, (_, i) => `v${i} = ${i}`).join('; ')];
    const updates = {
      'small.py': [{ change_type: 'insert', start_line: 0, end_line: 0, new_lines: lines(10) }],
      'large.py': [{ change_type: 'insert', start_line: 0, end_line: 0, new_lines: lines(2000) }],
    };
    await call(frank, 'POST', '/api/completion/multi-file-context/update', { context_updates: updates });
    const res = await createApp({ ...t.deps, maxEventBytes: 8000 }).request('/api/completion/request', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: frank.cookie },
      body: JSON.stringify(
        completionBody({
          context: { prefix: 'x', suffix: '', file_name: 'main.py', context_files: ['*'] },
          store_context: true,
        }),
      ),
    });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { meta_query_id: string } };
    const requested = (await eventsOf(data.meta_query_id)).find((e) => e.type === 'completion.requested');
    expect(requested?.data).toMatchObject({
      multiFileContext: {
        'small.py': { changeCount: 1, lines: lines(10), omitted: null },
        'large.py': { changeCount: 1, lines: null, omitted: 'event_size_limit' },
      },
    });
  });

  it('answers bad changes with 422', async () => {
    const bad = {
      context_updates: { 'a.py': [{ change_type: 'replace', start_line: 0, end_line: 0, new_lines: [] }] },
    };
    expect((await call(bob, 'POST', '/api/completion/multi-file-context/update', bad)).status).toBe(422);
    const neg = {
      context_updates: { 'a.py': [{ change_type: 'insert', start_line: -1, end_line: 0, new_lines: [] }] },
    };
    expect((await call(bob, 'POST', '/api/completion/multi-file-context/update', neg)).status).toBe(422);
  });
});
