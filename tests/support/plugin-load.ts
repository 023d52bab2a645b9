// Simulated plugin sessions over real HTTP for fault and cluster tests: each signs up a fresh user, signs in,
// acquires a session, creates a project, then sends completions and one feedback per shown completion, and
// after a few rounds starts over as a new user. Every answer is recorded (status, time, Retry-After), and the
// ids of every 2xx answer are kept, so that a test can count them against the stream and the tables.
// A request is never retried after a failure (the plugin does not retry either); a failed setup step is sent
// again after a pause, as a user would sign in again.
import { randomUUID } from 'node:crypto';
import { PluginClient, type RequestTarget } from './plugin-client.js';

export type LoadRoute = 'signup' | 'authenticate' | 'session' | 'project' | 'completion' | 'feedback';

export interface LoadAnswer {
  route: LoadRoute;
  /** HTTP status; 0 when the connection failed (no process listening), -1 when the client gave up waiting. */
  status: number;
  ms: number;
  retryAfter: string | null;
  /** When the answer came (Date.now()). */
  at: number;
  message?: string;
}

/** The ids of every request that was answered 2xx. */
export interface Acknowledged {
  users: Set<string>;
  sessions: Set<string>;
  /** Query id → the model ids whose completions were shown. */
  queries: Map<string, number[]>;
  /** Query ids whose feedback was acknowledged (one feedback call per query). */
  feedback: Set<string>;
}

export interface PluginLoad {
  answers: LoadAnswer[];
  acknowledged: Acknowledged;
  /** Answers since `since` (Date.now()) of these routes. */
  answersSince(since: number, routes?: readonly LoadRoute[]): LoadAnswer[];
  /** Stops after the requests in flight; resolves once every session has stopped. */
  stop(): Promise<void>;
}

export interface PluginLoadOptions {
  sessions: number;
  modelId: number;
  /** Rounds (completion + feedback) before a session starts over as a new user. */
  roundsPerUser?: number;
  /** Pause between rounds, and before a failed setup step is sent again. */
  pauseMs?: number;
  /** The client gives up after this long (the plugin's OkHttp timeout is 10 s). */
  clientTimeoutMs?: number;
}

const PASSWORD = 'Fault-Passw0rd';

export function startPluginLoad(baseUrl: string, opts: PluginLoadOptions): PluginLoad {
  const answers: LoadAnswer[] = [];
  const acknowledged: Acknowledged = {
    users: new Set(),
    sessions: new Set(),
    queries: new Map(),
    feedback: new Set(),
  };
  const timeoutMs = opts.clientTimeoutMs ?? 15_000;
  const target: RequestTarget = {
    request: (path, init) => fetch(baseUrl + path, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
  };
  let stopping = false;
  const pause = () => new Promise((r) => setTimeout(r, opts.pauseMs ?? 25));

  const send = async <T>(
    plugin: PluginClient,
    route: LoadRoute,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body?: T }> => {
    const started = Date.now();
    const answer: LoadAnswer = { route, status: 0, ms: 0, retryAfter: null, at: 0 };
    let result: T | undefined;
    try {
      const res = await plugin.call<T & { message?: string }>(method, path, body);
      answer.status = res.status;
      answer.retryAfter = res.headers.get('retry-after');
      answer.message = res.body?.message;
      if (res.status >= 200 && res.status < 300) result = res.body;
    } catch (err) {
      answer.status = (err as Error).name === 'TimeoutError' ? -1 : 0;
      answer.message = String(err);
    }
    answer.ms = Date.now() - started;
    answer.at = Date.now();
    answers.push(answer);
    return { status: answer.status, body: result };
  };

  /** Sends a setup step until it succeeds, the load stops or it is refused (a 4xx other than 429). */
  const step = async <T>(attempt: () => Promise<{ status: number; body?: T }>): Promise<T | undefined> => {
    while (!stopping) {
      const r = await attempt();
      if (r.body !== undefined) return r.body;
      if (r.status >= 400 && r.status < 500 && r.status !== 429) return undefined;
      await pause();
    }
    return undefined;
  };

  const signIn = async (plugin: PluginClient): Promise<boolean> => {
    const email = `f${randomUUID().slice(0, 23)}@example.org`;
    const signUp = {
      email,
      name: 'fault',
      password: PASSWORD,
      config_id: 1,
      token: '',
      provider: 'no_provider',
    };
    // A sign-up answered 5xx may still have created the account: the next try then answers 409, and we sign in.
    const user = await step(async () => {
      const r = await send<{ user_id: string }>(plugin, 'signup', 'POST', '/api/user/create', signUp);
      return r.status === 409 ? { status: 409, body: { user_id: '' } } : r;
    });
    if (!user) return false;
    if (user.user_id) acknowledged.users.add(user.user_id);
    const credentials = { email, password: PASSWORD, provider: 'no_provider', token: '' };
    if (!(await step(() => send(plugin, 'authenticate', 'POST', '/api/user/authenticate', credentials))))
      return false;
    const session = await step(() =>
      send<{ session_token: string }>(plugin, 'session', 'GET', '/api/session/acquire'),
    );
    if (!session) return false;
    acknowledged.sessions.add(session.session_token);
    const project = await step(() =>
      send(plugin, 'project', 'POST', '/api/project/create', { project_name: 'faults' }),
    );
    return project !== undefined;
  };

  const round = async (plugin: PluginClient, n: number): Promise<void> => {
    const { body: served } = await send<{
      data: { meta_query_id: string; completions: Array<{ model_id: number }> };
    }>(plugin, 'completion', 'POST', '/api/completion/request', completionBody(opts.modelId, n));
    if (!served) return;
    const { meta_query_id: queryId, completions } = served.data;
    acknowledged.queries.set(
      queryId,
      completions.map((c) => c.model_id),
    );
    if (!completions.some((c) => c.model_id === opts.modelId) || stopping) return;
    const { body: fb } = await send(plugin, 'feedback', 'POST', '/api/completion/feedback', {
      meta_query_id: queryId,
      model_id: opts.modelId,
      was_accepted: n % 2 === 0,
    });
    if (fb) acknowledged.feedback.add(queryId);
  };

  const session = async (): Promise<void> => {
    while (!stopping) {
      const plugin = new PluginClient(target);
      // Refused (a 4xx): start over as another new user, so the load keeps its number of sessions.
      if (!(await signIn(plugin))) {
        await pause();
        continue;
      }
      for (let n = 0; n < (opts.roundsPerUser ?? 20) && !stopping; n++) {
        await round(plugin, n);
        await pause();
      }
    }
  };

  const running = Array.from({ length: opts.sessions }, () => session());
  return {
    answers,
    acknowledged,
    answersSince: (since, routes) =>
      answers.filter((a) => a.at >= since && (routes === undefined || routes.includes(a.route))),
    stop: async () => {
      stopping = true;
      await Promise.all(running);
    },
  };
}

/** `route status ×count (last message)` per route and status, for failure messages. */
export function summarizeAnswers(answers: readonly LoadAnswer[]): string {
  const groups = new Map<string, { n: number; message?: string }>();
  for (const a of answers) {
    const key = `${a.route} ${a.status}`;
    groups.set(key, { n: (groups.get(key)?.n ?? 0) + 1, message: a.message });
  }
  return [...groups].map(([k, g]) => `${k} ×${g.n}${g.message ? ` (${g.message})` : ''}`).join('\n');
}

function completionBody(modelId: number, n: number) {
  return {
    model_ids: [modelId],
    context: { prefix: `total = ${n}\nresult = `, suffix: '\n', file_name: 'load.py', context_files: [] },
    contextual_telemetry: {
      version_id: 3,
      trigger_type_id: 1,
      language_id: 47,
      file_path: '/load.py',
      caret_line: 2,
      document_char_length: 30,
      relative_document_position: 1,
    },
    behavioral_telemetry: { time_since_last_shown: 900, time_since_last_accepted: 0, typing_speed: 5 },
    store_context: true,
    store_contextual_telemetry: true,
    store_behavioral_telemetry: true,
  };
}
