// /api/analytics against the real platform: plugin traffic through the plugin routes, every projection
// running, then each route as a plain user (own data only) and as a researcher (everyone's), the refusals
// (403, 400 with a message, never 500) and the live stream's `changed` event after a feedback request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNatsChangeFeed,
  type Breakdown,
  type Calibration,
  type ChangeFeed,
  type Comparison,
  type Dimensions,
  type Overview,
  type Survival,
} from '../../analytics/index.js';
import { eventually } from '../../../tests/support/eventually.js';
import {
  askCompletion,
  createResearcher,
  MODELS,
  sendFeedback,
  signUpPlugin,
  startResearchPlatform,
  type PluginUser,
  type ResearchPlatform,
} from '../../../tests/support/research-platform.js';

let platform: ResearchPlatform;
let alice: PluginUser;
let bob: PluginUser;
let researcher: Record<string, string>;
let aliceQuery: string;

beforeAll(async () => {
  platform = await startResearchPlatform();
  alice = await signUpPlugin(platform.app, 'alice@example.com');
  bob = await signUpPlugin(platform.app, 'bob@example.com');
  researcher = await createResearcher(platform, 'rhea@example.com');
  aliceQuery = await askCompletion(alice, {
    models: [MODELS.echo, MODELS.silent],
    prefix: 'def add(a, b):\n    return a',
  });
  await sendFeedback(alice, aliceQuery, MODELS.echo, true);
  await sendFeedback(alice, aliceQuery, MODELS.echo, true, 'def add(a, b):\n    return a + b');
  const bobQuery = await askCompletion(bob, { models: [MODELS.echo], prefix: 'x = 1' });
  await sendFeedback(bob, bobQuery, MODELS.echo, false);
  await platform.caughtUp();
}, 60_000);
afterAll(async () => {
  await platform?.close();
});

/** The problem+json fields a refusal carries. */
interface Problem {
  title?: string;
  detail?: string;
}

async function asAlice<T = Problem>(path: string) {
  return alice.plugin.call<T>('GET', path);
}

async function asResearcher<T = Problem>(path: string) {
  const res = await platform.app.request(path, { headers: researcher });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as T };
}

describe('GET /api/analytics/overview', () => {
  it("gives a plain user their own completions only, and a researcher everyone's", async () => {
    const own = await asAlice<Overview>('/api/analytics/overview');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ scope: 'own', stats: { generated: 2, shown: 2, accepted: 1 } });
    expect(own.body.stats.acceptanceRate?.value).toBe(0.5);
    expect(own.body.asOfSeq).toBeGreaterThan(0);
    const all = await asResearcher<Overview>('/api/analytics/overview');
    expect(all.body).toMatchObject({ scope: 'all', stats: { generated: 3, shown: 3, accepted: 1 } });
    expect(all.body.stats.generationMs.p50).not.toBeNull();
    const bobs = await asResearcher<Overview>(`/api/analytics/overview?user_id=${bob.userId}`);
    expect(bobs.body.stats).toMatchObject({ generated: 1, accepted: 0 });
  });

  it("refuses a plain user another user's id with 403 problem+json", async () => {
    const res = await asAlice(`/api/analytics/overview?user_id=${bob.userId}`);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await asAlice(`/api/analytics/overview?user_id=${alice.userId}`)).status).toBe(200);
  });

  it('answers bad parameters with 400 and a message naming them', async () => {
    const cases: [string, RegExp][] = [
      ['?colour=red', /unknown parameter: colour/],
      ['?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', /from must be before to/],
      ['?from=yesterday', /from: 'yesterday' is not an ISO-8601 time/],
      ['?model_id=abc', /model_id must be a non-negative integer id/],
      ['?user_id=nobody', /user_id must be a UUID/],
    ];
    for (const [query, message] of cases) {
      const res = await asResearcher(`/api/analytics/overview${query}`);
      expect(res.status, query).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.detail ?? res.body.title, query).toMatch(message);
    }
  });

  it('asks for credentials', async () => {
    expect((await platform.app.request('/api/analytics/overview')).status).toBe(401);
  });
});

describe('GET /api/analytics/breakdown', () => {
  it('groups by model with labels, and by day', async () => {
    const byModel = await asResearcher<Breakdown>('/api/analytics/breakdown?by=model');
    expect(byModel.body.rows.map((r) => [r.key, r.label, r.generated, r.accepted])).toEqual([
      ['1', 'test/echo-model', 2, 1],
      ['3', 'test/silent-model', 1, 0],
    ]);
    const byDay = await asResearcher<Breakdown>('/api/analytics/breakdown?by=time&interval=day');
    expect(byDay.body.rows).toHaveLength(1);
    expect(byDay.body.rows[0]?.key).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\.000Z$/);
    const byUser = await asResearcher<Breakdown>('/api/analytics/breakdown?by=user');
    expect(byUser.body.rows.map((r) => [r.label, r.generated])).toEqual([
      ['alice', 2],
      ['bob', 1],
    ]);
  });

  it('refuses by=user to a plain user, and an unknown grouping to anyone', async () => {
    expect((await asAlice('/api/analytics/breakdown?by=user')).status).toBe(403);
    const bad = await asResearcher('/api/analytics/breakdown?by=colour');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/by must be one of model, language, trigger, version, user, time/);
    expect((await asResearcher('/api/analytics/breakdown?by=model&interval=day')).status).toBe(400);
  });
});

describe('GET /api/analytics/compare, survival, calibration, dimensions', () => {
  it('pairs two models on the same queries', async () => {
    const res = await asAlice<Comparison>(`/api/analytics/compare?models=${MODELS.echo},${MODELS.silent}`);
    expect(res.status).toBe(200);
    expect(res.body.pairs).toEqual([
      expect.objectContaining({ a: 1, b: 3, queries: 1, aAccepted: 1, bAccepted: 0, bothAccepted: 0 }),
    ]);
    expect(res.body.pairs[0]?.difference?.value).toBe(1);
    expect((await asAlice('/api/analytics/compare?models=1')).status).toBe(400);
    expect((await asAlice('/api/analytics/compare?models=1,x')).status).toBe(400);
  });

  it('reports survival of the accepted completion at 15 s and calibration of the models with a confidence', async () => {
    const survival = await asAlice<Survival>('/api/analytics/survival');
    expect(survival.body.rows).toHaveLength(1);
    expect(survival.body.rows[0]).toMatchObject({ modelId: 1, label: 'test/echo-model' });
    expect(survival.body.rows[0]?.at.map((a) => [a.seconds, a.n])).toEqual([
      [15, 1],
      [45, 0],
      [90, 0],
    ]);
    const calibration = await asResearcher<Calibration>('/api/analytics/calibration');
    expect(calibration.body.models.map((m) => [m.modelId, m.n])).toEqual([[1, 2]]);
    expect(calibration.body.models[0]?.equalWidth).toHaveLength(10);
  });

  it('names the dimensions, with the users for researchers only', async () => {
    const own = await asAlice<Dimensions>('/api/analytics/dimensions');
    expect(own.body.models).toContainEqual({ id: 1, name: 'test/echo-model' });
    expect(own.body.users).toBeUndefined();
    const all = await asResearcher<Dimensions>('/api/analytics/dimensions');
    expect(all.body.users?.map((u) => u.name)).toEqual(expect.arrayContaining(['alice', 'bob']));
  });
});

/** The real feed, counting its listeners. */
function countingFeed(feed: ChangeFeed): ChangeFeed & { open: number } {
  const counted = {
    open: 0,
    listen(onSeq: (seq: number) => void) {
      counted.open += 1;
      const stop = feed.listen(onSeq);
      return () => {
        counted.open -= 1;
        stop();
      };
    },
  };
  return counted;
}

describe('GET /api/analytics/live', () => {
  it('sends `changed` after a feedback request through the plugin API, and lets go when the client leaves', async () => {
    const { deps } = platform.api;
    const feed = countingFeed(createNatsChangeFeed(platform.api.nats.nc, deps.config.natsPrefix));
    deps.analyticsChanges = feed;
    const base = await platform.listen();
    const abort = new AbortController();
    const cookie = `auth_token=${alice.plugin.jar.get('auth_token')}`;
    const res = await fetch(`${base}/api/analytics/live`, { headers: { cookie }, signal: abort.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const readUntil = async (pattern: RegExp): Promise<RegExpExecArray> => {
      for (;;) {
        const found = pattern.exec(text);
        if (found) return found;
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += value;
      }
    };
    await readUntil(/: connected/);
    const before = (await asAlice<Overview>('/api/analytics/overview')).body.asOfSeq;
    await sendFeedback(alice, aliceQuery, MODELS.silent, true);
    const changed = await readUntil(/event: changed\ndata: (\{.*\})/);
    expect((JSON.parse(changed[1]!) as { asOfSeq: number }).asOfSeq).toBeGreaterThan(before);
    expect(feed.open).toBe(1);
    abort.abort();
    await eventually(() => expect(feed.open).toBe(0));
  });
});
