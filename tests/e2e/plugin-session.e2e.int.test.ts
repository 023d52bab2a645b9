// End to end: a whole plugin session over real HTTP against every role (api, inference with the built-in ONNX
// model, a test model and a chat model behind an OpenAI-compatible server on a loopback port, projections),
// then every row the projections wrote, field by field.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sql } from 'kysely';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { PluginClient, chatRequestBody, httpTarget } from '../support/plugin-client.js';
import { chatModelEntry, startTestChatServer, type TestChatServer } from '../support/test-chat-server.js';
import { eventually } from '../support/eventually.js';
import { startPlatform, type RunningPlatform } from '../../src/roles/start-platform.js';
import { createDb, type Db } from '../../src/platform/db.js';

let env: TestEnv;
let platform: RunningPlatform;
let db: Db;
let plugin: PluginClient;
let chatServer: TestChatServer;
let registryDir: string;
const CHAT_MODEL = 7;

/** registry.e2e.json with its ONNX path made absolute, plus a chat model served by the test's chat server. */
function writeRegistry(chatUrl: string): string {
  const file = 'tests/e2e/registry.e2e.json';
  const registry = JSON.parse(readFileSync(file, 'utf8')) as { models: Array<Record<string, unknown>> };
  for (const m of registry.models) if (typeof m.path === 'string') m.path = resolve('tests/e2e', m.path);
  registry.models.push({ ...chatModelEntry(CHAT_MODEL, 'e2e-chat', chatUrl), isDefault: true });
  registryDir = mkdtempSync(join(tmpdir(), 'c4m-e2e-'));
  const out = join(registryDir, 'registry.json');
  writeFileSync(out, JSON.stringify(registry));
  return out;
}

beforeAll(async () => {
  chatServer = await startTestChatServer();
  env = await createTestEnv({
    migrate: false,
    overrides: { modelRegistryFile: writeRegistry(chatServer.url) },
  });
  platform = await startPlatform(['api', 'inference', 'projections'], env.config, pino({ level: 'silent' }));
  const url = platform.roles.find((r) => r.role === 'api')?.url;
  if (!url) throw new Error('api did not start');
  plugin = new PluginClient(httpTarget(url));
  db = createDb(env.config.databaseUrl, 2);
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await platform?.close();
  await chatServer?.close();
  await env?.cleanup();
  if (registryDir) rmSync(registryDir, { recursive: true, force: true });
});

const email = 'ada@example.org';
const password = 'Analytic4l-Engine';
const telemetry = (trigger: number) => ({
  contextual_telemetry: {
    version_id: 3,
    trigger_type_id: trigger,
    language_id: 47,
    file_path: '/home/ada/calc/calc.py',
    caret_line: 1,
    document_char_length: 40,
    relative_document_position: 0.5,
  },
  behavioral_telemetry: { time_since_last_shown: 1200, time_since_last_accepted: 0, typing_speed: 4 },
});

describe('a whole plugin session', () => {
  const ids: {
    user?: string;
    /** The session's id, as the research tables carry it. */
    session?: string;
    /** The session_token cookie: the session's secret, apart from its id. */
    sessionToken?: string;
    project?: string;
    q1?: string;
    q2?: string;
    chat?: string;
    deletedChat?: string;
  } = {};
  const gtTimes: string[] = [];

  it('signs up, logs in, syncs preferences and acquires a session', async () => {
    const created = await plugin.call<{ user_id: string }>('POST', '/api/user/create', {
      email,
      name: 'Ada',
      password,
      config_id: 1,
      token: '',
      provider: 'no_provider',
    });
    expect(created.status).toBe(201);
    ids.user = created.body.user_id;
    const login = await plugin.ok<{ config: string; user: { user_id: string } }>(
      'POST',
      '/api/user/authenticate',
      {
        email,
        password,
        provider: 'no_provider',
        token: '',
      },
    );
    expect(login.user.user_id).toBe(ids.user);
    expect(login.config).toContain('"name" = "code4me-tiny"');
    const upd = await plugin.call('PUT', '/api/user/update', {
      preference: { store_context: true, store_behavioral_telemetry: true, store_contextual_telemetry: true },
    });
    expect(upd.status).toBe(201);
    const acq = await plugin.ok<{ session_token: string }>('GET', '/api/session/acquire');
    ids.sessionToken = acq.session_token;
    expect(plugin.jar.get('session_token')).toBe(ids.sessionToken);
    const user = ids.user ?? '';
    const row = await eventually(
      async () =>
        db.selectFrom('session').select('session_id').where('user_id', '=', user).executeTakeFirstOrThrow(),
      20_000,
    );
    ids.session = row.session_id;
    // The research row names the session; only the token opens it.
    expect(ids.session).not.toBe(ids.sessionToken);
  });

  it('creates and activates a project and sends multi-file context', async () => {
    const p = await plugin.ok<{ project_token: string }>('POST', '/api/project/create', {
      project_name: 'calc',
    });
    ids.project = p.project_token;
    await plugin.ok('PUT', '/api/project/activate', { project_id: ids.project });
    const ctx = await plugin.ok<{ data: Record<string, string[]> }>(
      'POST',
      '/api/completion/multi-file-context/update',
      {
        context_updates: {
          'util.py': [
            {
              change_type: 'insert',
              start_line: 0,
              end_line: 1,
              new_lines: ['def sq(x):', '    return x * x'],
            },
          ],
        },
      },
    );
    expect(ctx.data['util.py']).toEqual(['def sq(x):', '    return x * x']);
  });

  it('gets completions from both models, then feedback and three ground truths', async () => {
    const res = await plugin.ok<{
      data: { meta_query_id: string; completions: Array<Record<string, unknown>> };
    }>('POST', '/api/completion/request', {
      model_ids: [5, 6],
      context: {
        prefix: 'import os\ndef add(a, b):\n    return ',
        suffix: '\n',
        file_name: 'calc.py',
        context_files: ['util.py'],
      },
      ...telemetry(1),
      store_context: true,
      store_contextual_telemetry: true,
      store_behavioral_telemetry: true,
    });
    ids.q1 = res.data.meta_query_id;
    expect(res.data.completions.map((c) => c.model_id).sort()).toEqual([5, 6]);
    for (const c of res.data.completions) {
      expect(Object.keys(c).sort()).toEqual([
        'completion',
        'confidence',
        'generation_time',
        'model_id',
        'model_name',
      ]);
      expect(c.confidence).toBeGreaterThan(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      expect(Number.isInteger(c.generation_time)).toBe(true);
    }
    await plugin.ok('POST', '/api/completion/feedback', {
      meta_query_id: ids.q1,
      model_id: 5,
      was_accepted: true,
    });
    for (const gt of ['return a + b', 'return a + b  # sum', 'return a + b']) {
      await plugin.ok('POST', '/api/completion/feedback', {
        meta_query_id: ids.q1,
        model_id: 5,
        was_accepted: true,
        ground_truth: gt,
      });
      gtTimes.push(new Date().toISOString());
    }
  });

  it('chats over two turns with a title, lists the chat and deletes another one', async () => {
    const chat = (ids.chat = randomUUID());
    const first = await plugin.chat(
      chatRequestBody(chat, [['user', 'How do I add two numbers?']], { model_ids: [CHAT_MODEL] }),
    );
    expect(first.title).toBe('A chat about code');
    const answer = first.history[0]?.assistant_responses[0];
    expect(answer).toEqual({
      model_id: CHAT_MODEL,
      model_name: 'e2e-chat',
      completion: 'Answer to: How do I add two numbers?',
      generation_time: expect.any(Number) as number,
      confidence: 0,
      was_accepted: false,
    });
    const conversation: Array<[string, string]> = [
      ['user', 'How do I add two numbers?'],
      ['assistant', answer?.completion ?? ''],
      ['user', 'And three?'],
    ];
    const second = await plugin.chat(chatRequestBody(chat, conversation, { model_ids: [CHAT_MODEL] }));
    expect(second.title).toBe('A chat about code');
    expect(second.history[0]?.assistant_responses[0]?.completion).toBe('Answer to: And three?');
    expect(
      chatServer.requests
        .at(-1)
        ?.messages.slice(1)
        .map((m) => [m.role, m.content]),
    ).toEqual(conversation);
    const gone = (ids.deletedChat = randomUUID());
    await plugin.chat(chatRequestBody(gone, [['user', 'Delete me']], { model_ids: [CHAT_MODEL] }));
    expect(await plugin.deleteChat(gone)).toEqual({ message: 'Chat deleted successfully' });
    const page = await eventually(async () => {
      const p = await plugin.chatPage(1);
      expect(p.items[0]?.history).toHaveLength(2);
      return p;
    }, 20_000);
    expect(page).toMatchObject({ page: 1, per_page: 10 });
    expect(page.items.map((c) => [c.chat_id, c.title])).toEqual([[chat, 'A chat about code']]);
  });

  it('gets a second completion without feedback and deactivates', async () => {
    const res = await plugin.ok<{ data: { meta_query_id: string } }>('POST', '/api/completion/request', {
      model_ids: [5, 6],
      context: { prefix: 'x = 1\n', suffix: '', file_name: 'calc.py', context_files: [] },
      ...telemetry(2),
      store_context: false,
      store_contextual_telemetry: true,
      store_behavioral_telemetry: false,
    });
    ids.q2 = res.data.meta_query_id;
    const bye = await plugin.call('PUT', '/api/session/deactivate/');
    expect(bye.status).toBe(200);
    expect(plugin.jar.has('auth_token')).toBe(false);
  });

  it('projected every row, field by field', async () => {
    const { user, session, project, q1, q2 } = ids as Required<typeof ids>;
    const sess = await eventually(async () => {
      const row = await db
        .selectFrom('session')
        .selectAll()
        .where('session_id', '=', session)
        .executeTakeFirstOrThrow();
      expect(row.end_time).not.toBeNull();
      return row;
    }, 20_000);
    expect(sess.user_id).toBe(user);
    expect(sess.start_time.getTime()).toBeLessThanOrEqual((sess.end_time as Date).getTime());
    expect(await db.selectFrom('session_projects').selectAll().execute()).toEqual([
      { session_id: session, project_id: project, stream_seq: expect.any(Number) as number },
    ]);

    const userRow = await db
      .selectFrom('user')
      .selectAll()
      .where('user_id', '=', user)
      .executeTakeFirstOrThrow();
    expect(userRow).toMatchObject({
      email,
      name: 'Ada',
      config_id: 1,
      verified: false,
      is_oauth_signup: false,
    });
    expect(userRow.preference).toMatchObject({ store_context: true });
    expect(userRow.password).toMatch(/^\$argon2id\$/);
    expect(await db.selectFrom('project_users').select(['project_id', 'user_id']).execute()).toEqual([
      { project_id: project, user_id: user },
    ]);

    const gens = await eventually(async () => {
      const rows = await db
        .selectFrom('had_generation')
        .selectAll()
        .orderBy('meta_query_id')
        .orderBy('model_id')
        .execute();
      expect(rows).toHaveLength(4);
      const accepted = rows.find((r) => r.meta_query_id === q1 && r.model_id === 5);
      expect(accepted?.was_accepted).toBe(true);
      return rows;
    }, 20_000);
    for (const g of gens) {
      expect(g.was_accepted).toBe(g.meta_query_id === q1 && g.model_id === 5);
      expect(g.shown_at).toHaveLength(1);
      expect(g.confidence).toBeGreaterThan(0);
      expect(g.confidence).toBeLessThanOrEqual(1);
      expect(g.generation_time).toBeGreaterThanOrEqual(0);
      expect(Array.isArray(g.logprobs)).toBe(true);
      expect(g.tokens).toHaveLength(g.logprobs.length);
      expect(g.serving_time).toBeGreaterThanOrEqual(g.generation_time);
      expect(g.generation_parameters).toMatchObject({ temperature: 0, topP: 1, stop: ['\n'] });
      if (g.model_id === 5) {
        expect(g.logprobs.length).toBeGreaterThan(0);
        // The built-in model's folder ships a SHA256SUMS manifest: its hash names the weights.
        expect(g.model_revision).toMatch(/^sha256sums:[0-9a-f]{64}$/);
        // Its registry deadline (8 s) is capped to what is left of the 8 s every request gets.
        expect(g.generation_parameters).toMatchObject({ maxNewTokens: 24 });
        expect(g.generation_parameters?.deadlineMs).toBeGreaterThan(7000);
        expect(g.generation_parameters?.deadlineMs).toBeLessThanOrEqual(8000);
      }
    }

    const metas = await db.selectFrom('meta_query').selectAll().orderBy('timestamp').execute();
    expect(metas.map((m) => m.meta_query_id)).toEqual([q1, q2]);
    const [m1, m2] = metas;
    expect(m1?.stream_seq).toBeLessThan(m2?.stream_seq ?? 0); // each row records its request's sequence
    expect(m1).toMatchObject({
      user_id: user,
      session_id: session,
      project_id: project,
      query_type: 'completion',
      server_version_id: 1,
      context_id: q1,
      contextual_telemetry_id: q1,
      behavioral_telemetry_id: q1,
    });
    expect(m1?.multi_file_context_changes_indexes).toEqual({ 'util.py': 1 });
    expect([m1?.config_id, m1?.plugin_version_id, m2?.config_id]).toEqual([1, 3, 1]);
    expect(await db.selectFrom('query_context_file').selectAll().execute()).toEqual([
      {
        meta_query_id: q1,
        file_path: 'util.py',
        change_count: 1,
        lines: ['def sq(x):', '    return x * x'],
        omitted: null,
        stream_seq: m1?.stream_seq,
      },
    ]);
    expect(m1?.total_serving_time).toBeGreaterThanOrEqual(0);
    expect(m2).toMatchObject({
      context_id: null,
      contextual_telemetry_id: q2,
      behavioral_telemetry_id: null,
    });
    expect(
      (await db.selectFrom('completion_query').selectAll().orderBy('meta_query_id').execute()).map(
        (r) => r.meta_query_id,
      ),
    ).toEqual([q1, q2].sort());

    expect(await db.selectFrom('context').selectAll().execute()).toEqual([
      {
        context_id: q1,
        prefix: 'import os\ndef add(a, b):\n    return ',
        suffix: '\n',
        file_name: 'calc.py',
        selected_text: null,
        stream_seq: m1?.stream_seq,
      },
    ]);
    const ct = await db.selectFrom('contextual_telemetry').selectAll().orderBy('trigger_type_id').execute();
    expect(ct).toEqual([
      {
        contextual_telemetry_id: q1,
        version_id: 3,
        trigger_type_id: 1,
        language_id: 47,
        file_path: '/home/ada/calc/calc.py',
        caret_line: 1,
        document_char_length: 40,
        relative_document_position: 0.5,
        stream_seq: m1?.stream_seq,
      },
      {
        contextual_telemetry_id: q2,
        version_id: 3,
        trigger_type_id: 2,
        language_id: 47,
        file_path: '/home/ada/calc/calc.py',
        caret_line: 1,
        document_char_length: 40,
        relative_document_position: 0.5,
        stream_seq: m2?.stream_seq,
      },
    ]);
    expect(await db.selectFrom('behavioral_telemetry').selectAll().execute()).toEqual([
      {
        behavioral_telemetry_id: q1,
        time_since_last_shown: 1200,
        time_since_last_accepted: 0,
        typing_speed: 4,
        stream_seq: m1?.stream_seq,
      },
    ]);

    const truths = await db.selectFrom('ground_truth').selectAll().orderBy('truth_timestamp').execute();
    expect(truths.map((t) => [t.completion_query_id, t.model_id, t.ground_truth])).toEqual([
      [q1, 5, 'return a + b'],
      [q1, 5, 'return a + b  # sum'],
      [q1, 5, 'return a + b'],
    ]);
    expect(new Set(truths.map((t) => t.truth_timestamp.getTime())).size).toBe(3);
    const fb = await db.selectFrom('feedback').selectAll().orderBy('received_at').execute();
    expect(fb.map((f) => [f.meta_query_id, f.model_id, f.was_accepted, f.ground_truth])).toEqual([
      [q1, 5, true, null],
      [q1, 5, true, 'return a + b'],
      [q1, 5, true, 'return a + b  # sum'],
      [q1, 5, true, 'return a + b'],
    ]);

    const changes = await db.selectFrom('context_change').selectAll().execute();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      project_id: project,
      session_id: session,
      user_id: user,
      file_path: 'util.py',
      line_count: 2,
      change_count: 1,
      stored: true,
      changes_omitted: null,
    });
    expect(changes[0]?.changes).toEqual([
      { change_type: 'insert', start_line: 0, end_line: 1, new_lines: ['def sq(x):', '    return x * x'] },
    ]);

    const chats = await db.selectFrom('chat').selectAll().execute();
    expect(chats.map((c) => [c.chat_id, c.user_id, c.project_id, c.title])).toEqual([
      [ids.chat, user, project, 'A chat about code'],
    ]);
    const turns = await db.selectFrom('chat_query').selectAll().orderBy('requested_at').execute();
    expect(
      turns.map((t) => [t.user_message, t.session_id, t.first_turn, t.prior_messages, t.context]),
    ).toEqual([
      ['How do I add two numbers?', session, true, 0, null],
      ['And three?', session, false, 2, null],
    ]);
    const answers = await db.selectFrom('chat_response').selectAll().orderBy('stream_seq').execute();
    expect(answers.map((a) => [a.meta_query_id, a.model_id, a.status, a.answer, a.model_title])).toEqual([
      [
        turns[0]?.meta_query_id,
        CHAT_MODEL,
        'ok',
        'Answer to: How do I add two numbers?',
        'A chat about code',
      ],
      [turns[1]?.meta_query_id, CHAT_MODEL, 'ok', 'Answer to: And three?', null],
    ]);

    const dead = await db
      .selectFrom('projection_dead_letter')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(dead.n)).toBe(0);
  });
});
