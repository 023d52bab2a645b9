// Fixed-window rate limits per client and route group, counted in Redis so that several API processes share
// one budget. A client is its credential (API token, auth_token, session_token) when it sends one, else its
// address (client-address.ts); sign-up and sign-in count per address and e-mail, and per address. Over a
// budget: 429 with Retry-After (seconds to the window's end), in the route's own error shape.
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../../platform/config.js';
import type { Logger } from '../../platform/logger.js';
import type { Redis } from '../../platform/redis.js';
import { redisScript, runScript } from '../../platform/redis-script.js';
import { boundedMemo } from '../../platform/bounded-memo.js';
import type { Clock } from '../../platform/clock.js';
import { Errors } from '../../platform/errors.js';
import { isProblemJsonPath, problemResponse } from '../problem-json.js';
import { clientAddressOf, parseTrustedProxies, type TrustedProxies } from './client-address.js';
import { readCookie } from './cookies.js';
import { setHeaderAhead } from './preset-headers.js';
import {
  SESSION_CHECK_LUA,
  sessionOfReply,
  isUuid,
  sessionCheckInput,
  type CheckedSession,
} from '../../auth/index.js';
import { keepCheckedSession, sessionCookiesOf, type SessionCookies } from './checked-session.js';

const WINDOW_MS = 60_000;

/** Route groups, first match wins; each has its own budget per client. /api/ping is never limited. */
export const RATE_LIMIT_GROUPS = [
  { group: 'auth', pattern: /^\/api\/user\/(create|authenticate)\/?$/ },
  { group: 'user', pattern: /^\/api\/user\// },
  { group: 'session', pattern: /^\/api\/session\// },
  { group: 'project', pattern: /^\/api\/project\// },
  { group: 'context', pattern: /^\/api\/completion\/multi-file-context\// },
  { group: 'feedback', pattern: /^\/api\/completion\/feedback\/?$/ },
  { group: 'completion', pattern: /^\/api\/completion\// },
  { group: 'chat', pattern: /^\/api\/chat\// },
  { group: 'datasets', pattern: /^\/api\/datasets(\/|$)/ },
  { group: 'analytics', pattern: /^\/api\/analytics(\/|$)/ },
  { group: 'api', pattern: /^\/api\/(?!ping\/?$)/ },
] as const;

/** A path's group, kept per path (boundedMemo forgets them all past its bound). */
const groupOf = boundedMemo((path: string) => RATE_LIMIT_GROUPS.find((g) => g.pattern.test(path))?.group);

export type RateLimitGroup = (typeof RATE_LIMIT_GROUPS)[number]['group'] | 'auth-address';
/** Groups whose routes all check the session_token (auth.ts): their count makes that check too, one round trip. */
const SESSION_GROUPS: ReadonlySet<RateLimitGroup> = new Set(['context', 'feedback', 'completion', 'chat']);
const GROUP_NAMES = new Set<string>([...RATE_LIMIT_GROUPS.map((g) => g.group), 'auth-address']);

/** The budget per minute of each group: C4M_RATE_LIMIT_ROUTES, else the auth or the general setting. */
export function rateLimitOf(config: Config, group: RateLimitGroup): number {
  const configured = config.rateLimitRoutes[group];
  if (configured !== undefined) return configured;
  return group === 'auth' ? config.authRateLimitPerMinute : config.rateLimitPerMinute;
}

interface Budget {
  group: RateLimitGroup;
  client: string;
  limit: number;
}

export interface RateLimitDeps {
  config: Config;
  redis: Redis;
  logger: Logger;
  clock: Clock;
}

export function rateLimits(deps: RateLimitDeps): MiddlewareHandler {
  const unknown = Object.keys(deps.config.rateLimitRoutes).filter((g) => !GROUP_NAMES.has(g));
  if (unknown.length > 0) {
    throw new Error(
      `C4M_RATE_LIMIT_ROUTES: unknown route group ${unknown.join(', ')} (see docs/security.md)`,
    );
  }
  const trusted = parseTrustedProxies(deps.config.trustedProxies);
  let redisDown = false;
  return async (c, next) => {
    const group = groupOf(c.req.path);
    if (group === undefined || c.req.method === 'OPTIONS') return next();
    // Once a count has failed, do not wait out each command's timeout again while ioredis is still reconnecting:
    // the request goes on at once (its own Redis calls answer 503 in time; docs/operations.md, Faults).
    if (redisDown && deps.redis.status !== 'ready') return next();
    const budgets = await budgetsOf(c, group, deps.config, trusted);
    const cookies = SESSION_GROUPS.has(group) ? sessionCookiesOf(c) : undefined;
    // The session routes' check goes out with the count (checked-session.ts).
    const session =
      cookies && isUuid(cookies.token) ? { cookies, ttlS: deps.config.sessionTokenTtlS } : undefined;
    let verdict: Verdict;
    try {
      verdict = await count(deps.redis, budgets, deps.clock.now().getTime(), session);
      redisDown = false;
    } catch (err) {
      // Without Redis a limit cannot be counted; the routes that need Redis fail on their own, the others serve.
      if (!redisDown) deps.logger.warn({ err }, 'rate limits are not counted while Redis does not answer');
      redisDown = true;
      return next();
    }
    // Ahead of the answer, so that @hono/node-server keeps its fast path (preset-headers.ts).
    setHeaderAhead(c, 'X-RateLimit-Limit', String(verdict.limit));
    setHeaderAhead(c, 'X-RateLimit-Remaining', String(verdict.remaining));
    setHeaderAhead(c, 'X-RateLimit-Reset', String(verdict.resetS));
    if (session && 'session' in verdict) keepCheckedSession(c, verdict.session);
    if (verdict.exceeded) {
      const err = Errors.tooManyRequests();
      err.retryAfterS = verdict.resetS;
      if (isProblemJsonPath(c.req.path)) return problemResponse(c, err);
      throw err;
    }
    return next();
  };
}

async function budgetsOf(
  c: Context,
  group: RateLimitGroup,
  config: Config,
  trusted: TrustedProxies,
): Promise<Budget[]> {
  const address = clientAddressOf(c, trusted);
  if (group !== 'auth') {
    const credential = credentialOf(c);
    const client = credential ? `t:${digest(credential)}` : `a:${address}`;
    return [{ group, client, limit: rateLimitOf(config, group) }];
  }
  // Sign-in: a budget per account tried from this address (guessing one password), and one per address
  // (trying many accounts). A forged cookie must not buy a fresh budget here, so no credential counts.
  const account = await accountOf(c);
  return [
    { group: 'auth', client: `e:${digest(`${address}\n${account}`)}`, limit: rateLimitOf(config, 'auth') },
    { group: 'auth-address', client: `a:${address}`, limit: rateLimitOf(config, 'auth-address') },
  ];
}

/** The token a request authenticates with, in the order the routes check them. */
function credentialOf(c: Context): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  return bearer ?? readCookie(c, 'auth_token') ?? readCookie(c, 'session_token');
}

/**
 * Whose account a sign-up or sign-in body tries: its e-mail, or for Google its ID token (hono caches the parsed
 * body for the route's validator). A forged Google token gets its own budget, but still counts for its address.
 */
async function accountOf(c: Context): Promise<string> {
  try {
    const body = await c.req.json<{ email?: unknown; token?: unknown } | null>();
    if (typeof body?.email === 'string' && body.email.trim() !== '') return body.email.trim().toLowerCase();
    return typeof body?.token === 'string' ? `google:${body.token}` : '';
  } catch {
    return ''; // the route's validator answers the malformed body
  }
}

/** Keys never hold a token or an e-mail address, only a digest of it (kept per client: one per request). */
const digest = boundedMemo((value: string) =>
  createHash('sha256').update(value).digest('base64url').slice(0, 22),
);

interface Verdict {
  exceeded: boolean;
  limit: number;
  remaining: number;
  resetS: number;
  /** The session check made in the same script (a session group, no budget exceeded). */
  session?: CheckedSession | undefined;
}

// KEYS: the n budgets' window counters, then (for a session route) check_session's two keys. ARGV: a window's
// lifetime in seconds, n, the n limits, then check_session's arguments. Counts each budget and gives a new window
// its expiry (NX leaves a running window's alone); only when session keys follow and no budget is exceeded does
// it check the session (a refused request slides nothing): {counts} or {counts, the session or nil}.
const COUNT_SCRIPT = redisScript(`${SESSION_CHECK_LUA}
local n = tonumber(ARGV[2])
local counts = {}
local over = false
for i = 1, n do
  counts[i] = redis.call('INCR', KEYS[i])
  redis.call('EXPIRE', KEYS[i], ARGV[1], 'NX')
  if counts[i] > tonumber(ARGV[2 + i]) then over = true end
end
if over or #KEYS == n then return {counts} end
return {counts, check_session(KEYS, ARGV, n + 1, 2 + n)}
`);

async function count(
  redis: Redis,
  budgets: Budget[],
  nowMs: number,
  session?: { cookies: SessionCookies; ttlS: number },
): Promise<Verdict> {
  const window = Math.floor(nowMs / WINDOW_MS);
  const resetS = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - nowMs) / 1000));
  const keys = budgets.map((b) => `rl:${b.group}:${b.client}:${window}`);
  const lifetimeS = WINDOW_MS / 1000 + 1;
  // One command, not a MULTI of two per budget: the MULTI was most of the rate limit's CPU per completion.
  const limits = budgets.map((b) => (Number.isFinite(b.limit) ? b.limit : Number.MAX_SAFE_INTEGER));
  const check = session?.cookies.token
    ? sessionCheckInput(redis, session.cookies.token, session.ttlS, session.cookies.projectId)
    : { keys: [], args: [] };
  const reply = await runScript(
    redis,
    COUNT_SCRIPT,
    [...keys, ...check.keys],
    [lifetimeS, budgets.length, ...limits, ...check.args],
  );
  if (!Array.isArray(reply)) throw new Error('the rate-limit script gave no counts');
  const counts: unknown = reply[0];
  const checked: Pick<Verdict, 'session'> =
    reply.length > 1 ? { session: sessionOfReply(reply[1], session?.cookies.projectId) } : {};
  if (!Array.isArray(counts) || counts.length !== budgets.length)
    throw new Error('the rate-limit script gave no count per budget');
  let verdict: Verdict = { exceeded: false, limit: Infinity, remaining: Infinity, resetS };
  budgets.forEach((b, i) => {
    const used = Number(counts[i]);
    const remaining = Math.max(0, b.limit - used);
    const exceeded = used > b.limit;
    if (exceeded || (!verdict.exceeded && remaining < verdict.remaining)) {
      verdict = { exceeded: verdict.exceeded || exceeded, limit: b.limit, remaining, resetS };
    }
  });
  return { ...verdict, ...checked };
}
