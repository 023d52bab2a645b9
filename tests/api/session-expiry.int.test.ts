// Sessions that simply expire in Redis get their session.ended (reason `expired`) from the sweeper, dated when
// they expired (last use + TTL), once, even with two sweepers; live and deactivated sessions get none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { createApp, type App } from '../../src/api/app.js';
import { checkSession, claimExpiredSession, storeSession } from '../../src/auth/index.js';
import {
  createSessionExpirySweeper,
  sweepExpiredSessions,
  type SweeperDeps,
} from '../../src/accounts/index.js';
import { eventsOfTypeFilter, type DomainEvent } from '../../events/index.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { createTestApiDeps, type TestApiDeps } from '../support/api-deps.js';
import { PluginClient } from '../support/plugin-client.js';
import { readStreamEvents } from '../support/read-stream-events.js';
import { eventually } from '../support/eventually.js';
import { countingPublisher } from '../support/fake-publishers.js';

const PASSWORD = 'Secret123';
// Short enough to wait for, long enough for sign-in, acquire and one use on a loaded machine.
const TTL_S = 2;
let env: TestEnv;
let t: TestApiDeps;
let app: App;

beforeAll(async () => {
  env = await createTestEnv({ overrides: { authRateLimitPerMinute: 10_000, sessionTokenTtlS: TTL_S } });
  t = await createTestApiDeps(env);
  app = createApp(t.deps);
});
afterAll(async () => {
  await t?.close();
  await env?.cleanup();
});

async function signedIn(email: string): Promise<{ client: PluginClient; userId: string }> {
  const client = new PluginClient(app);
  const body = { email, name: 'Ada', password: PASSWORD, config_id: 1, token: '', provider: 'no_provider' };
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
  const found = await checkSession(t.deps.redis, token, TTL_S);
  if (!found) throw new Error('acquired a token that finds no session');
  return { token, sessionId: found.sessionId };
}

const endedEvents = async (sessionId: string) =>
  (
    await readStreamEvents(
      t.nats,
      env.config.streamName,
      eventsOfTypeFilter(env.config.natsPrefix, 'session.ended'),
    )
  ).filter((e): e is DomainEvent<'session.ended'> => e.sessionId === sessionId);
const sweeperDeps = (over: Partial<SweeperDeps> = {}): SweeperDeps => ({
  redis: t.deps.redis,
  publisher: t.deps.publisher,
  clock: t.deps.clock,
  logger: t.deps.logger,
  ...over,
});
const inAnHour = (hours = 1) => ({
  now: () => new Date(Date.now() + hours * 3_600_000),
  monotonicMs: () => 0,
});

describe('the session-expiry sweeper', () => {
  it('appends one session.ended (expired) dated the last use plus the TTL, even with two sweepers', async () => {
    const { client, userId } = await signedIn('expires@example.com');
    const { token, sessionId } = await acquire(client);
    const usedFrom = Date.now();
    await client.ok('POST', '/api/project/create', { project_name: 'last use' }); // slides the session
    const usedTo = Date.now();
    const counting = countingPublisher(t.deps.publisher);
    const sweepers = [1, 2].map(() =>
      createSessionExpirySweeper(sweeperDeps({ publisher: counting }), { intervalMs: 10 }),
    );
    sweepers.forEach((s) => s.start());
    let ended: DomainEvent<'session.ended'>[];
    try {
      ended = await eventually(async () => {
        const found = await endedEvents(sessionId);
        expect(found).toHaveLength(1);
        return found;
      });
      // Both keep sweeping for a while after the end: nothing more may come.
      await eventually(async () => expect(await t.deps.redis.zscore('session_expiry', sessionId)).toBeNull());
      await Promise.all([sweepExpiredSessions(sweeperDeps()), sweepExpiredSessions(sweeperDeps())]);
    } finally {
      await Promise.all(sweepers.map((s) => s.stop()));
    }
    expect(counting.appendedIds).toHaveLength(1);
    expect(await endedEvents(sessionId)).toHaveLength(1);
    const [event] = ended;
    expect(event).toMatchObject({ userId, sessionId, data: { reason: 'expired' } });
    const endedAt = Date.parse(event?.data.endedAt ?? '');
    expect(endedAt).toBeGreaterThanOrEqual(usedFrom + TTL_S * 1000);
    expect(endedAt).toBeLessThanOrEqual(usedTo + TTL_S * 1000);
    expect(event?.occurredAt).toBe(event?.data.endedAt);
    // The token expired with its session: it finds nothing and names no key any more.
    expect(await checkSession(t.deps.redis, token, TTL_S)).toBeUndefined();
    const digest = createHash('sha256').update(token).digest('hex');
    expect(await t.deps.redis.exists(`session_token:${digest}`)).toBe(0);
  });

  it('lets one sweeper at a time claim an expired session, and another take it over once the lease ran out', async () => {
    const [sessionId, userId] = [randomUUID(), randomUUID()];
    await storeSession(t.deps.redis, sessionId, userId, TTL_S);
    const expiresAt = Number(await t.deps.redis.zscore('session_expiry', sessionId));
    await eventually(async () => expect(await t.deps.redis.exists(`session:${sessionId}`)).toBe(0));
    const now = Date.now();
    const claims = await Promise.all(
      [1, 2, 3].map(() => claimExpiredSession(t.deps.redis, sessionId, now, 60_000)),
    );
    expect(claims.filter(Boolean)).toEqual([{ sessionId, userId, expiredAtMs: expiresAt }]);
    expect(await claimExpiredSession(t.deps.redis, sessionId, now + 59_000, 60_000)).toBeUndefined();
    // The first sweeper died: after the lease another one claims it, with the time it really expired.
    expect(await claimExpiredSession(t.deps.redis, sessionId, now + 61_000, 60_000)).toEqual({
      sessionId,
      userId,
      expiredAtMs: expiresAt,
    });
  });

  it('never ends a session that still lives, even when its tracked expiry has passed on the sweeper clock', async () => {
    const sessionId = randomUUID();
    await storeSession(t.deps.redis, sessionId, randomUUID(), 3600);
    await sweepExpiredSessions(sweeperDeps({ clock: inAnHour(2) }));
    expect(await endedEvents(sessionId)).toEqual([]);
    // The sweeper took the real expiry from Redis instead: still about an hour away.
    const score = Number(await t.deps.redis.zscore('session_expiry', sessionId));
    expect(score).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('gives a deactivated session no expired end', async () => {
    const { client } = await signedIn('leaves@example.com');
    const { sessionId } = await acquire(client);
    await client.ok('PUT', '/api/session/deactivate/');
    expect(await t.deps.redis.zscore('session_expiry', sessionId)).toBeNull();
    await sweepExpiredSessions(sweeperDeps({ clock: inAnHour() }));
    expect((await endedEvents(sessionId)).map((e) => e.data.reason)).toEqual(['deactivated']);
  });

  it('tracks nothing for a session id it never issued', async () => {
    const before = await t.deps.redis.zcard('session_expiry');
    expect(await checkSession(t.deps.redis, randomUUID(), TTL_S)).toBeUndefined();
    expect(await t.deps.redis.zcard('session_expiry')).toBe(before);
  });
});
