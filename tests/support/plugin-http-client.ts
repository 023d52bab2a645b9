// Talks to a running API over real HTTP the way the plugin's OkHttp client does: one cookie jar that stores
// every Set-Cookie and sends all stored cookies on every request.
export interface PluginResponse<T = unknown> {
  status: number;
  body: T;
  setCookies: string[];
}

export class PluginHttpClient {
  readonly jar = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    extraCookie?: string,
  ): Promise<PluginResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const cookie = [this.cookieHeader(), extraCookie].filter(Boolean).join('; ');
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) this.store(c);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, setCookies };
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
    const [pair, ...attrs] = setCookie.split(';');
    const eq = (pair ?? '').indexOf('=');
    if (eq <= 0 || !pair) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim())) || value === '';
    if (expired) this.jar.delete(name);
    else this.jar.set(name, value);
  }
}
