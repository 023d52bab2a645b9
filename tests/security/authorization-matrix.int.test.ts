// The authorization matrix: every route of the API (its OpenAPI document and the app's route table) against
// every kind of caller: none, expired, malformed, another user's, a non-member of the project, a plain user or a
// researcher on researcher and admin routes, and the rightful caller. Each cell asserts its exact status.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedOperations, readOpenApi, servedRoutes } from './api-routes.js';
import {
  ROUTE_ACCESS,
  type Access,
  type RouteContext,
  type RouteRequest,
  type Victim,
} from './route-access.js';
import {
  cookiesOf,
  startSecurityPlatform,
  type Identity,
  type SecurityPlatform,
} from './security-platform.js';

let platform: SecurityPlatform;
let victim: Victim;
let expired: Identity;
/** A signed-in plain user whose credentials the denied cells never use (their requests need someone's ids). */
let bystander: Identity;

beforeAll(async () => {
  platform = await startSecurityPlatform();
  const v = await platform.signIn('user');
  const ctx: RouteContext = { platform, me: v, victim: { ...v, queryId: '', chatId: '' } };
  const completion = await send(
    'POST',
    await ROUTE_ACCESS['POST /api/completion/request']!.request(ctx),
    cookies(v),
  );
  const chat = await send('POST', await ROUTE_ACCESS['POST /api/chat/request']!.request(ctx), cookies(v));
  expect([completion.status, chat.status]).toEqual([200, 200]);
  victim = {
    ...v,
    queryId: (completion.body as { data: { meta_query_id: string } }).data.meta_query_id,
    chatId: (chat.body as { chat_id: string }).chat_id,
  };
  expired = await platform.expiredIdentity();
  bystander = await platform.signIn('user');
}, 60_000);
afterAll(async () => {
  await platform?.close();
});

type Headers = Record<string, string>;
const cookies = (...args: Parameters<typeof cookiesOf>): Headers => ({ cookie: cookiesOf(...args) });
const bearer = (who: Identity): Headers => ({ authorization: `Bearer ${who.apiToken ?? ''}` });

async function send(method: string, req: RouteRequest, headers: Headers) {
  const h: Headers = { ...headers };
  if (req.body !== undefined) h['content-type'] = 'application/json';
  const res = await platform.app.request(req.path, {
    method,
    headers: h,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
  });
  if (req.stream || method === 'HEAD') {
    await res.body?.cancel();
    return { status: res.status, body: undefined };
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML (/docs) or streamed rows stay text
  }
  return { status: res.status, body };
}

const RESEARCH_ACCESS: readonly Access[] = ['own-or-research', 'research', 'admin'];

/** Token values that are not tokens: each must be a 401, never a 500 or a key-space probe. */
const MALFORMED = [
  '',
  'null',
  'not-a-token',
  `${randomUUID()}x`,
  '00000000-0000-0000-0000-00000000000g',
  "' OR 1=1 --",
  '%ZZ%',
  '%F0%9F%92%A9',
  'ä'.repeat(40),
  'x'.repeat(4096),
  randomUUID(),
];

function malformedHeaders(access: Access): Headers[] {
  const asCookies = MALFORMED.map((v) => ({
    cookie: `auth_token=${v}; session_token=${v}; project_token=${v}`,
  }));
  if (!RESEARCH_ACCESS.includes(access)) return asCookies;
  const unknownSecret = `c4m_rt_${randomBytes(32).toString('base64url')}`;
  const asBearer = [...MALFORMED.filter((v) => v !== ''), 'c4m_rt_short', unknownSecret].map((v) => ({
    authorization: `Bearer ${v}`,
  }));
  return [...asCookies, ...asBearer, { authorization: 'Bearer' }];
}

/** The rightful callers of an access kind, each a fresh identity (a cell may log it out or erase it). */
async function rightfulCallers(
  access: Access,
): Promise<Array<{ label: string; me: Identity; headers: Headers }>> {
  const of = async (role: Identity['role'], via: 'cookies' | 'bearer', label: string) => {
    const me = await platform.signIn(role);
    return { label, me, headers: via === 'cookies' ? cookies(me) : bearer(me) };
  };
  switch (access) {
    case 'public':
      return [{ label: 'anyone', me: await platform.signIn('user'), headers: {} }];
    case 'own-or-research':
      return [
        await of('user', 'cookies', 'a signed-in user'),
        await of('researcher', 'bearer', "a researcher's API token"),
        await of('researcher', 'cookies', 'a signed-in researcher'),
      ];
    case 'research':
      return [
        await of('researcher', 'bearer', "a researcher's API token"),
        await of('researcher', 'cookies', 'a signed-in researcher'),
        await of('admin', 'bearer', "an admin's API token"),
      ];
    case 'admin':
      return [
        await of('admin', 'bearer', "an admin's API token"),
        await of('admin', 'cookies', 'a signed-in admin'),
      ];
    default:
      return [await of('user', 'cookies', 'the signed-in user')];
  }
}

const context = (me: Identity): RouteContext => ({ platform, me, victim });

describe('the authorization matrix', () => {
  it('has an entry for every route the app serves and every operation of its OpenAPI document', async () => {
    const documented = documentedOperations(await readOpenApi(platform.app)).map((o) => o.key);
    const served = servedRoutes(platform.app);
    const all = [...new Set([...documented, ...served])].sort();
    // A route without an entry: add it to tests/security/route-access.ts with who may call it.
    expect(all.filter((k) => !(k in ROUTE_ACCESS))).toEqual([]);
    // An entry without a route: a route was removed or renamed.
    expect(Object.keys(ROUTE_ACCESS).filter((k) => !all.includes(k))).toEqual([]);
  });

  for (const [key, entry] of Object.entries(ROUTE_ACCESS)) {
    const method = key.slice(0, key.indexOf(' '));
    describe(key, () => {
      it(`answers the rightful caller (${entry.access}) with ${entry.ok.join(' or ')}`, async () => {
        for (const { label, me, headers } of await rightfulCallers(entry.access)) {
          const res = await send(method, await entry.request(context(me)), headers);
          expect(entry.ok, `${label}: ${JSON.stringify(res.body)}`).toContain(res.status);
        }
      });

      if (entry.access === 'public') return;

      it('answers 401 without credentials, with expired ones and with malformed ones', async () => {
        const req = await entry.request(context(bystander));
        const cells: Array<[string, Headers]> = [
          ['no credentials', {}],
          ['an expired auth token, session and project', cookies(expired)],
          ...malformedHeaders(entry.access).map((h, i): [string, Headers] => [`malformed #${i}`, h]),
        ];
        if (RESEARCH_ACCESS.includes(entry.access)) cells.push(['a revoked API token', bearer(expired)]);
        for (const [label, headers] of cells) {
          const res = await send(method, req, headers);
          expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(401);
        }
      });

      if (entry.access === 'research' || entry.access === 'admin') {
        it(`answers 403 to a plain user${entry.access === 'admin' ? ' and to a researcher' : ''}`, async () => {
          const req = await entry.request(context(bystander));
          const denied: Array<[string, Headers]> = [['a signed-in plain user', cookies(bystander)]];
          if (entry.access === 'admin') {
            const researcher = await platform.signIn('researcher');
            denied.push(
              ["a researcher's API token", bearer(researcher)],
              ['a signed-in researcher', cookies(researcher)],
            );
          }
          for (const [label, headers] of denied) {
            const res = await send(method, req, headers);
            expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(403);
          }
        });
      }

      if (entry.access === 'session+project') {
        it("answers 401 to a non-member of the project and to another user's session", async () => {
          const me = await platform.signIn('user');
          const req = await entry.request(context(me));
          const cells: Array<[string, Headers]> = [
            ["my session with the victim's project", cookies({ ...me, projectId: victim.projectId })],
            ['my session with a made-up project', cookies({ ...me, projectId: randomUUID() })],
            ["the victim's session with my project", cookies({ ...me, sessionId: victim.sessionId })],
            ['my session without a project', cookies(me, ['auth_token', 'session_token'])],
          ];
          for (const [label, headers] of cells) {
            const res = await send(method, req, headers);
            expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(401);
          }
        });
      }

      const foreign = entry.foreign;
      if (foreign) {
        it(`answers ${foreign.status} when the caller reaches for another user's resource`, async () => {
          // Plain users: researchers may read everyone's analytics by design.
          const me = await platform.signIn('user');
          const res = await send(method, foreign.request(context(me)), cookies(me));
          expect(res.status, JSON.stringify(res.body)).toBe(foreign.status);
        });
      }
    });
  }

  it("leaves the victim's resources as they were after every cell", async () => {
    const query = await send('GET', { path: `/api/completion/${victim.queryId}` }, cookies(victim));
    expect(query.status).toBe(200);
    const chats = await send('GET', { path: '/api/chat/get/1' }, cookies(victim));
    expect(chats.status).toBe(200);
    const user = await send('GET', { path: '/api/user/get' }, cookies(victim));
    expect(user).toMatchObject({ status: 200, body: { user: { user_id: victim.userId } } });
  });
});
