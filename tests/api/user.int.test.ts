// /api/user/* against real PostgreSQL, Redis and JetStream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import hocon from '@pushcorn/hocon-parser';
import { createApp, type App } from '../../src/api/app.js';
import { Errors } from '../../src/platform/errors.js';
import type { GoogleTokenVerifier } from '../../src/auth/index.js';
import { eventsOfUserFilter } from '../../events/index.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { createTestApiDeps, type TestApiDeps } from '../support/api-deps.js';
import { PluginClient } from '../support/plugin-client.js';
import { readStreamEvents } from '../support/read-stream-events.js';

const PASSWORD = 'Secret123';
const fakeGoogle: GoogleTokenVerifier = async (token) => {
  if (!token.startsWith('google:')) throw Errors.invalidJwt();
  return { email: token.slice('google:'.length), subject: 'sub' };
};

let env: TestEnv;
let t: TestApiDeps;
let app: App;

beforeAll(async () => {
  env = await createTestEnv({ overrides: { authRateLimitPerMinute: 10_000 } });
  t = await createTestApiDeps(env, { googleVerifier: fakeGoogle });
  app = createApp(t.deps);
});
afterAll(async () => {
  await t?.close();
  await env?.cleanup();
});

const userEvents = (userId: string) =>
  readStreamEvents(t.nats, env.config.streamName, eventsOfUserFilter(env.config.natsPrefix, userId));

function signUpBody(email: string, extra: Record<string, unknown> = {}) {
  return {
    email,
    name: 'Ada Lovelace',
    password: PASSWORD,
    config_id: 1,
    token: '',
    provider: 'no_provider',
    ...extra,
  };
}

async function signedIn(email: string): Promise<{ client: PluginClient; userId: string }> {
  const client = new PluginClient(app);
  const created = await client.ok<{ user_id: string }>('POST', '/api/user/create', signUpBody(email));
  await client.ok('POST', '/api/user/authenticate', {
    email,
    password: PASSWORD,
    provider: 'no_provider',
    token: '',
  });
  return { client, userId: created.user_id };
}

describe('the accounts migration', () => {
  it("seeds the lookups with the Python server's ids and config 1 from the registry", async () => {
    const db = t.deps.db;
    expect(await db.selectFrom('trigger_type').selectAll().orderBy('trigger_type_id').execute()).toEqual([
      { trigger_type_id: 1, trigger_type_name: 'manual' },
      { trigger_type_id: 2, trigger_type_name: 'auto' },
      { trigger_type_id: 3, trigger_type_name: 'idle' },
    ]);
    const versions = await db.selectFrom('plugin_version').selectAll().orderBy('version_id').execute();
    expect(versions.map((v) => [v.version_id, v.version_name, v.ide_type])).toEqual([
      [1, '0.0.1j', 'JetBrains'],
      [2, '0.0.1v', 'VSCode'],
      [3, '0.1.0j', 'JetBrains'],
      [4, '0.1.0v', 'VSCode'],
    ]);
    const langs = await db.selectFrom('programming_language').selectAll().execute();
    expect(langs).toHaveLength(179);
    expect(langs.find((l) => l.language_id === 47)?.language_name).toBe('Python');
    expect(langs.find((l) => l.language_id === 179)?.language_name).toBe('unknown');
    const models = await db.selectFrom('model_name').selectAll().orderBy('model_id').execute();
    expect(models.map((m) => m.model_id)).toEqual(
      t.deps.registry.models.map((m) => m.id).sort((a, b) => a - b),
    );
    expect(models[0]?.model_name).toBe('deepseek-ai/deepseek-coder-1.3b-base');
    const config = await db
      .selectFrom('config')
      .selectAll()
      .where('config_id', '=', 1)
      .executeTakeFirstOrThrow();
    expect(await hocon.parse({ text: config.config_data, strict: true })).toHaveProperty(
      'config.languages.Python',
      47,
    );
  });
});

describe('POST /api/user/create', () => {
  it('creates the user with config 1 whatever config_id the client sends, and appends user.registered', async () => {
    const res = await new PluginClient(app).call<{ message: string; user_id: string }>(
      'POST',
      '/api/user/create',
      signUpBody(' Grace@Example.COM ', { config_id: 7, is_admin: true, verified: true }),
    );
    expect(res.status).toBe(201);
    expect(res.body.message).toBe('User created successfully. Please check your email for verification.');
    const row = await t.deps.db
      .selectFrom('user')
      .selectAll()
      .where('user_id', '=', res.body.user_id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: 'grace@example.com', config_id: 1, verified: false, is_admin: false });
    expect(row.password).toMatch(/^\$argon2id\$/);
    const events = await userEvents(res.body.user_id);
    expect(events.map((e) => e.type)).toEqual(['user.registered']);
    expect(events[0]?.data).toMatchObject({ email: 'grace@example.com', configId: 1, isOauthSignup: false });
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
  });

  it('answers 409 for an e-mail that is taken, whatever its case', async () => {
    await signedIn('dup@example.com');
    const res = await new PluginClient(app).call('POST', '/api/user/create', signUpBody('DUP@example.com'));
    expect(res).toMatchObject({ status: 409, body: { message: 'User already exists with this email!' } });
  });

  it.each([
    ['a weak password', { password: 'password' }, 'password'],
    ['a password with whitespace', { password: 'Secret 123' }, 'password'],
    ['a short name', { name: 'Al' }, 'name'],
    ['a long e-mail', { email: `${'a'.repeat(45)}@example.com` }, 'email'],
    ['a malformed e-mail', { email: 'not-an-email' }, 'email'],
    ['a name of the wrong type', { name: 12345 }, 'name'],
    ['an unknown provider', { provider: 'github' }, 'provider'],
  ])('answers 422 naming the field for %s', async (_what, extra, field) => {
    const res = await new PluginClient(app).call<{ message: string }>(
      'POST',
      '/api/user/create',
      signUpBody('v@example.com', extra),
    );
    expect(res.status).toBe(422);
    expect(res.body.message).toContain(field);
  });

  it('answers 422 for missing fields, 400 for malformed JSON and 413 for a huge body', async () => {
    const missing = await app.request('/api/user/create', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(422);
    const malformed = await app.request('/api/user/create', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"email": ',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { message: string }).message).toMatch(/JSON/i);
    const huge = await app.request('/api/user/create', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(t.deps.config.bodyLimitBytes + 10),
      },
      body: JSON.stringify({ name: 'x'.repeat(t.deps.config.bodyLimitBytes) }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toHaveProperty('message');
  });

  it('checks a Google sign-up token against the e-mail of the body', async () => {
    const client = new PluginClient(app);
    const google = { provider: 'google', token: 'google:lin@example.com' };
    expect(
      (await client.call('POST', '/api/user/create', signUpBody('other@example.com', google))).status,
    ).toBe(401);
    const res = await client.call('POST', '/api/user/create', signUpBody('lin@example.com', google));
    expect(res.status).toBe(201);
  });
});

describe('POST /api/user/authenticate', () => {
  it('sets the auth_token cookie and answers the user and the HOCON config; a second login reuses the token', async () => {
    const email = 'auth@example.com';
    const client = new PluginClient(app);
    await client.ok('POST', '/api/user/create', signUpBody(email));
    const body = { email, password: PASSWORD, provider: 'no_provider', token: '' };
    const res = await client.call<{ message: string; user: Record<string, unknown>; config: string }>(
      'POST',
      '/api/user/authenticate',
      body,
    );
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('User authenticated successfully via email and password.');
    const token = client.jar.get('auth_token');
    expect(res.setCookies[0]).toMatch(
      new RegExp(
        `^auth_token=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${t.deps.config.authTokenTtlS}; Expires=`,
      ),
    );
    expect(res.body.user).toMatchObject({
      email,
      name: 'Ada Lovelace',
      password: '**********',
      config_id: 1,
      verified: false,
      is_admin: false,
      auth_token: token,
      preference: {
        store_context: false,
        store_contextual_telemetry: true,
        store_behavioral_telemetry: true,
      },
    });
    expect(new Date(res.body.user.joined_at as string).toISOString()).toBe(res.body.user.joined_at);
    expect(await hocon.parse({ text: res.body.config, strict: true })).toHaveProperty(
      'config.languages.unknown',
      179,
    );
    const again = await new PluginClient(app).call<{ user: { auth_token: string } }>(
      'POST',
      '/api/user/authenticate',
      body,
    );
    expect(again.body.user.auth_token).toBe(token);
  });

  it('answers 401 for a wrong password or an unknown e-mail, and 422 when the password is missing', async () => {
    await signedIn('wrong@example.com');
    const client = new PluginClient(app);
    const wrong = await client.call('POST', '/api/user/authenticate', {
      email: 'wrong@example.com',
      password: 'Secret124',
      provider: 'no_provider',
      token: '',
    });
    expect(wrong).toMatchObject({ status: 401, body: { message: 'Invalid email or password!' } });
    const unknown = await client.call('POST', '/api/user/authenticate', {
      email: 'nobody@example.com',
      password: PASSWORD,
    });
    expect(unknown.status).toBe(401);
    expect((await client.call('POST', '/api/user/authenticate', { email: 'wrong@example.com' })).status).toBe(
      422,
    );
    expect(client.jar.size).toBe(0);
  });

  it('takes provider google to mean the token, even when the body also has an e-mail and an empty password', async () => {
    const body = {
      email: 'lin@example.com',
      password: '',
      provider: 'google',
      token: 'google:lin@example.com',
    };
    const res = await new PluginClient(app).call<{ message: string }>('POST', '/api/user/authenticate', body);
    expect(res).toMatchObject({
      status: 200,
      body: { message: 'User authenticated successfully via OAuth.' },
    });
    const bad = await new PluginClient(app).call('POST', '/api/user/authenticate', {
      ...body,
      token: 'forged',
    });
    expect(bad).toMatchObject({ status: 401, body: { message: 'Invalid or expired token!' } });
  });

  it('answers 401 with a clear message for Google sign-in when no client id is configured', async () => {
    const bare = createApp({
      ...t.deps,
      googleVerifier: undefined,
      config: { ...t.deps.config, googleClientIds: [] },
    });
    const res = await bare.request('/api/user/authenticate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'google', token: 'eyJ.x.y' }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Google sign-in is not configured on this server.' });
  });
});

describe('GET /api/user/get and the auth_token cookie', () => {
  it('answers the user and the config for a valid cookie', async () => {
    const { client, userId } = await signedIn('get@example.com');
    const res = await client.call<{ message: string; user: { user_id: string }; config: string }>(
      'GET',
      '/api/user/get',
    );
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('User information retrieved successfully.');
    expect(res.body.user.user_id).toBe(userId);
    expect(res.body.config).toContain('"Python" = 47');
  });

  it.each([
    ['no cookie', undefined],
    ['a non-UUID cookie', 'auth_token=../../etc/passwd'],
    ['an empty cookie', 'auth_token='],
    ['an unknown token', 'auth_token=6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5'],
    ['a cookie header of garbage', ';;==;auth_token'],
  ])('answers 401 with the protocol message for %s', async (_what, cookie) => {
    const res = await app.request('/api/user/get', { headers: cookie ? { cookie } : {} });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: Errors.invalidAuthToken().message });
  });

  it('takes the last of duplicated cookies', async () => {
    const { client } = await signedIn('dupcookie@example.com');
    const token = client.jar.get('auth_token') ?? '';
    const bogus = '00000000-0000-4000-8000-000000000000';
    const last = await app.request('/api/user/get', {
      headers: { cookie: `auth_token=${bogus}; auth_token=${token}` },
    });
    expect(last.status).toBe(200);
    const first = await app.request('/api/user/get', {
      headers: { cookie: `auth_token=${token}; auth_token=${bogus}` },
    });
    expect(first.status).toBe(401);
  });
});

describe('PUT /api/user/update', () => {
  it('merges the preference into the stored one and appends user.updated', async () => {
    const { client, userId } = await signedIn('pref@example.com');
    await client.ok('PUT', '/api/user/update', {
      preference: { store_context: true, enabled_modules: ['a'] },
    });
    const res = await client.call<{ message: string; user: { preference: object } }>(
      'PUT',
      '/api/user/update',
      {
        preference: { module_values: { m: { k: 'v' } } },
      },
    );
    expect(res.status).toBe(201);
    expect(res.body.message).toBe('User is updated successfully.');
    expect(res.body.user.preference).toEqual({
      store_context: true,
      store_contextual_telemetry: true,
      store_behavioral_telemetry: true,
      enabled_modules: ['a'],
      module_values: { m: { k: 'v' } },
    });
    const updates = (await userEvents(userId)).filter((e) => e.type === 'user.updated');
    expect(updates).toHaveLength(2);
    expect(updates[1]?.data).toMatchObject({ passwordChanged: false, preference: { store_context: true } });
  });

  it('changes the password only with the correct previous password', async () => {
    const { client } = await signedIn('pw@example.com');
    const noPrev = await client.call('PUT', '/api/user/update', { password: 'NewSecret1' });
    expect(noPrev).toMatchObject({ status: 401, body: { message: 'Previous password is not correct!' } });
    const wrongPrev = await client.call('PUT', '/api/user/update', {
      password: 'NewSecret1',
      previous_password: 'Nope1234',
    });
    expect(wrongPrev.status).toBe(401);
    const ok = await client.call('PUT', '/api/user/update', {
      password: 'NewSecret1',
      previous_password: PASSWORD,
    });
    expect(ok.status).toBe(201);
    const login = await new PluginClient(app).call('POST', '/api/user/authenticate', {
      email: 'pw@example.com',
      password: 'NewSecret1',
    });
    expect(login.status).toBe(200);
  });

  it('refuses to let the user verify themselves or change their config (403), but accepts the stored values', async () => {
    const { client } = await signedIn('s2@example.com');
    expect((await client.call('PUT', '/api/user/update', { verified: true })).status).toBe(403);
    const config = await client.call<{ message: string }>('PUT', '/api/user/update', { config_id: 2 });
    expect(config.status).toBe(403);
    expect(config.body.message).toContain('config_id');
    expect(
      (await client.call('PUT', '/api/user/update', { config_id: 1, verified: false, name: 'Ada B' })).status,
    ).toBe(201);
  });

  it('answers 409 for an e-mail of another user and 422 for invalid values', async () => {
    await signedIn('taken@example.com');
    const { client } = await signedIn('mover@example.com');
    expect((await client.call('PUT', '/api/user/update', { email: 'Taken@example.com' })).status).toBe(409);
    expect((await client.call('PUT', '/api/user/update', { name: 'x' })).status).toBe(422);
    expect((await client.call('PUT', '/api/user/update', { preference: 'yes' })).status).toBe(422);
    const huge = { preference: { blob: 'x'.repeat(70_000) } };
    expect((await client.call('PUT', '/api/user/update', huge)).status).toBe(422);
    expect((await client.call('PUT', '/api/user/update', { email: 'Moved@example.com' })).status).toBe(201);
    expect(
      (await client.call<{ user_is_verified: boolean }>('GET', '/api/user/verify/check')).body
        .user_is_verified,
    ).toBe(false);
  });
});

describe('verification status', () => {
  it('answers whether the user is verified, and accepts a resend request without sending mail', async () => {
    const { client, userId } = await signedIn('verify@example.com');
    expect((await client.call('GET', '/api/user/verify/check')).body).toEqual({
      message: 'Verification get returned successfully.',
      user_is_verified: false,
    });
    await t.deps.db.updateTable('user').set({ verified: true }).where('user_id', '=', userId).execute();
    expect(
      (await client.call<{ user_is_verified: boolean }>('GET', '/api/user/verify/check')).body
        .user_is_verified,
    ).toBe(true);
    const resend = await client.call<{ message: string }>('POST', '/api/user/verify/resend');
    expect(resend.status).toBe(200);
    expect(resend.body.message).toEqual(expect.any(String));
    expect((await app.request('/api/user/verify/check')).status).toBe(401);
  });
});

describe('DELETE /api/user/delete', () => {
  it('removes the account, revokes its tokens and purges its account events, keeping research events', async () => {
    const { client, userId } = await signedIn('bye@example.com');
    await client.ok('GET', '/api/session/acquire');
    const token = client.jar.get('auth_token') ?? '';
    const res = await client.call('DELETE', '/api/user/delete?delete_data=false');
    expect(res).toMatchObject({ status: 200, body: { message: 'User is deleted successfully.' } });
    expect(res.setCookies.some((c) => /^auth_token=;.*Max-Age=0/.test(c))).toBe(true);
    expect(
      await t.deps.db.selectFrom('user').select('user_id').where('user_id', '=', userId).executeTakeFirst(),
    ).toBeUndefined();
    const after = await app.request('/api/user/get', { headers: { cookie: `auth_token=${token}` } });
    expect(after.status).toBe(401);
    expect((await userEvents(userId)).map((e) => e.type)).toEqual([
      'session.started',
      'session.ended',
      'user.erased',
    ]);
  });

  it('with delete_data=true purges every earlier event of the user but no one else’s', async () => {
    const other = await signedIn('stays@example.com');
    const { client, userId } = await signedIn('erase@example.com');
    await client.ok('GET', '/api/session/acquire');
    await client.ok('POST', '/api/project/create', { project_name: 'p' });
    expect((await client.call('DELETE', '/api/user/delete?delete_data=true')).status).toBe(200);
    const left = await userEvents(userId);
    expect(left.map((e) => [e.type, e.data])).toEqual([['user.erased', { deleteData: true }]]);
    expect((await userEvents(other.userId)).map((e) => e.type)).toEqual(['user.registered']);
  });

  it('answers 401 without a token, 422 for a bad flag and 503 when the server cannot purge', async () => {
    expect((await app.request('/api/user/delete', { method: 'DELETE' })).status).toBe(401);
    const { client } = await signedIn('keep@example.com');
    expect((await client.call('DELETE', '/api/user/delete?delete_data=maybe')).status).toBe(422);
    const noPurge = new PluginClient(createApp({ ...t.deps, purgeUserEvents: undefined }));
    noPurge.jar.set('auth_token', client.jar.get('auth_token') ?? '');
    expect((await noPurge.call('DELETE', '/api/user/delete')).status).toBe(503);
    expect((await client.call('GET', '/api/user/get')).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('answers 429 with the protocol message once a client exceeds the auth limit', async () => {
    const limited = createApp({ ...t.deps, config: { ...t.deps.config, authRateLimitPerMinute: 2 } });
    const client = new PluginClient(limited);
    const body = { email: 'nobody@example.com', password: 'x' };
    expect((await client.call('POST', '/api/user/authenticate', body)).status).toBe(401);
    expect((await client.call('POST', '/api/user/authenticate', body)).status).toBe(401);
    const third = await client.call('POST', '/api/user/authenticate', body);
    expect(third).toMatchObject({
      status: 429,
      body: { message: 'Too many requests. Please try again later.' },
    });
  });
});
