// The API on the real services of a TestEnv for the security tests, with rate limits set out of the way, an
// inference client that answers every completion at once, and signed-in identities of each role made through the
// real routes (session acquire, project create) or the operator's calls (roles, API tokens).
import { randomUUID } from 'node:crypto';
import { createApiToken, revokeApiToken } from '../../src/accounts/index.js';
import { createApp, type App } from '../../src/api/app.js';
import type { ApiDeps } from '../../src/api/deps.js';
import {
  addSessionProject,
  issueAuthToken,
  readSession,
  resolveAuthToken,
  storeSession,
} from '../../src/auth/index.js';
import type { InferenceClient } from '../../src/bus/inference-client.js';
import type { Config } from '../../src/platform/config.js';
import { createTestApiDeps, type TestApiDeps } from '../support/api-deps.js';
import { eventually } from '../support/eventually.js';
import { seedUser } from '../support/seed-user.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

export type Role = 'user' | 'researcher' | 'admin';

export interface Identity {
  userId: string;
  role: Role;
  authToken: string;
  sessionId: string;
  projectId: string;
  /** A researcher's or admin's live API token. */
  apiToken?: string;
}

export interface SecurityPlatform {
  env: TestEnv;
  api: TestApiDeps;
  deps: ApiDeps;
  app: App;
  signIn(role?: Role): Promise<Identity>;
  /** An identity whose auth token, session and API token were valid once and are no longer. */
  expiredIdentity(): Promise<Identity>;
  close(): Promise<void>;
}

/** Answers every completion and chat turn at once, so a rightful request gets its 2xx. */
export const answeringInference: InferenceClient = {
  complete: async () => ({
    ok: true,
    output: { completion: 'return 1', generationTimeMs: 1, confidence: 0.5, logprobs: [-0.1] },
    elapsedMs: 1,
  }),
  chat: async () => ({
    ok: true,
    output: {
      completion: 'Hello.',
      generationTimeMs: 1,
      revision: null,
      parameters: { maxNewTokens: 8, temperature: 0, topP: 1, stop: [] },
    },
    elapsedMs: 1,
  }),
};

const HIGH_LIMIT = 1_000_000;

export async function startSecurityPlatform(config: Partial<Config> = {}): Promise<SecurityPlatform> {
  const env = await createTestEnv({
    overrides: { rateLimitPerMinute: HIGH_LIMIT, authRateLimitPerMinute: HIGH_LIMIT, ...config },
  });
  const api = await createTestApiDeps(env, { inference: answeringInference });
  const { deps } = api;
  const app = createApp(deps);

  const signIn = async (role: Role = 'user'): Promise<Identity> => {
    const { userId } = await seedUser(deps.db, { verified: true, role });
    const authToken = await issueAuthToken(deps.redis, userId, 3600);
    const acquired = await app.request('/api/session/acquire', {
      headers: { cookie: `auth_token=${authToken}` },
    });
    const { session_token: sessionId } = (await acquired.json()) as { session_token: string };
    const created = await app.request('/api/project/create', {
      method: 'POST',
      headers: { cookie: `auth_token=${authToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ project_name: 'security' }),
    });
    const { project_token: projectId } = (await created.json()) as { project_token: string };
    if (!sessionId || !projectId) throw new Error(`sign-in failed: ${acquired.status} ${created.status}`);
    const identity: Identity = { userId, role, authToken, sessionId, projectId };
    if (role !== 'user') {
      const minted = await createApiToken(deps, { userId, name: 'security', correlationId: 'test' });
      identity.apiToken = minted.secret;
    }
    return identity;
  };

  const expiredIdentity = async (): Promise<Identity> => {
    const { userId } = await seedUser(deps.db, { verified: true, role: 'researcher' });
    // The real expiries: Redis drops the keys when their one-second TTL runs out (no sliding: nothing uses them).
    const authToken = await issueAuthToken(deps.redis, userId, 1);
    const sessionId = randomUUID();
    const projectId = randomUUID();
    await storeSession(deps.redis, sessionId, userId, 1);
    await addSessionProject(deps.redis, sessionId, projectId, 1);
    const minted = await createApiToken(deps, { userId, name: 'expired', correlationId: 'test' });
    await revokeApiToken(deps, minted.token.token_id, 'test');
    await eventually(async () => {
      if ((await resolveAuthToken(deps.redis, authToken)) !== undefined) throw new Error('auth token alive');
      if ((await readSession(deps.redis, sessionId)) !== undefined) throw new Error('session alive');
    }, 5_000);
    return { userId, role: 'researcher', authToken, sessionId, projectId, apiToken: minted.secret };
  };

  return {
    env,
    api,
    deps,
    app,
    signIn,
    expiredIdentity,
    close: async () => {
      await api.close();
      await env.cleanup();
    },
  };
}

/** The Cookie header the plugin sends for an identity: all three tokens, or those named. */
export function cookiesOf(
  who: Pick<Identity, 'authToken' | 'sessionId' | 'projectId'>,
  only: Array<'auth_token' | 'session_token' | 'project_token'> = [
    'auth_token',
    'session_token',
    'project_token',
  ],
): string {
  const all = { auth_token: who.authToken, session_token: who.sessionId, project_token: who.projectId };
  return only.map((name) => `${name}=${all[name]}`).join('; ');
}
