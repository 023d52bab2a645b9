// A multi-file context update: computed from the live context, recorded as `context.updated` (one event, or
// several when it is too large for one), and only then written to the live context, before the plugin gets
// its answer. The raw changes (secrets redacted) are kept only when the user's store_context preference
// allows it; the per-file summary always is.
import type { FileContextChange } from '../../events/index.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import type { AppliedContextUpdate, LiveContextStore } from '../context/live-context-store.js';
import { ContextBusyError } from '../context/project-lock.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { redactLines } from '../privacy/redact-secrets.js';
import { contextUpdatedEvents } from './context-events.js';
import type { MultiFileContextBody } from './request-schemas.js';
import type { Caller } from './serve-completion.js';

export interface ContextUpdateDeps {
  contextStore: LiveContextStore;
  publisher: EventPublisher;
  clock: Clock;
  /** Largest encoded event the NATS server takes (maxEventBytesOf). */
  maxEventBytes: number;
}

/** Returns the updated files' lines (not the whole project: the plugin ignores `data`, D6). */
export async function updateMultiFileContext(
  deps: ContextUpdateDeps,
  caller: Caller,
  body: MultiFileContextBody,
  storeContext: boolean,
  correlationId?: string,
): Promise<Record<string, string[]>> {
  const updates: Record<string, FileContextChange[]> = body.context_updates;
  const now = deps.clock.now();
  const ids = { ...caller, correlationId: (correlationId ?? `ctx-${now.getTime()}`).slice(0, 100) };
  const changes = storeContext ? redactChanges(updates) : null;
  const record = async (result: AppliedContextUpdate): Promise<void> => {
    const facts = { updatedAt: now.toISOString(), changes, summary: result.summary };
    await deps.publisher.appendAll(contextUpdatedEvents(ids, facts, deps.maxEventBytes));
  };
  try {
    return (await deps.contextStore.update(caller.projectId, updates, record)).files;
  } catch (err) {
    if (err instanceof ContextBusyError)
      throw new AppError('context_busy', 503, 'The multi-file context is busy; try again.');
    throw err;
  }
}

function redactChanges(updates: Record<string, FileContextChange[]>): Record<string, FileContextChange[]> {
  const out: Record<string, FileContextChange[]> = {};
  for (const [path, list] of Object.entries(updates)) {
    out[path] = list.map((c) => ({
      change_type: c.change_type,
      start_line: c.start_line,
      end_line: c.end_line,
      new_lines: redactLines(c.new_lines),
    }));
  }
  return out;
}
