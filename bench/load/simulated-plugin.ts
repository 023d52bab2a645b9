// One simulated plugin session, at the rates of the real plugin (/work/shared/reference/plugin-protocol.md §3,
// §6, §7): sign up, preference sync, session and project, then while the developer types a completion after
// each pause (the plugin's debounce is 250 ms; open loop: the next one does not wait for the answer), a
// multi-file context update first when a context file changed, and for an accepted completion the acceptance at
// once and ground truth at +15, +45 and +90 s. At the end the project is closed (session deactivate). Every call
// goes over real HTTP with the plugin client's cookie jar and OkHttp's 10 s timeout.
import { PluginClient } from '../../tests/support/plugin-client.js';
import { seededRandom } from '../../src/platform/seeded-random.js';
import type { RouteStats } from './route-stats.js';

export interface SessionProfile {
  modelId: number;
  /** Mean pause between two completions of one developer, in ms (at least the 250 ms debounce). */
  meanPauseMs: number;
  /** Share of completions the developer accepts (each then brings 1 + 3 feedback calls). */
  acceptRate: number;
  /** Share of completions preceded by a multi-file context update (a context file changed). */
  contextUpdateRate: number;
  /** When the plugin's ground-truth checks run after an acceptance, in ms. */
  groundTruthDelaysMs: readonly number[];
}

export const PLUGIN_PROFILE: SessionProfile = {
  modelId: 5,
  meanPauseMs: 2_000,
  acceptRate: 0.3,
  contextUpdateRate: 0.25,
  groundTruthDelaysMs: [15_000, 45_000, 90_000],
};

const DEBOUNCE_MS = 250;
const PLUGIN_TIMEOUT_MS = 10_000;
const CONTEXT_FILES = ['src/util.py', 'src/models.py', 'tests/test_util.py'];

/** A route as the table shows it: the query id of GET /api/completion/{id} is not part of it. */
type Route =
  | 'POST /api/user/create'
  | 'POST /api/user/authenticate'
  | 'PUT /api/user/update'
  | 'GET /api/session/acquire'
  | 'POST /api/project/create'
  | 'PUT /api/project/activate'
  | 'POST /api/completion/multi-file-context/update'
  | 'POST /api/completion/request'
  | 'POST /api/completion/feedback'
  | 'POST /api/completion/feedback (ground truth)'
  | 'PUT /api/session/deactivate';

export interface SessionOutcome {
  signedIn: boolean;
  completions: number;
  accepted: number;
  /** Ground-truth calls that fell after the end of the run and were not sent. */
  groundTruthAfterEnd: number;
}

export async function runPluginSession(opts: {
  apiUrl: string;
  index: number;
  seed: number;
  startAt: number;
  endAt: number;
  stats: RouteStats;
  profile?: SessionProfile;
}): Promise<SessionOutcome> {
  const profile = opts.profile ?? PLUGIN_PROFILE;
  const rand = seededRandom(opts.seed * 7919 + opts.index);
  // OkHttp's read timeout: a call unanswered after 10 s is a failure to the plugin (recorded as status 0).
  const plugin = new PluginClient({
    request: (path, init) =>
      fetch(opts.apiUrl + path, { ...init, signal: AbortSignal.timeout(PLUGIN_TIMEOUT_MS) }),
  });
  const outcome: SessionOutcome = { signedIn: false, completions: 0, accepted: 0, groundTruthAfterEnd: 0 };
  const pending = new Set<Promise<unknown>>();
  const call = async <T>(route: Route, path: string, body?: unknown): Promise<T | undefined> => {
    const method = route.slice(0, route.indexOf(' '));
    const t0 = performance.now();
    let status = 0;
    let reply: T | undefined;
    try {
      const res = await plugin.call<T>(method, path, body);
      status = res.status;
      reply = res.body;
    } catch {
      // no answer: recorded as status 0
    }
    opts.stats.record(route, status, (performance.now() - t0) * 1000);
    return status >= 200 && status < 300 ? reply : undefined;
  };
  await sleepUntil(opts.startAt);

  const email = `load-${opts.seed}-${opts.index}-${Date.now().toString(36)}@example.org`;
  const password = 'Load-Passw0rd';
  const storeContext = rand() < 0.5;
  const signedUp = await call('POST /api/user/create', '/api/user/create', {
    email,
    name: `Load ${opts.index}`,
    password,
    config_id: 1,
    token: '',
    provider: 'no_provider',
  });
  const signedIn =
    signedUp &&
    (await call('POST /api/user/authenticate', '/api/user/authenticate', {
      email,
      password,
      provider: 'no_provider',
      token: '',
    }));
  if (!signedIn) return outcome;
  await call('PUT /api/user/update', '/api/user/update', {
    preference: {
      store_context: storeContext,
      store_behavioral_telemetry: true,
      store_contextual_telemetry: true,
    },
  });
  await call('GET /api/session/acquire', '/api/session/acquire');
  const project = await call<{ project_token: string }>('POST /api/project/create', '/api/project/create', {
    project_name: `load project ${opts.index}`,
  });
  if (!project) return outcome;
  if (
    !(await call('PUT /api/project/activate', '/api/project/activate', { project_id: project.project_token }))
  )
    return outcome;
  outcome.signedIn = true;

  const files = new Map<string, string[]>();
  let lastRequestAt = 0;
  let lastAcceptedAt = 0;
  let typed = 0;
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  // Open loop, as in the IDE: the developer keeps typing while a completion is on its way (the plugin does not
  // cancel it), so the next request follows the pause whether or not the last one has been answered.
  while (Date.now() < opts.endAt) {
    const pause = DEBOUNCE_MS + exponential(rand, Math.max(0, profile.meanPauseMs - DEBOUNCE_MS));
    typed += Math.round((pause / 1000) * 4);
    await sleepUntil(Math.min(opts.endAt, Date.now() + pause));
    if (Date.now() >= opts.endAt) break;
    // Drawn now, so that a seed gives the same sessions whatever the answers' timing.
    const contextPath =
      rand() < profile.contextUpdateRate || files.size === 0
        ? (CONTEXT_FILES[Math.floor(rand() * CONTEXT_FILES.length)] ?? CONTEXT_FILES[0])
        : undefined;
    const accepts = rand() < profile.acceptRate;
    const changes = contextPath ? contextChange(files, contextPath, typed) : undefined;
    const at = typed;
    track(
      (async () => {
        if (contextPath && changes)
          await call(
            'POST /api/completion/multi-file-context/update',
            '/api/completion/multi-file-context/update',
            { context_updates: { [contextPath]: changes } },
          );
        const accepted = await completeOnce(at, accepts);
        if (accepted) await acceptWithGroundTruth(accepted);
      })(),
    );
  }

  async function completeOnce(at: number, accepts: boolean): Promise<string | undefined> {
    const now = Date.now();
    const line = at % 40;
    const reply = await call<{ data: { meta_query_id: string; completions: unknown[] } }>(
      'POST /api/completion/request',
      '/api/completion/request',
      {
        model_ids: [profile.modelId],
        context: {
          prefix: `import os\n\ndef handler_${at}(event):\n    total = 0\n    for item in event:\n        total += `,
          suffix: '\n    return total\n',
          file_name: 'src/handler.py',
          context_files: ['*'],
        },
        contextual_telemetry: {
          version_id: 3,
          trigger_type_id: 2,
          language_id: 47,
          file_path: 'src/handler.py',
          caret_line: line,
          document_char_length: 400 + at,
          relative_document_position: line / 40,
        },
        behavioral_telemetry: {
          time_since_last_shown: lastRequestAt ? now - lastRequestAt : 0,
          time_since_last_accepted: lastAcceptedAt ? now - lastAcceptedAt : 0,
          typing_speed: 4,
        },
        store_context: storeContext,
        store_contextual_telemetry: true,
        store_behavioral_telemetry: true,
      },
    );
    lastRequestAt = now;
    outcome.completions += 1;
    const queryId = reply?.data.meta_query_id;
    return queryId && reply.data.completions.length > 0 && accepts ? queryId : undefined;
  }

  /** Tab: the acceptance at once, then the ground-truth checks that still fall inside the run. */
  async function acceptWithGroundTruth(queryId: string): Promise<void> {
    outcome.accepted += 1;
    lastAcceptedAt = Date.now();
    await call('POST /api/completion/feedback', '/api/completion/feedback', {
      meta_query_id: queryId,
      model_id: profile.modelId,
      was_accepted: true,
    });
    for (const delay of profile.groundTruthDelaysMs) {
      if (Date.now() + delay >= opts.endAt) {
        outcome.groundTruthAfterEnd += 1;
        continue;
      }
      track(
        sleepUntil(Date.now() + delay).then(() =>
          call('POST /api/completion/feedback (ground truth)', '/api/completion/feedback', {
            meta_query_id: queryId,
            model_id: profile.modelId,
            was_accepted: true,
            ground_truth: `        total += item.value  # ${delay / 1000}s`,
          }),
        ),
      );
    }
  }
  while (pending.size > 0) await Promise.all(pending);
  await call('PUT /api/session/deactivate', '/api/session/deactivate/');
  return outcome;
}

/** The plugin's change list for a context file: the whole file the first time, then an edited line. */
function contextChange(files: Map<string, string[]>, path: string, typed: number) {
  const lines = files.get(path);
  if (!lines) {
    const text = Array.from({ length: 30 }, (_, i) => `def helper_${i}(x):  # ${path}`);
    files.set(path, text);
    return [{ change_type: 'insert', start_line: 0, end_line: text.length - 1, new_lines: text }];
  }
  const at = typed % lines.length;
  lines[at] = `def helper_${at}(x, y={${typed}}):`;
  return [{ change_type: 'update', start_line: at, end_line: at + 1, new_lines: [lines[at]] }];
}

function exponential(rand: () => number, mean: number): number {
  return -Math.log(1 - rand()) * mean;
}

function sleepUntil(at: number): Promise<void> {
  const ms = at - Date.now();
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
