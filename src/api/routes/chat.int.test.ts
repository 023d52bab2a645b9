// The plugin's chat routes against real NATS (an inference worker and the stream), Redis and PostgreSQL, with
// chat models behind OpenAI-compatible HTTP servers the test starts on loopback ports (one answering, one that
// hangs, one that is not there).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createTestEnv, type TestEnv } from '../../../tests/support/test-env.js';
import { createTestApiDeps, type TestApiDeps } from '../../../tests/support/api-deps.js';
import { readStreamEvents } from '../../../tests/support/read-stream-events.js';
import { eventually } from '../../../tests/support/eventually.js';
import { testModelEntry } from '../../../tests/support/test-models.js';
import {
  chatModelEntry,
  defaultReply,
  startTestChatServer,
  type TestChatServer,
} from '../../../tests/support/test-chat-server.js';
import { createApp, type App } from '../app.js';
import { createRedis } from '../../platform/redis.js';
import { createLogger } from '../../platform/logger.js';
import { ModelRegistrySchema } from '../../inference/model-registry.js';
import { createBackend } from '../../inference/backends/create-backend.js';
import { createInferenceWorker, type InferenceWorker } from '../../inference/worker/index.js';
import { createNatsInferenceClient } from '../../bus/nats-inference-client.js';
import { createLiveContextStore } from '../../context/index.js';
import { createApiToken, insertUser, setUserRole } from '../../accounts/index.js';
import { addSessionProject, storeSession } from '../../auth/index.js';
import type { DomainEvent } from '../../../events/index.js';
import { createProjectionWorkers, type ProjectionWorkers } from '../../../projections/projection-workers.js';
import { chatsReadModel } from '../../../projections/chats/index.js';
import { TITLE_INSTRUCTION } from '../../chat/index.js';

const CHAT = 3;
const MISSING = 8;
const HANGING = 9;
const COMPLETION_ONLY = 1;

let env: TestEnv;
let t: TestApiDeps;
let nc: NatsConnection;
let worker: InferenceWorker;
let app: App;
let projections: ProjectionWorkers;
let server: TestChatServer;
let hanging: TestChatServer;

interface Plugin {
  userId: string;
  projectId: string;
  cookie: string;
}

async function signIn(): Promise<Plugin> {
  const userId = randomUUID();
  const sessionId = randomUUID();
  const projectId = randomUUID();
  await insertUser(t.deps.db, {
    user_id: userId,
    joined_at: new Date(),
    email: `${userId}@example.com`,
    name: 'Chatter',
    password: 'x',
    is_oauth_signup: false,
    verified: true,
    config_id: 1,
    preference: '{}',
  });
  const token = await storeSession(t.deps.redis, sessionId, userId, 3600);
  await addSessionProject(t.deps.redis, sessionId, projectId, 3600);
  return { userId, projectId, cookie: `session_token=${token}; project_token=${projectId}` };
}

async function call<T = Record<string, unknown>>(
  who: Plugin | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (who) headers.cookie = who.cookie;
  const res = await app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const SYSTEM = 'You are a helpful assistant.';

interface ChatAnswer {
  chat_id: string;
  title: string;
  history: Array<{
    user_message: { role: string; content: string; timestamp: string; meta_query_id: string };
    assistant_responses: Array<Record<string, unknown>>;
  }>;
}

function chatBody(chatId: string, messages: string[][], over: Record<string, unknown> = {}) {
  return {
    model_ids: [CHAT],
    chat_id: chatId,
    messages: [['system', SYSTEM], ...messages],
    context: { prefix: 'def add(a, b):\n    return ', suffix: '\n', file_name: 'calc.py', context_files: [] },
    contextual_telemetry: { version_id: 3, trigger_type_id: 1, language_id: 47 },
    behavioral_telemetry: { time_since_last_shown: 0, time_since_last_accepted: 0, typing_speed: 2 },
    store_context: false,
    store_contextual_telemetry: true,
    store_behavioral_telemetry: true,
    web_enabled: false,
    ...over,
  };
}

async function chatEvents(chatId: string): Promise<DomainEvent[]> {
  const events = await readStreamEvents(t.nats, env.config.streamName);
  return events.filter(
    (e) => e.type.startsWith('chat.') && (e.data as { chatId?: string }).chatId === chatId,
  );
}

beforeAll(async () => {
  server = await startTestChatServer();
  hanging = await startTestChatServer();
  hanging.hang = true;
  const gone = await startTestChatServer();
  const goneUrl = gone.url;
  await gone.close();
  const registry = ModelRegistrySchema.parse({
    models: [
      testModelEntry(COMPLETION_ONLY, 'echo-model', 'echo'),
      { ...chatModelEntry(CHAT, 'test-chat', server.url), isDefault: true },
      chatModelEntry(MISSING, 'absent-chat', goneUrl),
      chatModelEntry(HANGING, 'stuck-chat', hanging.url, 400),
    ],
  });
  env = await createTestEnv({ overrides: { rateLimitPerMinute: 1_000_000 } });
  nc = await connect({ servers: env.config.natsUrl });
  const redis = createRedis(env.config.redisUrl, env.config.redisPrefix);
  worker = await createInferenceWorker({
    nc,
    prefix: env.config.natsPrefix,
    backends: new Map(registry.models.map((m) => [m.id, createBackend(m)])),
    logger: createLogger('silent'),
    rewarmIntervalMs: 0,
    chatModelIds: [CHAT, MISSING, HANGING],
  });
  t = await createTestApiDeps(env, {
    redis,
    registry,
    inference: createNatsInferenceClient(nc, env.config.natsPrefix),
    contextStore: await createLiveContextStore({ redis, nc, prefix: env.config.natsPrefix }),
  });
  app = createApp(t.deps);
  projections = createProjectionWorkers({
    db: t.deps.db,
    nats: t.nats,
    config: env.config,
    logger: createLogger('silent'),
    readModels: [chatsReadModel],
    tuning: { retryDelayMs: 50 },
  });
  projections.start();
});

afterAll(async () => {
  await projections?.stop();
  await worker?.close();
  await t?.close();
  await nc?.close();
  await server?.close();
  await hanging?.close();
  await env?.cleanup();
});

describe('POST /api/chat/request', () => {
  it('answers the first turn in the plugin shape, the title cut out of the answer, after asking for one', async () => {
    const chatId = randomUUID();
    const plugin = await signIn();
    const res = await call<ChatAnswer>(
      plugin,
      'POST',
      '/api/chat/request',
      chatBody(chatId, [['user', 'How do I add?']]),
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['chat_id', 'history', 'title']);
    expect(res.body).toMatchObject({ chat_id: chatId, title: 'A chat about code' });
    expect(res.body.history).toHaveLength(1);
    const [turn] = res.body.history;
    expect(turn?.user_message).toMatchObject({ role: 'user', content: 'How do I add?' });
    expect(Number.isNaN(Date.parse(turn?.user_message.timestamp ?? ''))).toBe(false);
    expect(turn?.assistant_responses).toEqual([
      {
        model_id: CHAT,
        model_name: 'test-chat',
        completion: 'Answer to: How do I add?',
        generation_time: expect.any(Number) as number,
        confidence: 0,
        was_accepted: false,
      },
    ]);
    const sent = server.requests.at(-1);
    expect(sent?.model).toBe('test-chat-model');
    expect(sent?.messages[0]?.role).toBe('system');
    expect(sent?.messages[0]?.content).toContain(SYSTEM);
    expect(sent?.messages[0]?.content).toContain(TITLE_INSTRUCTION);
    expect(sent?.messages[0]?.content).toContain('calc.py');
    expect(sent?.messages.slice(1)).toEqual([{ role: 'user', content: 'How do I add?' }]);
  });

  it('keeps the title on later turns, sends the whole history and asks for no new title', async () => {
    const chatId = randomUUID();
    const plugin = await signIn();
    await call(plugin, 'POST', '/api/chat/request', chatBody(chatId, [['user', 'First question']]));
    server.reply = () => '[Title]Another title[/Title]Second answer';
    try {
      const history: Array<[string, string]> = [
        ['user', 'First question'],
        ['assistant', 'Answer to: First question'],
        ['user', 'And then?'],
      ];
      const res = await call<ChatAnswer>(plugin, 'POST', '/api/chat/request', chatBody(chatId, history));
      expect(res.status).toBe(200);
      expect(res.body.title).toBe('A chat about code');
      expect(res.body.history[0]?.assistant_responses[0]?.completion).toBe('Second answer');
      const sent = server.requests.at(-1);
      expect(sent?.messages[0]?.content).not.toContain(TITLE_INSTRUCTION);
      expect(sent?.messages.slice(1).map((m) => [m.role, m.content])).toEqual(history);
    } finally {
      server.reply = defaultReply;
    }
  });

  it('names a chat after the first words of its first message when the model gives no title', async () => {
    server.reply = () => 'No title here';
    try {
      const plugin = await signIn();
      const msg = 'Please explain how generators work in Python code';
      const res = await call<ChatAnswer>(
        plugin,
        'POST',
        '/api/chat/request',
        chatBody(randomUUID(), [['user', msg]]),
      );
      expect(res.body.title).toBe('Please explain how generators work in…');
      expect(res.body.history[0]?.assistant_responses[0]?.completion).toBe('No title here');
    } finally {
      server.reply = defaultReply;
    }
  });

  it('answers at once with a clear error item when no chat server is there', async () => {
    const plugin = await signIn();
    const started = performance.now();
    const res = await call<ChatAnswer>(
      plugin,
      'POST',
      '/api/chat/request',
      chatBody(randomUUID(), [['user', 'hello?']], { model_ids: [MISSING] }),
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(200);
    const [item] = res.body.history[0]?.assistant_responses ?? [];
    expect(item).toMatchObject({
      model_id: MISSING,
      model_name: 'absent-chat',
      error_code: 'model_unavailable',
    });
    expect(item?.completion).toMatch(/not available right now/);
    expect(item?.message).toBe(item?.completion);
    expect(res.body.title).toBe('hello?');
  });

  it('answers a chat server that does not answer with a deadline error item, within the deadline', async () => {
    const plugin = await signIn();
    const started = performance.now();
    const res = await call<ChatAnswer>(
      plugin,
      'POST',
      '/api/chat/request',
      chatBody(randomUUID(), [['user', 'slow?']], { model_ids: [HANGING, CHAT] }),
    );
    expect(performance.now() - started).toBeLessThan(3000);
    const items = res.body.history[0]?.assistant_responses ?? [];
    expect(items.map((i) => [i.model_id, i.error_code ?? 'ok'])).toEqual([
      [HANGING, 'deadline_exceeded'],
      [CHAT, 'ok'],
    ]);
  });

  it('answers a completion model, or a model it does not know, with an error item saying so', async () => {
    const plugin = await signIn();
    const res = await call<ChatAnswer>(
      plugin,
      'POST',
      '/api/chat/request',
      chatBody(randomUUID(), [['user', 'hi']], { model_ids: [COMPLETION_ONLY] }),
    );
    expect(res.body.history[0]?.assistant_responses[0]).toMatchObject({ error_code: 'not_a_chat_model' });
    const unknown = await call<ChatAnswer>(
      plugin,
      'POST',
      '/api/chat/request',
      chatBody(randomUUID(), [['user', 'hi']], { model_ids: [77] }),
    );
    expect(unknown.status).toBe(200);
    expect(unknown.body.history[0]?.assistant_responses[0]).toMatchObject({
      model_id: 77,
      error_code: 'unknown_model',
      completion: 'This server has no model with id 77: choose a chat model in the Code4Me settings.',
    });
  });

  it("answers 403 to a turn in another user's chat", async () => {
    const chatId = randomUUID();
    const [owner, other] = [await signIn(), await signIn()];
    expect(
      (await call(owner, 'POST', '/api/chat/request', chatBody(chatId, [['user', 'mine']]))).status,
    ).toBe(200);
    const res = await call(other, 'POST', '/api/chat/request', chatBody(chatId, [['user', 'yours?']]));
    expect(res).toEqual({
      status: 403,
      body: { message: 'You do not have permission to access this chat.' },
    });
  });

  it('records the turn and its answer as events, keeping only what the store flags allow, secrets redacted', async () => {
    const plugin = await signIn();
    const chatId = randomUUID();
    const secret = 'aws_id = AKIA4QX7RZ2M5TBW3KNE';
    const body = chatBody(chatId, [['user', `Why does ${secret} fail?`]], {
      store_context: false,
      store_contextual_telemetry: false,
      store_behavioral_telemetry: true,
    });
    expect((await call(plugin, 'POST', '/api/chat/request', body)).status).toBe(200);
    const [requested, answered, ...rest] = await chatEvents(chatId);
    expect(rest).toEqual([]);
    expect(requested?.type).toBe('chat.requested');
    expect(requested).toMatchObject({ userId: plugin.userId, projectId: plugin.projectId });
    const data = requested?.data as DomainEvent<'chat.requested'>['data'];
    expect(data).toMatchObject({
      chatId,
      modelIds: [CHAT],
      systemPrompt: SYSTEM,
      priorMessages: 0,
      firstTurn: true,
      context: null,
      contextualTelemetry: null,
      behavioralTelemetry: { timeSinceLastShown: 0, timeSinceLastAccepted: 0, typingSpeed: 2 },
      storeContext: false,
      multiFileContextChangesIndexes: {},
    });
    expect(data.userMessage).not.toContain('AKIA4QX7RZ2M5TBW3KNE');
    expect(server.requests.at(-1)?.messages.at(-1)?.content).not.toContain('AKIA4QX7RZ2M5TBW3KNE');
    expect(answered?.type).toBe('chat.answered');
    expect(answered?.queryId).toBe(requested?.queryId);
    const responses = (answered?.data as DomainEvent<'chat.answered'>['data']).responses;
    expect(responses[0]).toMatchObject({ status: 'ok', modelTitle: 'A chat about code', error: null });
    expect(responses[0]?.answer).not.toContain('AKIA4QX7RZ2M5TBW3KNE');

    const kept = randomUUID();
    await call(
      plugin,
      'POST',
      '/api/chat/request',
      chatBody(kept, [['user', 'with context']], { store_context: true }),
    );
    const [withContext] = await chatEvents(kept);
    expect((withContext?.data as DomainEvent<'chat.requested'>['data']).context).toMatchObject({
      prefix: 'def add(a, b):\n    return ',
      fileName: 'calc.py',
    });
  });

  it('answers bad input with 422 and the message envelope, and a missing session with 401', async () => {
    const plugin = await signIn();
    const bad = [
      chatBody('not-a-uuid', [['user', 'x']]),
      chatBody(randomUUID(), [['user', 'x', 'extra']]),
      chatBody(randomUUID(), [['assistant', 'no user message last']]),
      { ...chatBody(randomUUID(), [['user', 'x']]), messages: [] },
      chatBody(randomUUID(), [['user', 'x']], { contextual_telemetry: { language_id: 100_000 } }),
    ];
    for (const body of bad) {
      const res = await call<{ message: string }>(plugin, 'POST', '/api/chat/request', body);
      expect(res.status).toBe(422);
      expect(res.body.message).toMatch(/^Invalid request: /);
    }
    expect((await call(plugin, 'POST', '/api/chat/request', '{not json')).status).toBeLessThan(500);
    expect(
      (await call(null, 'POST', '/api/chat/request', chatBody(randomUUID(), [['user', 'x']]))).status,
    ).toBe(401);
    // A project that is not in the session's project list is refused on every chat route.
    const stranger = { ...plugin, cookie: plugin.cookie.replace(plugin.projectId, randomUUID()) };
    for (const [method, path, body] of [
      ['POST', '/api/chat/request', chatBody(randomUUID(), [['user', 'x']])],
      ['GET', '/api/chat/get/1', undefined],
      ['DELETE', `/api/chat/delete/${randomUUID()}`, undefined],
    ] as const) {
      const res = await call<{ message: string }>(stranger, method, path, body);
      expect(res.status, path).toBe(401);
      expect(res.body.message).toMatch(/project token/);
    }
  });
});

describe('GET /api/chat/get/{page_number} and DELETE /api/chat/delete/{chat_id}', () => {
  it('lists the chats of this user and project ten a page, newest first, each with its whole history', async () => {
    const plugin = await signIn();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = randomUUID();
      ids.push(id);
      await call(plugin, 'POST', '/api/chat/request', chatBody(id, [['user', `question ${i}`]]));
    }
    const first = ids[0] as string;
    await call(
      plugin,
      'POST',
      '/api/chat/request',
      chatBody(first, [
        ['user', 'question 0'],
        ['assistant', 'a'],
        ['user', 'again'],
      ]),
    );
    const other = await signIn();
    await call(other, 'POST', '/api/chat/request', chatBody(randomUUID(), [['user', 'not yours']]));
    type Page = { page: number; per_page: number; items: ChatAnswer[] };
    // The listing reads the read model: wait until it holds all twelve chats and the second turn's answer.
    await eventually(async () => {
      const chats = await t.deps.db
        .selectFrom('chat')
        .select('chat_id')
        .where('user_id', '=', plugin.userId)
        .execute();
      expect(chats).toHaveLength(12);
      const answered = await t.deps.db
        .selectFrom('chat_response')
        .select('meta_query_id')
        .where('chat_id', '=', first)
        .execute();
      expect(answered).toHaveLength(2);
    });
    const page1 = (await call<Page>(plugin, 'GET', '/api/chat/get/1')).body;
    expect(page1.per_page).toBe(10);
    expect(page1.items.map((c) => c.chat_id)).toEqual(ids.slice(2).reverse());
    expect(page1.items[0]).toMatchObject({ title: 'A chat about code' });
    const page2 = (await call<Page>(plugin, 'GET', '/api/chat/get/2')).body;
    expect(page2.page).toBe(2);
    expect(page2.items.map((c) => c.chat_id)).toEqual([ids[1], first]);
    const oldest = page2.items[1];
    expect(oldest?.history.map((h) => h.user_message.content)).toEqual(['question 0', 'again']);
    expect(oldest?.history[1]?.assistant_responses[0]).toMatchObject({
      model_id: CHAT,
      completion: 'Answer to: again',
    });
    expect((await call<Page>(plugin, 'GET', '/api/chat/get/0')).body.items.map((c) => c.chat_id)).toEqual(
      page1.items.map((c) => c.chat_id),
    );
    expect((await call<Page>(plugin, 'GET', '/api/chat/get/3')).body.items).toEqual([]);
    expect((await call(plugin, 'GET', '/api/chat/get/abc')).status).toBe(422);
    expect((await call(plugin, 'GET', '/api/chat/get/-1')).status).toBe(422);
  });

  it('deletes a chat: gone from the listing at once and from the read model, then 404', async () => {
    const plugin = await signIn();
    const chatId = randomUUID();
    await call(plugin, 'POST', '/api/chat/request', chatBody(chatId, [['user', 'to be deleted']]));
    await eventually(async () =>
      expect(
        await t.deps.db.selectFrom('chat_response').select('chat_id').where('chat_id', '=', chatId).execute(),
      ).toHaveLength(1),
    );
    const res = await call(plugin, 'DELETE', `/api/chat/delete/${chatId}`);
    expect(res).toEqual({ status: 200, body: { message: 'Chat deleted successfully' } });
    expect((await call<{ items: unknown[] }>(plugin, 'GET', '/api/chat/get/1')).body.items).toEqual([]);
    await eventually(async () => {
      for (const table of ['chat', 'chat_query', 'chat_response'] as const)
        expect(
          await t.deps.db.selectFrom(table).select('chat_id').where('chat_id', '=', chatId).execute(),
        ).toEqual([]);
    });
    expect((await call(plugin, 'DELETE', `/api/chat/delete/${chatId}`)).status).toBe(404);
    const deleted = (await chatEvents(chatId)).filter((e) => e.type === 'chat.deleted');
    expect(deleted).toHaveLength(1);
  });

  it("answers 403 to deleting another user's chat, 404 to an unknown one and 422 to a malformed id", async () => {
    const [owner, other] = [await signIn(), await signIn()];
    const chatId = randomUUID();
    await call(owner, 'POST', '/api/chat/request', chatBody(chatId, [['user', 'mine']]));
    expect(await call(other, 'DELETE', `/api/chat/delete/${chatId}`)).toEqual({
      status: 403,
      body: { message: 'You do not have permission to access this chat.' },
    });
    expect(await call(owner, 'DELETE', `/api/chat/delete/${randomUUID()}`)).toEqual({
      status: 404,
      body: { message: 'Chat not found' },
    });
    expect((await call(owner, 'DELETE', '/api/chat/delete/nope')).status).toBe(422);
    expect((await call(null, 'DELETE', `/api/chat/delete/${chatId}`)).status).toBe(401);
  });
});

describe('the chats dataset', () => {
  it('serves every turn with each model response and the title, and leaves deleted chats out', async () => {
    const plugin = await signIn();
    const [kept, deleted] = [randomUUID(), randomUUID()];
    await call(
      plugin,
      'POST',
      '/api/chat/request',
      chatBody(kept, [['user', 'Dataset question']], { model_ids: [CHAT, MISSING] }),
    );
    await call(plugin, 'POST', '/api/chat/request', chatBody(deleted, [['user', 'Gone']]));
    await call(plugin, 'DELETE', `/api/chat/delete/${deleted}`);
    await setUserRole(t.deps, plugin.userId, 'researcher', 'test');
    const { secret } = await createApiToken(t.deps, {
      userId: plugin.userId,
      name: 'chats',
      correlationId: 'test',
    });
    const rows = await eventually(async () => {
      const res = await app.request(`/api/datasets/chats?format=ndjson&user_id=${plugin.userId}`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(res.status).toBe(200);
      const lines = (await res.text())
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((r) => r.chat_id)).toEqual([kept, kept]);
      return lines;
    });
    expect(rows.map((r) => [r.model_id, r.status, r.error_code, r.answer])).toEqual([
      [CHAT, 'ok', null, 'Answer to: Dataset question'],
      [MISSING, 'failed', 'model_unavailable', ''],
    ]);
    expect(rows[0]).toMatchObject({
      title: 'A chat about code',
      user_message: 'Dataset question',
      first_turn: true,
      prior_messages: 0,
      context: null,
      model_title: 'A chat about code',
    });
  });
});
