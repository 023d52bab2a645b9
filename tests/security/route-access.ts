// Who may call each route of the API, and a request the rightful caller may make there: the table the
// authorization matrix runs. Every route the app serves has an entry (the matrix fails for one without).
import { randomUUID } from 'node:crypto';
import type { Identity, SecurityPlatform } from './security-platform.js';
import { cookiesOf } from './security-platform.js';

/**
 * - public: anyone; the route takes no token.
 * - user: the `auth_token` cookie. user+session: that and the user's live session (project create/activate).
 * - session: the `session_token` cookie. session+project: that and a `project_token` activated in it.
 * - own-or-research: a signed-in user (their own rows) or a researcher's/admin's API token or session.
 * - research: a researcher or admin. admin: an admin.
 */
export type Access =
  | 'public'
  | 'user'
  | 'user+session'
  | 'session'
  | 'session+project'
  | 'own-or-research'
  | 'research'
  | 'admin';

export interface RouteRequest {
  path: string;
  body?: unknown;
  /** A body that never ends (server-sent events): read the status, then cancel it. */
  stream?: boolean;
}

/** Another user's resources, made through the real routes. */
export interface Victim extends Identity {
  queryId: string;
  chatId: string;
}

export interface RouteContext {
  platform: SecurityPlatform;
  /** The caller of the cell (the rightful one in the rightful cells). */
  me: Identity;
  victim: Victim;
}

export interface RouteAccess {
  access: Access;
  /** A request the rightful caller may make; valid in body, params and query, so only the credentials decide. */
  request(ctx: RouteContext): RouteRequest | Promise<RouteRequest>;
  /** What the rightful caller gets. */
  ok: number[];
  /** The same request aimed at the victim's resource (or project), with the caller's own credentials. */
  foreign?: { request(ctx: RouteContext): RouteRequest; status: number };
}

const TELEMETRY = { version_id: 1, trigger_type_id: 1, language_id: 47 };
const completionBody = {
  model_ids: [1],
  context: { prefix: 'def f():\n    ', suffix: '' },
  contextual_telemetry: TELEMETRY,
};
const chatBody = (chatId: string) => ({ model_ids: [], chat_id: chatId, messages: [['user', 'Hello?']] });
const DAY_MS = 86_400_000;
let studyDays = 0;
const NO_TELEMETRY = {
  models: { offered: [1, 2], defaults: [1] },
  modules: { telemetry: false, groundTruth: true, multiFileContext: true },
};

/** Sends a rightful request of `who` (for setting up a resource the request then refers to). */
async function call(ctx: RouteContext, who: Identity, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = who.apiToken
    ? { authorization: `Bearer ${who.apiToken}` }
    : { cookie: cookiesOf(who) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await ctx.platform.app.request(path, { method, headers, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function ownQueryId(ctx: RouteContext): Promise<string> {
  const answer = await call(ctx, ctx.me, 'POST', '/api/completion/request', completionBody);
  return (answer.data as { meta_query_id: string }).meta_query_id;
}

const analytics = (name: string): RouteAccess => ({
  access: 'own-or-research',
  request: () => ({
    path: `/api/analytics/${name}${name === 'breakdown' ? '?by=model' : name === 'compare' ? '?models=1,2' : ''}`,
  }),
  ok: [200],
  // A plain user asking for another user's rows; researchers may (the foreign cell runs for plain users).
  foreign:
    name === 'dimensions'
      ? undefined
      : {
          request: ({ victim }) => ({
            path: `/api/analytics/${name}?${name === 'breakdown' ? 'by=model&' : name === 'compare' ? 'models=1,2&' : ''}user_id=${victim.userId}`,
          }),
          status: 403,
        },
});

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/ping': { access: 'public', request: () => ({ path: '/api/ping' }), ok: [200] },
  'HEAD /api/ping': { access: 'public', request: () => ({ path: '/api/ping' }), ok: [200] },
  'GET /openapi.json': { access: 'public', request: () => ({ path: '/openapi.json' }), ok: [200] },
  'GET /docs': { access: 'public', request: () => ({ path: '/docs' }), ok: [200] },
  'GET /docs/assets/{name}': {
    access: 'public',
    request: () => ({ path: '/docs/assets/swagger-ui.css' }),
    ok: [200],
  },
  // Operations (docs/operations.md, Metrics and health): no credentials, kept off the internet by the proxy.
  'GET /metrics': { access: 'public', request: () => ({ path: '/metrics' }), ok: [200] },
  'GET /health/live': { access: 'public', request: () => ({ path: '/health/live' }), ok: [200] },
  'GET /health/ready': { access: 'public', request: () => ({ path: '/health/ready' }), ok: [200] },
  // The plugin only logs this answer: ACP is not supported.
  'POST /api/acp/grant': {
    access: 'public',
    request: () => ({ path: '/api/acp/grant', body: {} }),
    ok: [501],
  },
  'POST /api/user/create': {
    access: 'public',
    request: () => ({
      path: '/api/user/create',
      body: { email: `${randomUUID().slice(0, 8)}@example.org`, name: 'Grace', password: 'Secret123' },
    }),
    ok: [201],
  },
  'POST /api/user/authenticate': {
    access: 'public',
    request: async ({ platform }) => {
      const email = `${randomUUID().slice(0, 8)}@example.org`;
      const body = { email, name: 'Grace', password: 'Secret123' };
      const res = await platform.app.request('/api/user/create', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`sign-up answered ${res.status}`);
      return { path: '/api/user/authenticate', body: { email, password: 'Secret123' } };
    },
    ok: [200],
  },
  'GET /api/user/get': { access: 'user', request: () => ({ path: '/api/user/get' }), ok: [200] },
  'PUT /api/user/update': {
    access: 'user',
    request: () => ({ path: '/api/user/update', body: { name: 'Grace' } }),
    ok: [201],
  },
  'DELETE /api/user/delete': {
    access: 'user',
    request: () => ({ path: '/api/user/delete?delete_data=true' }),
    ok: [200],
  },
  'GET /api/user/verify/check': {
    access: 'user',
    request: () => ({ path: '/api/user/verify/check' }),
    ok: [200],
  },
  'POST /api/user/verify/resend': {
    access: 'user',
    request: () => ({ path: '/api/user/verify/resend' }),
    ok: [200],
  },
  'GET /api/session/acquire': {
    access: 'user',
    request: () => ({ path: '/api/session/acquire' }),
    ok: [200],
  },
  'PUT /api/session/deactivate': {
    access: 'user',
    request: () => ({ path: '/api/session/deactivate' }),
    ok: [200],
  },
  'POST /api/project/create': {
    access: 'user+session',
    request: () => ({ path: '/api/project/create', body: { project_name: 'mine' } }),
    ok: [201],
  },
  'PUT /api/project/activate': {
    access: 'user+session',
    request: ({ me }) => ({ path: '/api/project/activate', body: { project_id: me.projectId } }),
    ok: [200],
    // Joining someone else's project by its id (the Python server allowed it): no.
    foreign: {
      request: ({ victim }) => ({ path: '/api/project/activate', body: { project_id: victim.projectId } }),
      status: 401,
    },
  },
  'POST /api/completion/request': {
    access: 'session+project',
    request: () => ({ path: '/api/completion/request', body: completionBody }),
    ok: [200],
  },
  'POST /api/completion/multi-file-context/update': {
    access: 'session+project',
    request: () => ({
      path: '/api/completion/multi-file-context/update',
      body: {
        context_updates: {
          'a.py': [{ change_type: 'insert', start_line: 0, end_line: 0, new_lines: ['x = 1'] }],
        },
      },
    }),
    ok: [200],
  },
  'GET /api/completion/{query_id}': {
    access: 'session',
    request: async (ctx) => ({ path: `/api/completion/${await ownQueryId(ctx)}` }),
    ok: [200],
    foreign: { request: ({ victim }) => ({ path: `/api/completion/${victim.queryId}` }), status: 403 },
  },
  'POST /api/completion/feedback': {
    access: 'session+project',
    request: async (ctx) => ({
      path: '/api/completion/feedback',
      body: { meta_query_id: await ownQueryId(ctx), model_id: 1, was_accepted: true },
    }),
    ok: [200],
    foreign: {
      request: ({ victim }) => ({
        path: '/api/completion/feedback',
        body: { meta_query_id: victim.queryId, model_id: 1, was_accepted: true },
      }),
      status: 403,
    },
  },
  'POST /api/chat/request': {
    access: 'session+project',
    request: () => ({ path: '/api/chat/request', body: chatBody(randomUUID()) }),
    ok: [200],
    foreign: {
      request: ({ victim }) => ({ path: '/api/chat/request', body: chatBody(victim.chatId) }),
      status: 403,
    },
  },
  'GET /api/chat/get/{page_number}': {
    access: 'session+project',
    request: () => ({ path: '/api/chat/get/1' }),
    ok: [200],
  },
  'DELETE /api/chat/delete/{chat_id}': {
    access: 'session+project',
    request: async (ctx) => {
      const chat = await call(ctx, ctx.me, 'POST', '/api/chat/request', chatBody(randomUUID()));
      return { path: `/api/chat/delete/${chat.chat_id as string}` };
    },
    ok: [200],
    foreign: { request: ({ victim }) => ({ path: `/api/chat/delete/${victim.chatId}` }), status: 403 },
  },
  'GET /api/datasets': { access: 'research', request: () => ({ path: '/api/datasets' }), ok: [200] },
  // An unknown name: the answer after the access check is a 404, never the download itself.
  'GET /api/datasets/{name}': {
    access: 'research',
    request: () => ({ path: '/api/datasets/no-such-dataset' }),
    ok: [404],
  },
  'GET /api/analytics/overview': analytics('overview'),
  'GET /api/analytics/breakdown': analytics('breakdown'),
  'GET /api/analytics/compare': analytics('compare'),
  'GET /api/analytics/survival': analytics('survival'),
  'GET /api/analytics/calibration': analytics('calibration'),
  'GET /api/analytics/dimensions': analytics('dimensions'),
  'GET /api/analytics/live': {
    access: 'own-or-research',
    request: () => ({ path: '/api/analytics/live', stream: true }),
    ok: [200],
  },
  'GET /api/configs': { access: 'admin', request: () => ({ path: '/api/configs' }), ok: [200] },
  'GET /api/configs/{id}': { access: 'admin', request: () => ({ path: '/api/configs/1' }), ok: [200] },
  'POST /api/configs': {
    access: 'admin',
    request: () => ({
      path: '/api/configs',
      body: { name: `arm-${randomUUID().slice(0, 8)}`, document: NO_TELEMETRY },
    }),
    ok: [201],
  },
  'GET /api/studies': { access: 'research', request: () => ({ path: '/api/studies' }), ok: [200] },
  'GET /api/studies/{id}': {
    access: 'research',
    request: () => ({ path: `/api/studies/${randomUUID()}` }),
    ok: [404],
  },
  'POST /api/studies': {
    access: 'admin',
    request: async (ctx) => {
      const body = { name: `arm-${randomUUID().slice(0, 8)}`, document: NO_TELEMETRY };
      const config =
        ctx.me.role === 'admin' ? await call(ctx, ctx.me, 'POST', '/api/configs', body) : { configId: 2 };
      // Studies may not overlap: each rightful call gets a day of its own, a year ahead.
      const startsAt = new Date(Date.now() + (365 + studyDays++) * DAY_MS);
      const study = {
        name: 'study',
        configIds: [1, config.configId],
        defaultConfigId: 1,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + DAY_MS / 2).toISOString(),
      };
      return { path: '/api/studies', body: study };
    },
    ok: [201],
  },
  'POST /api/studies/{id}/end': {
    access: 'admin',
    request: () => ({ path: `/api/studies/${randomUUID()}/end` }),
    ok: [404],
  },
  'GET /api/studies/{id}/report': {
    access: 'research',
    request: () => ({ path: `/api/studies/${randomUUID()}/report` }),
    ok: [404],
  },
};
