// A multi-file context update: applied to the live context, then recorded as `context.updated` before the
// plugin gets its answer. The raw changes (secrets redacted) are kept only when the user's store_context
// preference allows it; the per-file summary always is.
import { makeEvent, type FileContextChange } from '../../events/index.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import type { LiveContextStore } from '../context/live-context-store.js';
import type { Clock } from '../platform/clock.js';
import { redactLines } from '../privacy/redact-secrets.js';
import type { MultiFileContextBody } from './request-schemas.js';
import type { Caller } from './serve-completion.js';

export interface ContextUpdateDeps {
  contextStore: LiveContextStore;
  publisher: EventPublisher;
  clock: Clock;
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
  const applied = await deps.contextStore.apply(caller.projectId, updates);
  const changes = storeContext ? redactChanges(updates) : {};
  const event = makeEvent(
    'context.updated',
    { ...caller, correlationId: (correlationId ?? `ctx-${deps.clock.now().getTime()}`).slice(0, 100) },
    { updatedAt: deps.clock.now().toISOString(), stored: storeContext, changes, files: applied.summary },
  );
  await deps.publisher.append(event);
  return applied.files;
}

/** Changes of one event stay under this size (a JetStream message holds 1 MiB); larger files keep only the summary. */
export const MAX_RECORDED_CHANGES_CHARS = 600_000;

function redactChanges(updates: Record<string, FileContextChange[]>): Record<string, FileContextChange[]> {
  let budget = MAX_RECORDED_CHANGES_CHARS;
  const out: Record<string, FileContextChange[]> = {};
  for (const [path, list] of Object.entries(updates)) {
    const redacted = redactFileChanges(list);
    const size = JSON.stringify(redacted).length + path.length;
    if (size > budget) continue;
    out[path] = redacted;
    budget -= size;
  }
  return out;
}

function redactFileChanges(list: FileContextChange[]): FileContextChange[] {
  return list.map((c) => ({
    change_type: c.change_type,
    start_line: c.start_line,
    end_line: c.end_line,
    new_lines: redactLines(c.new_lines),
  }));
}
