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

  /** POST /api/chat/request (protocol §4.12): one turn, the whole history in the body. */
  chat<T = ChatReply>(body: ChatRequest): Promise<T> {
    return this.ok<T>('POST', '/api/chat/request', body);
  }

  /** GET /api/chat/get/{page}: ten of the user's chats in this project, newest first. */
  chatPage(page: number): Promise<{ page: number; per_page: number; items: ChatReply[] }> {
    return this.ok('GET', `/api/chat/get/${page}`);
  }

  /** DELETE /api/chat/delete/{chat_id}. */
  deleteChat(chatId: string): Promise<{ message: string }> {
    return this.ok('DELETE', `/api/chat/delete/${chatId}`);
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

/** The plugin's chat body (RequestChatCompletion): `messages` are [role, content] pairs, system prompt first. */
export interface ChatRequest {
  model_ids: number[];
  chat_id: string;
  messages: Array<[string, string]>;
  context?: {
    prefix: string;
    suffix: string;
    file_name?: string;
    selected_text?: string;
    context_files?: string[];
  };
  contextual_telemetry?: Record<string, unknown>;
  behavioral_telemetry?: Record<string, unknown>;
  store_context?: boolean;
  store_contextual_telemetry?: boolean;
  store_behavioral_telemetry?: boolean;
  web_enabled?: boolean;
}

/** ChatHistoryResponse as the plugin parses it. */
export interface ChatReply {
  chat_id: string;
  title: string;
  history: Array<{
    user_message: { role: string; content: string; timestamp: string; meta_query_id?: string };
    assistant_responses: Array<{
      model_id: number;
      model_name: string;
      completion: string;
      generation_time: number;
      confidence: number;
      was_accepted: boolean;
      message?: string;
      error_code?: string;
    }>;
  }>;
}

/** The plugin's default system prompt (the config's models.systemPrompt). */
export const PLUGIN_SYSTEM_PROMPT =
  'You are a helpful assistant that provides information and answers questions to the best of your ability. ' +
  'Please respond in a clear and concise manner.';

/**
 * A chat body as the plugin sends it: the system prompt, then the conversation so far (user and assistant
 * alternating) ending with the user's new message; editor context, telemetry and the store flags.
 */
export function chatRequestBody(
  chatId: string,
  conversation: Array<[string, string]>,
  over: Partial<ChatRequest> = {},
): ChatRequest {
  return {
    model_ids: [3],
    chat_id: chatId,
    messages: [['system', PLUGIN_SYSTEM_PROMPT], ...conversation],
    context: { prefix: 'def add(a, b):\n    return ', suffix: '\n', file_name: 'calc.py', context_files: [] },
    contextual_telemetry: { version_id: 3, trigger_type_id: 1, language_id: 47 },
    behavioral_telemetry: { time_since_last_shown: 0, time_since_last_accepted: 0, typing_speed: 0 },
    store_context: false,
    store_contextual_telemetry: true,
    store_behavioral_telemetry: true,
    web_enabled: false,
    ...over,
  };
}
