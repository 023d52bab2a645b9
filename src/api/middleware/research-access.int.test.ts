// The researchers' access check on a tiny Hono app over the real PostgreSQL and Redis: API tokens and signed-in
// users, answered as problem+json 401 and 403; a revocation or a demotion applies to the very next request.
import { randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOfUserFilter } from '../../../events/index.js';
import { createApiToken, eraseUser, revokeApiToken, setUserRole } from '../../accounts/index.js';
import { erasurePortsOf } from '../erasure-ports.js';
import { issueAuthToken } from '../../auth/index.js';
import { createTestApiDeps, type TestApiDeps } from '../../../tests/support/api-deps.js';
import { readStreamEvents } from '../../../tests/support/read-stream-events.js';
import { seedUser } from '../../../tests/support/seed-user.js';
import { createTestEnv, type TestEnv } from '../../../tests/support/test-env.js';
import { createProblemErrorHandler, PROBLEM_JSON } from '../problem-json.js';
import { requireOwnOrResearchAccess, requireResearchAccess } from './research-access.js';

let env: TestEnv;
let t: TestApiDeps;
let probe: Hono;

beforeAll(async () => {
  env = await createTestEnv();
  t = await createTestApiDeps(env);
  probe = new Hono();
  probe.onError(createProblemErrorHandler(t.deps.logger));
  probe.get('/research', async (c) => c.json(await requireResearchAccess(c, t.deps)));
  probe.get('/own-rows', async (c) => c.json(await requireOwnOrResearchAccess(c, t.deps)));
});
afterAll(async () => {
  await t?.close();
  await env?.cleanup();
});

type Role = 'user' | 'researcher' | 'admin';

async function aUser(role: Role): Promise<string> {
  return (await seedUser(t.deps.db, { verified: true, role })).userId;
}

async function aToken(userId: string): Promise<{ tokenId: string; secret: string }> {
  const { token, secret } = await createApiToken(t.deps, { userId, name: 'test', correlationId: 'op' });
  return { tokenId: token.token_id, secret };
}

const signIn = async (userId: string): Promise<string> =>
  `auth_token=${await issueAuthToken(t.deps.redis, userId, 3600)}`;
const bearer = (secret: string): Record<string, string> => ({ authorization: `Bearer ${secret}` });
const cookie = (value: string): Record<string, string> => ({ cookie: value });

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await probe.request(path, { headers });
  const body = (await res.json()) as Record<string, unknown>;
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    auth: res.headers.get('www-authenticate'),
    body,
  };
}

/** A problem+json answer with this status and code. */
async function expectProblem(path: string, headers: Record<string, string>, status: number, code: string) {
  const res = await get(path, headers);
  expect(res, JSON.stringify(headers)).toMatchObject({ status, type: PROBLEM_JSON, body: { status, code } });
  expect(res.body.detail).toEqual(expect.any(String));
  return res;
}

const roleOf = (userId: string, role: Role) => setUserRole(t.deps, userId, role, 'op');

describe('requireResearchAccess with an API token', () => {
  it("lets a researcher's and an admin's live tokens in, and notes each token's last use", async () => {
    const researcher = await aUser('researcher');
    const admin = await aUser('admin');
    const mine = await aToken(researcher);
    const theirs = await aToken(admin);
    expect(await get('/research', bearer(mine.secret))).toMatchObject({
      status: 200,
      body: { userId: researcher, role: 'researcher', via: 'api_token' },
    });
    // The scheme's name is case-insensitive (RFC 7235).
    const lower = await get('/research', { authorization: `bearer ${theirs.secret}` });
    expect(lower).toMatchObject({ status: 200, body: { userId: admin, role: 'admin', via: 'api_token' } });
    const row = await t.deps.db
      .selectFrom('api_token')
      .select('last_used_at')
      .where('token_id', '=', mine.tokenId)
      .executeTakeFirstOrThrow();
    expect(row.last_used_at).toBeInstanceOf(Date);
  });

  it('answers 401 with the Bearer challenge for no, malformed, unknown or revoked tokens', async () => {
    const none = await expectProblem('/research', {}, 401, 'research_auth_required');
    expect(none.auth).toBe('Bearer realm="code4me"');
    const unknown = `c4m_rt_${randomBytes(32).toString('base64url')}`;
    for (const value of ['nope', unknown, `${unknown}x`, '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e0f']) {
      const res = await expectProblem('/research', bearer(value), 401, 'invalid_api_token');
      expect(res.auth).toBe('Bearer realm="code4me", error="invalid_token"');
    }
    const researcher = await aUser('researcher');
    const token = await aToken(researcher);
    expect((await get('/research', bearer(token.secret))).status).toBe(200);
    await revokeApiToken(t.deps, token.tokenId, 'op');
    await expectProblem('/research', bearer(token.secret), 401, 'invalid_api_token');
    await expectProblem('/own-rows', bearer(token.secret), 401, 'invalid_api_token');
  });

  it("refuses a demoted researcher's token with 403 at once, on every route, and takes it again on promotion", async () => {
    const researcher = await aUser('researcher');
    const token = await aToken(researcher);
    await roleOf(researcher, 'user');
    const refused = await expectProblem('/research', bearer(token.secret), 403, 'research_role_required');
    expect(refused.body.detail).toContain('c4m users role <email> researcher');
    // Tokens are researchers' credentials: not even the own-rows routes take a plain user's token.
    await expectProblem('/own-rows', bearer(token.secret), 403, 'research_role_required');
    await roleOf(researcher, 'researcher');
    expect((await get('/research', bearer(token.secret))).status).toBe(200);
  });

  it('goes by the bearer token when one is sent, even beside a good cookie; another scheme leaves the cookie', async () => {
    const researcher = await aUser('researcher');
    const signedIn = await signIn(researcher);
    await expectProblem(
      '/research',
      { ...cookie(signedIn), ...bearer(`c4m_rt_${'A'.repeat(43)}`) },
      401,
      'invalid_api_token',
    );
    const basic = { authorization: 'Basic dXNlcjpwYXNz' };
    expect(await get('/research', { ...cookie(signedIn), ...basic })).toMatchObject({
      status: 200,
      body: { via: 'session' },
    });
    await expectProblem('/research', basic, 401, 'research_auth_required');
  });
});

describe('requireResearchAccess with a signed-in user', () => {
  it('lets researchers and admins in by their auth_token cookie, and answers 403 to a plain user', async () => {
    for (const role of ['researcher', 'admin'] as const) {
      const userId = await aUser(role);
      expect(await get('/research', cookie(await signIn(userId)))).toMatchObject({
        status: 200,
        body: { userId, role, via: 'session' },
      });
    }
    const plain = await aUser('user');
    await expectProblem('/research', cookie(await signIn(plain)), 403, 'research_role_required');
  });

  it('answers 401 for an unknown or malformed auth token', async () => {
    await expectProblem('/research', cookie(`auth_token=${randomUUID()}`), 401, 'invalid_auth_token');
    await expectProblem('/research', cookie('auth_token=c4m'), 401, 'invalid_auth_token');
  });

  it('lets a plain user into the own-rows variant as role user, and a demotion applies to the next request', async () => {
    const plain = await aUser('user');
    expect(await get('/own-rows', cookie(await signIn(plain)))).toMatchObject({
      status: 200,
      body: { userId: plain, role: 'user', via: 'session' },
    });
    const researcher = await aUser('researcher');
    const signedIn = cookie(await signIn(researcher));
    expect((await get('/research', signedIn)).status).toBe(200);
    await roleOf(researcher, 'user');
    await expectProblem('/research', signedIn, 403, 'research_role_required');
    expect(await get('/own-rows', signedIn)).toMatchObject({ status: 200, body: { role: 'user' } });
    await expectProblem('/own-rows', {}, 401, 'research_auth_required');
  });
});

describe('an erased researcher', () => {
  it("loses their tokens with the account, and the token's name leaves the stream with the account's facts", async () => {
    const researcher = await aUser('researcher');
    const token = await aToken(researcher);
    const revoked = await aToken(researcher);
    await revokeApiToken(t.deps, revoked.tokenId, 'op');
    const authToken = await issueAuthToken(t.deps.redis, researcher, 3600);
    await eraseUser(t.deps, erasurePortsOf(t.deps), {
      userId: researcher,
      authToken,
      deleteData: false,
      correlationId: 'erase',
    });
    expect(
      await t.deps.db.selectFrom('api_token').selectAll().where('user_id', '=', researcher).execute(),
    ).toEqual([]);
    await expectProblem('/research', bearer(token.secret), 401, 'invalid_api_token');
    await expectProblem('/research', cookie(`auth_token=${authToken}`), 401, 'invalid_auth_token');
    const left = await readStreamEvents(
      t.nats,
      env.config.streamName,
      eventsOfUserFilter(env.config.natsPrefix, researcher),
    );
    expect(left.map((e) => e.type)).toEqual(['api.token.revoked', 'user.erased']);
  });
});
