// The credential checks the completion, feedback and context routes build on, against real Redis.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createErrorHandler } from '../error-handler.js';
import { createApp } from '../app.js';
import { Errors } from '../../platform/errors.js';
import { loadUserPreference, requireSession, requireSessionProject } from './auth.js';
import { checkedSessionOf } from './checked-session.js';
import { rateLimits } from './rate-limit.js';
import { createTestEnv, type TestEnv } from '../../../tests/support/test-env.js';
import { createTestApiDeps, type TestApiDeps } from '../../../tests/support/api-deps.js';
import { PluginClient } from '../../../tests/support/plugin-client.js';
import { readStreamEvents } from '../../../tests/support/read-stream-events.js';
import { eventsOfUserFilter } from '../../../events/index.js';

let env: TestEnv;
let t: TestApiDeps;
let probe: Hono;
let plugin: PluginClient;
let ids: { userId: string; sessionId: string; projectId: string };
/** The session_token cookie: the session's token, not its id. */
let token: string;

beforeAll(async () => {
  env = await createTestEnv();
  t = await createTestApiDeps(env);
  probe = new Hono();
  probe.onError(createErrorHandler(t.deps.logger));
  probe.get('/session', async (c) => c.json(await requireSession(c, t.deps)));
  probe.get('/session-project', async (c) => c.json(await requireSessionProject(c, t.deps)));
  // The same checks behind the rate limit of a session route group, which makes them in its own round trip;
  // a second limit of one request a minute for the over-budget case.
  probe.use('/api/completion/*', rateLimits(t.deps));
  probe.use(
    '/api/chat/*',
    rateLimits({ ...t.deps, config: { ...t.deps.config, rateLimitRoutes: { chat: 1 } } }),
  );
  for (const path of ['/api/completion/session-project', '/api/chat/session-project'])
    probe.get(path, async (c) => {
      const ahead = checkedSessionOf(c) !== undefined;
      return c.json(await requireSessionProject(c, t.deps), 200, { 'x-checked-ahead': String(ahead) });
    });
  plugin = new PluginClient(createApp(t.deps));
  const email = 'mw@example.com';
  const body = {
    email,
    name: 'Mid Ware',
    password: 'Secret123',
    config_id: 1,
    token: '',
    provider: 'no_provider',
  };
  const { user_id: userId } = await plugin.ok<{ user_id: string }>('POST', '/api/user/create', body);
  await plugin.ok('POST', '/api/user/authenticate', body);
  ({ session_token: token } = await plugin.ok<{ session_token: string }>('GET', '/api/session/acquire'));
  const { project_token: projectId } = await plugin.ok<{ project_token: string }>(
    'POST',
    '/api/project/create',
    {
      project_name: 'p',
    },
  );
  const started = await readStreamEvents(
    t.nats,
    env.config.streamName,
    eventsOfUserFilter(env.config.natsPrefix, userId),
  );
  const sessionId = started.find((e) => e.type === 'session.started')?.sessionId ?? '';
  ids = { userId, sessionId, projectId };
});
afterAll(async () => {
  await t?.close();
  await env?.cleanup();
});

const get = async (path: string, cookie?: string) => {
  const res = await probe.request(path, { headers: cookie ? { cookie } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const sessionKeys = () => [
  `session:${ids.sessionId}`,
  `session:${ids.sessionId}:projects`,
  `user_session:${ids.userId}`,
  `session_token:${createHash('sha256').update(token).digest('hex')}`,
];
const OTHER = '6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5';

describe('requireSessionProject', () => {
  it('answers the user, session and project for a session with the project activated', async () => {
    const res = await get('/session-project', `session_token=${token}; project_token=${ids.projectId}`);
    expect(res).toEqual({ status: 200, body: ids });
  });

  it('takes the last project_token when the plugin appends its own', async () => {
    const ok = await get(
      '/session-project',
      `session_token=${token}; project_token=${OTHER}; project_token=${ids.projectId}`,
    );
    expect(ok.status).toBe(200);
    const bad = await get(
      '/session-project',
      `session_token=${token}; project_token=${ids.projectId}; project_token=${OTHER}`,
    );
    expect(bad).toEqual({ status: 401, body: { message: Errors.invalidProjectToken().message } });
  });

  it.each([
    ['no cookies', undefined, 'session'],
    ['a non-UUID session', 'session_token=abc; project_token=x', 'session'],
    ['an unknown session', `session_token=${OTHER}`, 'session'],
    ["the session's id (what events and datasets carry) for its token", 'ID', 'session'],
    ['no project', 'SESSION', 'project'],
    ['a non-UUID project', 'SESSION; project_token=%%%', 'project'],
    ['a project not activated in the session', `SESSION; project_token=${OTHER}`, 'project'],
  ])('answers 401 for %s, whether the rate limit checked it or not', async (_what, cookie, which) => {
    const cookies = cookie
      ?.replace('SESSION', `session_token=${token}`)
      .replace('ID', `session_token=${ids.sessionId}; project_token=${ids.projectId}`);
    const message =
      which === 'session' ? Errors.invalidSessionToken().message : Errors.invalidProjectToken().message;
    expect(await get('/session-project', cookies)).toEqual({ status: 401, body: { message } });
    expect(await get('/api/completion/session-project', cookies)).toEqual({ status: 401, body: { message } });
  });

  it('takes the check the rate limit made in its round trip, for the same cookies', async () => {
    const res = await probe.request('/api/completion/session-project', {
      headers: { cookie: `session_token=${token}; project_token=${ids.projectId}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(ids);
    expect(res.headers.get('x-checked-ahead')).toBe('true');
    expect(res.headers.get('x-ratelimit-limit')).toBe(String(t.deps.config.rateLimitPerMinute));
  });

  it('slides nothing for a request over its budget (429 before any session check)', async () => {
    const cookie = `session_token=${token}; project_token=${ids.projectId}`;
    await get('/api/chat/session-project', cookie);
    for (const key of sessionKeys()) await t.deps.redis.expire(key, 5);
    const res = await probe.request('/api/chat/session-project', { headers: { cookie } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).not.toBeNull();
    for (const key of sessionKeys()) expect(await t.deps.redis.ttl(key), key).toBeLessThanOrEqual(5);
    expect((await get('/session', `session_token=${token}`)).status).toBe(200);
  });

  it.each(['/session', '/api/completion/session-project'])(
    'slides the session TTL on every use, its token with it (%s)',
    async (path) => {
      for (const key of sessionKeys()) await t.deps.redis.expire(key, 5);
      const res = await get(path, `session_token=${token}; project_token=${ids.projectId}`);
      expect(res.status).toBe(200);
      for (const key of sessionKeys())
        expect(await t.deps.redis.ttl(key), key).toBeGreaterThan(t.deps.config.sessionTokenTtlS - 5);
    },
  );
});

describe('requireSession', () => {
  it("answers the user and the session's id (from the token's lookup) for the token, 401 for the id", async () => {
    expect(await get('/session', `session_token=${token.toUpperCase()}`)).toEqual({
      status: 200,
      body: { userId: ids.userId, sessionId: ids.sessionId },
    });
    expect(await get('/session', `session_token=${ids.sessionId}`)).toEqual({
      status: 401,
      body: { message: Errors.invalidSessionToken().message },
    });
  });
});

describe('loadUserPreference', () => {
  it('fills in the defaults (store_context false) and returns what the user stored', async () => {
    expect(await loadUserPreference(t.deps, ids.userId)).toMatchObject({ store_context: false });
    await plugin.ok('PUT', '/api/user/update', { preference: { store_context: true } });
    expect(await loadUserPreference(t.deps, ids.userId)).toMatchObject({
      store_context: true,
      store_behavioral_telemetry: true,
    });
  });
});
