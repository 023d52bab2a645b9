// The context.updated events of one multi-file context update, fitted to the event size limit: files are
// packed into as few events as fit (a large update is split by file, each event says which part it is), and a
// file whose changes alone exceed one event keeps its counts with changesOmitted `event_size_limit`. Without the
// user's store_context the events name no file at all.
import { makeEvent, type DomainEvent, type EventDataMap, type EventIds } from '../../events/index.js';
import type { FileContextChange } from '../../events/index.js';
import { encodedEventBytes, jsonBytes } from '../bus/event-size.js';
import type { AppliedContextUpdate } from '../context/live-context-store.js';

type Summary = EventDataMap['context.updated']['files'][string];

export interface ContextUpdateFacts {
  updatedAt: string;
  /** Redacted changes per file, or null when the user's store_context is off. */
  changes: Record<string, FileContextChange[]> | null;
  summary: AppliedContextUpdate['summary'];
}

interface Part {
  files: Record<string, Summary>;
  changes: Record<string, FileContextChange[]>;
  bytes: number;
}

// Room for the digits of `part` growing from {index: 1, count: 1} to several digits.
const PART_DIGITS_ROOM = 32;

export function contextUpdatedEvents(
  ids: EventIds,
  facts: ContextUpdateFacts,
  maxEventBytes: number,
): Array<DomainEvent<'context.updated'>> {
  const base = encodedEventBytes(partEvent(ids, facts, { files: {}, changes: {}, bytes: 0 }, 1, 1));
  const empty = (): Part => ({ files: {}, changes: {}, bytes: base + PART_DIGITS_ROOM });
  const parts: Part[] = [empty()];
  // Without store_context the event names no file: a path is context (the plugin's own context_files), so the
  // update is recorded as having happened, with no file, line or count (docs/security.md, Store flags).
  const named = facts.changes === null ? {} : facts.summary;
  for (const [path, counts] of Object.entries(named)) {
    const changes = facts.changes?.[path];
    let summary: Summary = { ...counts, changesOmitted: changes ? null : 'not_stored' };
    let bytes = entryBytes(path, summary) + (changes ? entryBytes(path, changes) : 0);
    if (changes && empty().bytes + bytes > maxEventBytes) {
      summary = { ...counts, changesOmitted: 'event_size_limit' };
      bytes = entryBytes(path, summary);
    }
    let part = parts[parts.length - 1] ?? empty();
    if (part.bytes + bytes > maxEventBytes && Object.keys(part.files).length > 0) {
      part = empty();
      parts.push(part);
    }
    part.files[path] = summary;
    if (summary.changesOmitted === null && changes) part.changes[path] = changes;
    part.bytes += bytes;
  }
  return parts.map((p, i) => partEvent(ids, facts, p, i + 1, parts.length));
}

/** Bytes of `"key":value,` inside an object. */
function entryBytes(key: string, value: unknown): number {
  return jsonBytes(key) + 1 + jsonBytes(value) + 1;
}

function partEvent(
  ids: EventIds,
  facts: ContextUpdateFacts,
  part: Part,
  index: number,
  count: number,
): DomainEvent<'context.updated'> {
  return makeEvent('context.updated', ids, {
    updatedAt: facts.updatedAt,
    stored: facts.changes !== null,
    changes: part.changes,
    files: part.files,
    part: { index, count },
  });
}
