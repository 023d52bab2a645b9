// A cookie-jar client over app.request() (or real HTTP through httpTarget) that behaves like the plugin's OkHttp client with its
// process-wide CookieManager: every Set-Cookie is stored (an expired one removes the cookie), every request
// carries all stored cookies, JSON bodies go out as `application/json; charset=utf-8`.
import { randomUUID } from 'node:crypto';

export interface RequestTarget {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

/** A running server reached over real HTTP, for end-to-end tests and benchmarks. */
export function httpTarget(baseUrl: string): RequestTarget {
  return { request: (path, init) => fetch(baseUrl + path, init) };
}

export interface PluginReply<T = Record<string, unknown>> {
  status: number;
  body: T;
  setCookies: string[];
  headers: Headers;
}

export class PluginClient {
  readonly jar = new Map<string, string>();
  /** Own rate-limit bucket per simulated plugin (see src/api/middleware/rate-limit.ts). */
  readonly clientId = randomUUID();

  constructor(private readonly app: RequestTarget) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** `extraCookie` is appended after the jar, as the plugin appends a project's own project_token. */
  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    extraCookie?: string,
  ): Promise<PluginReply<T>> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'okhttp/4.12.0',
      'x-test-client': this.clientId,
    };
    const cookie = [this.cookieHeader(), extraCookie].filter(Boolean).join('; ');
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    else if (method === 'PUT' || method === 'POST') headers['content-length'] = '0';
    const res = await this.app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) this.store(c);
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      setCookies,
      headers: res.headers,
    };
  }

  /** Like call, but throws unless the answer is 2xx. */
  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call<T>(method, path, body);
    if (res.status < 200 || res.status >= 300) {
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return res.body;
  }

  private store(setCookie: string): void {
    const [pair = '', ...attrs] = setCookie.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = value === '' || attrs.some((a) => /^\s*max-age=(0|-\d+)\s*$/i.test(a));
    if (expired) this.jar.delete(name);
    else this.jar.set(name, value);
  }
}
