// /api/session/* and /api/project/* against real PostgreSQL, Redis and JetStream, and the plugin's whole
// sign-up → project → close sequence through an OkHttp-like cookie jar.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/api/app.js';
import { Errors } from '../../src/platform/errors.js';
import { checkSession, readSession } from '../../src/auth/index.js';
import { eventsOfUserFilter } from '../../events/index.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { createTestApiDeps, type TestApiDeps } from '../support/api-deps.js';
import { PluginClient } from '../support/plugin-client.js';
import { readStreamEvents } from '../support/read-stream-events.js';

const PASSWORD = 'Secret123';
let env: TestEnv;
let t: TestApiDeps;
let app: App;

beforeAll(async () => {
  env = await createTestEnv({ overrides: { authRateLimitPerMinute: 10_000 } });
  t = await createTestApiDeps(env);
  app = createApp(t.deps);
});
afterAll(async () => {
  await t?.close();
  await env?.cleanup();
});

const userEvents = (userId: string) =>
  readStreamEvents(t.nats, env.config.streamName, eventsOfUserFilter(env.config.natsPrefix, userId));

async function signedIn(email: string): Promise<{ client: PluginClient; userId: string }> {
  const client = new PluginClient(app);
  const body = {
    email,
    name: 'Ada Lovelace',
    password: PASSWORD,
    config_id: 1,
    token: '',
    provider: 'no_provider',
  };
  const { user_id: userId } = await client.ok<{ user_id: string }>('POST', '/api/user/create', body);
  await client.ok('POST', '/api/user/authenticate', {
    email,
    password: PASSWORD,
    provider: 'no_provider',
    token: '',
  });
  return { client, userId };
}

/** Acquires the user's session: its token (the cookie) and its id (what events carry), read through the token. */
async function acquire(client: PluginClient): Promise<{ token: string; sessionId: string }> {
  const { session_token: token } = await client.ok<{ session_token: string }>('GET', '/api/session/acquire');
  const found = await checkSession(t.deps.redis, token, t.deps.config.sessionTokenTtlS);
  if (!found) throw new Error('acquired a token that finds no session');
  return { token, sessionId: found.sessionId };
}

describe('GET /api/session/acquire', () => {
  it('creates a session once (session.started) and hands the same one back while it lives', async () => {
    const { client, userId } = await signedIn('acq@example.com');
    const first = await client.call<{ message: string; session_token: string }>(
      'GET',
      '/api/session/acquire',
    );
    expect(first.status).toBe(200);
    expect(first.body.message).toBe('Session acquired successfully');
    expect(first.setCookies).toEqual([
      `session_token=${first.body.session_token}; Path=/; HttpOnly; SameSite=Lax`,
    ]);
    const second = await client.call<{ session_token: string }>('GET', '/api/session/acquire');
    expect(second.body.session_token).toBe(first.body.session_token);
    const events = (await userEvents(userId)).filter((e) => e.type.startsWith('session.'));
    expect(events.map((e) => e.type)).toEqual(['session.started']);
    // The token is a secret of its own: the session id the event (and every dataset row) carries is not it.
    const sessionId = events[0]?.sessionId ?? '';
    expect(first.body.session_token).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first.body.session_token).not.toBe(sessionId);
    expect(await checkSession(t.deps.redis, first.body.session_token, 60)).toMatchObject({
      userId,
      sessionId,
    });
    expect(await checkSession(t.deps.redis, sessionId, 60)).toBeUndefined();
    // No key names the token in clear.
    const keys = await t.deps.redis.keys(`${env.config.redisPrefix}*`);
    expect(keys.filter((k) => k.includes(sessionId))).not.toEqual([]);
    expect(keys.filter((k) => k.includes(first.body.session_token))).toEqual([]);
  });

  it('gives a live session stored before tokens were separate (token = id) a token and keeps it', async () => {
    const { client, userId } = await signedIn('legacy@example.com');
    const { token, sessionId } = await acquire(client);
    // What an older version stored: no token field and no token key; the id was the cookie.
    await t.deps.redis.del(`session_token:${createHash('sha256').update(token).digest('hex')}`);
    await t.deps.redis.hdel(`session:${sessionId}`, 'token');
    expect(await checkSession(t.deps.redis, sessionId, 60)).toBeUndefined();
    const again = await acquire(client);
    expect(again.sessionId).toBe(sessionId);
    expect(again.token).not.toBe(sessionId);
    expect((await userEvents(userId)).filter((e) => e.type === 'session.started')).toHaveLength(1);
  });

  it('answers 401 without a valid auth token', async () => {
    const res = await app.request('/api/session/acquire', { headers: { cookie: 'auth_token=nope' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: Errors.invalidAuthToken().message });
  });
});

describe('POST /api/project/create', () => {
  it('needs an acquired session', async () => {
    const { client } = await signedIn('nosession@example.com');
    const res = await client.call('POST', '/api/project/create', { project_name: 'demo' });
    expect(res).toMatchObject({ status: 401, body: { message: Errors.invalidSessionToken().message } });
  });

  it('creates the project with its membership, appends project.created, project.member.added and project.activated, sets project_token', async () => {
    const { client, userId } = await signedIn('create@example.com');
    const { sessionId } = await acquire(client);
    const res = await client.call<{ message: string; project_token: string }>('POST', '/api/project/create', {
      project_name: 'Unnamed Project',
    });
    expect(res.status).toBe(201);
    expect(res.body.message).toBe('Project created successfully.');
    const projectId = res.body.project_token;
    expect(res.setCookies).toEqual([`project_token=${projectId}; Path=/; HttpOnly; SameSite=Lax`]);
    const project = await t.deps.db
      .selectFrom('project')
      .selectAll()
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    expect(project).toMatchObject({ project_name: 'Unnamed Project', created_by: userId });
    const member = await t.deps.db
      .selectFrom('project_users')
      .selectAll()
      .where('project_id', '=', projectId)
      .execute();
    expect(member.map((m) => m.user_id)).toEqual([userId]);
    const events = (await userEvents(userId)).filter((e) => e.type.startsWith('project.'));
    expect(events.map((e) => [e.type, e.sessionId, e.projectId])).toEqual([
      ['project.created', sessionId, projectId],
      ['project.member.added', sessionId, projectId],
      ['project.activated', sessionId, projectId],
    ]);
    const joinedAt = new Date(member[0]?.joined_at ?? 0).toISOString();
    expect(events[1]?.data).toEqual({ role: 'creator', joinedAt });
    expect(await t.deps.db.selectFrom('account_outbox').selectAll().execute()).toEqual([]);
    expect(await readSession(t.deps.redis, sessionId)).toEqual({ userId, projectIds: [projectId] });
  });

  it.each([
    ['an empty name', { project_name: '' }],
    ['a name over 100 characters', { project_name: 'p'.repeat(101) }],
    ['a missing name', {}],
    ['a name of the wrong type', { project_name: 42 }],
  ])('answers 422 for %s', async (_what, body) => {
    const { client } = await signedIn(`bad${String(Math.random()).slice(2, 8)}@example.com`);
    await client.ok('GET', '/api/session/acquire');
    const res = await client.call<{ message: string }>('POST', '/api/project/create', body);
    expect(res.status).toBe(422);
    expect(res.body.message).toContain('project_name');
  });
});

describe('PUT /api/project/activate', () => {
  it('activates a project of the user once per session, however often it is asked (no duplicates)', async () => {
    const { client, userId } = await signedIn('act@example.com');
    const { sessionId } = await acquire(client);
    const { project_token: projectId } = await client.ok<{ project_token: string }>(
      'POST',
      '/api/project/create',
      {
        project_name: 'p',
      },
    );
    for (let i = 0; i < 3; i++) {
      const res = await client.call('PUT', '/api/project/activate', { project_id: projectId.toUpperCase() });
      expect(res).toMatchObject({ status: 200, body: { message: 'Project activated successfully.' } });
      expect(res.setCookies).toEqual([`project_token=${projectId}; Path=/; HttpOnly; SameSite=Lax`]);
    }
    expect((await readSession(t.deps.redis, sessionId))?.projectIds).toEqual([projectId]);
    const activations = (await userEvents(userId)).filter((e) => e.type === 'project.activated');
    expect(activations).toHaveLength(1);
  });

  it('activates an own project again in a new session', async () => {
    const { client, userId } = await signedIn('again@example.com');
    await client.ok('GET', '/api/session/acquire');
    const { project_token: projectId } = await client.ok<{ project_token: string }>(
      'POST',
      '/api/project/create',
      {
        project_name: 'p',
      },
    );
    await client.ok('PUT', '/api/session/deactivate/');
    await client.ok('POST', '/api/user/authenticate', { email: 'again@example.com', password: PASSWORD });
    const { sessionId: newSession } = await acquire(client);
    await client.ok('PUT', '/api/project/activate', { project_id: projectId });
    const activations = (await userEvents(userId)).filter((e) => e.type === 'project.activated');
    expect(activations.map((e) => e.sessionId)).toEqual([expect.any(String), newSession]);
  });

  it("answers 401 invalid project token for unknown, malformed and other users' project ids", async () => {
    const owner = await signedIn('owner@example.com');
    await owner.client.ok('GET', '/api/session/acquire');
    const { project_token: foreign } = await owner.client.ok<{ project_token: string }>(
      'POST',
      '/api/project/create',
      {
        project_name: 'secret',
      },
    );
    const { client } = await signedIn('guesser@example.com');
    await client.ok('GET', '/api/session/acquire');
    for (const project_id of [foreign, '6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5', 'not-a-uuid', '']) {
      const res = await client.call('PUT', '/api/project/activate', { project_id });
      expect(res).toMatchObject({ status: 401, body: { message: Errors.invalidProjectToken().message } });
    }
    expect((await client.call('PUT', '/api/project/activate', {})).status).toBe(422);
    expect((await client.call('PUT', '/api/project/activate', { project_id: 5 })).status).toBe(422);
  });

  it('answers 401 without a session or an auth token', async () => {
    const { client } = await signedIn('actnosession@example.com');
    const noSession = await client.call('PUT', '/api/project/activate', {
      project_id: '6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5',
    });
    expect(noSession).toMatchObject({ status: 401, body: { message: Errors.invalidSessionToken().message } });
    const noAuth = await app.request('/api/project/activate', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"project_id":"6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5"}',
    });
    expect(noAuth.status).toBe(401);
  });
});

describe('PUT /api/session/deactivate/', () => {
  it.each(['/api/session/deactivate/', '/api/session/deactivate'])(
    'at %s ends the session (session.ended), revokes the auth token and clears both cookies',
    async (path) => {
      const { client, userId } = await signedIn(`deact${path.length}@example.com`);
      const { sessionId } = await acquire(client);
      const token = client.jar.get('auth_token') ?? '';
      const res = await client.call('PUT', path);
      expect(res).toMatchObject({ status: 200, body: { message: 'Session deactivated successfully.' } });
      expect(res.setCookies).toEqual([
        'auth_token=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
        'session_token=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
      ]);
      expect(client.jar.has('auth_token')).toBe(false);
      expect(await readSession(t.deps.redis, sessionId)).toBeUndefined();
      const ended = (await userEvents(userId)).find((e) => e.type === 'session.ended');
      expect(ended).toMatchObject({ sessionId, data: { reason: 'deactivated' } });
      const after = await app.request('/api/user/get', { headers: { cookie: `auth_token=${token}` } });
      expect(after.status).toBe(401);
    },
  );

  it('logs out even when no session is live', async () => {
    const { client } = await signedIn('nolive@example.com');
    expect((await client.call('PUT', '/api/session/deactivate/')).status).toBe(200);
    expect((await client.call('GET', '/api/user/get')).status).toBe(401);
    expect((await client.call('PUT', '/api/session/deactivate/')).status).toBe(401);
  });
});

describe('the plugin sequence through a cookie jar', () => {
  it('signs up, logs in, syncs preferences, opens a project, reopens it and closes the IDE', async () => {
    const plugin = new PluginClient(app);
    const email = 'plugin@example.com';
    await plugin.ok('POST', '/api/user/create', {
      email,
      name: 'Plug In',
      password: PASSWORD,
      config_id: 1,
      token: '',
      provider: 'no_provider',
    });
    await plugin.ok('POST', '/api/user/authenticate', {
      email,
      password: PASSWORD,
      provider: 'no_provider',
      token: '',
    });
    await plugin.ok('PUT', '/api/user/update', {
      preference: { store_context: false, enabled_modules: ['CompletionModel'] },
    });
    await plugin.ok('GET', '/api/session/acquire');
    await plugin.ok('GET', '/api/user/get');
    const { project_token } = await plugin.ok<{ project_token: string }>('POST', '/api/project/create', {
      project_name: 'demo',
    });
    await plugin.ok('PUT', '/api/project/activate', { project_id: project_token });
    expect([...plugin.jar.keys()].sort()).toEqual(['auth_token', 'project_token', 'session_token']);
    await plugin.ok('PUT', '/api/session/deactivate/');
    expect([...plugin.jar.keys()]).toEqual(['project_token']);
    const afterClose = await plugin.call('GET', '/api/user/get');
    expect(afterClose.status).toBe(401);
  });
});
