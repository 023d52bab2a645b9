// A small typed client of the Code4me API over HTTP, for the UI's server-side loads and routes: it forwards
// the signed-in user's auth_token as the API's `auth_token` cookie and turns error answers into ApiError.
import type {
  Breakdown,
  BreakdownBy,
  Calibration,
  Comparison,
  Dimensions,
  Overview,
  Survival,
} from '$lib/analytics-types';
import { uiConfig } from './config';

export type Query = Record<string, string | undefined>;

/** An answer other than 2xx: its status and the message the API gave (problem+json detail or message). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiUser {
  user_id: string;
  email: string;
  name: string;
  is_admin: boolean;
  auth_token?: string;
}

function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const qs = params.toString();
  return `${uiConfig().apiUrl}${path}${qs ? `?${qs}` : ''}`;
}

function headers(token: string | null, accept = 'application/json'): Record<string, string> {
  return { accept, ...(token ? { cookie: `auth_token=${token}` } : {}) };
}

async function failure(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = JSON.parse(text) as { detail?: string; title?: string; message?: string };
    message = body.detail ?? body.message ?? body.title ?? message;
  } catch {
    if (text) message = text.slice(0, 200);
  }
  return new ApiError(res.status, message);
}

async function getJson<T>(path: string, token: string | null, query?: Query): Promise<T> {
  const res = await fetch(url(path, query), { headers: headers(token) });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** A streaming GET (event stream, dataset download): the raw answer when 2xx, else ApiError. */
export async function openStream(
  path: string,
  token: string | null,
  query: Query,
  accept: string,
  signal?: AbortSignal,
): Promise<Response> {
  const res = await fetch(url(path, query), { headers: headers(token, accept), signal });
  if (!res.ok) throw await failure(res);
  return res;
}

export type Credentials =
  { provider: 'no_provider'; email: string; password: string } | { provider: 'google'; token: string };

/**
 * POST /api/user/authenticate: the user and the auth_token the UI keeps in its own cookie. The browser's
 * address goes along as X-Forwarded-For, so the API's sign-in limits count per browser, not for this server
 * (the API trusts it from C4M_TRUSTED_PROXIES, loopback by default).
 */
export async function authenticate(
  credentials: Credentials,
  browserAddress: string,
): Promise<{ user: ApiUser; authToken: string }> {
  const body =
    credentials.provider === 'google' ? { ...credentials, email: undefined } : { ...credentials, token: '' };
  const res = await fetch(url('/api/user/authenticate'), {
    method: 'POST',
    headers: { ...headers(null), 'content-type': 'application/json', 'x-forwarded-for': browserAddress },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await failure(res);
  const { user } = (await res.json()) as { user: ApiUser };
  if (!user.auth_token) throw new ApiError(502, 'the API signed the user in without an auth token');
  return { user, authToken: user.auth_token };
}

export const api = {
  user: (token: string) => getJson<{ user: ApiUser }>('/api/user/get', token).then((r) => r.user),
  dimensions: (token: string) => getJson<Dimensions>('/api/analytics/dimensions', token),
  overview: (token: string, q: Query) => getJson<Overview>('/api/analytics/overview', token, q),
  breakdown: (token: string, by: BreakdownBy, q: Query) =>
    getJson<Breakdown>('/api/analytics/breakdown', token, { ...q, by }),
  compare: (token: string, models: number[], q: Query) =>
    getJson<Comparison>('/api/analytics/compare', token, { ...q, models: models.join(',') }),
  survival: (token: string, q: Query) => getJson<Survival>('/api/analytics/survival', token, q),
  calibration: (token: string, q: Query) => getJson<Calibration>('/api/analytics/calibration', token, q),
};
