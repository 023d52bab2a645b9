// The `context_change` rows of one context.updated event at stream sequence `seq` (one per file of `files`),
// shared by the projector and the bulk fold. A row holds the file's changes only when this event carries them
// (changesOmitted null); `changes_omitted` says why the others do not.
import type { DomainEvent } from '../../events/index.js';
import { required } from '../runner/index.js';

export interface ContextChangeRow {
  event_id: string;
  project_id: string;
  session_id: string;
  user_id: string | null;
  file_path: string;
  /** JSON text of the file's changes (jsonb), null when they were not stored. */
  changes: string | null;
  line_count: number;
  change_count: number;
  stored: boolean;
  updated_at: string;
  changes_omitted: 'not_stored' | 'event_size_limit' | null;
  stream_seq: number;
}

export function contextChangeRows(event: DomainEvent<'context.updated'>, seq: number): ContextChangeRow[] {
  const { data } = event;
  return Object.entries(data.files).map(([file, summary]) => {
    const changes = summary.changesOmitted === null ? data.changes[file] : undefined;
    return {
      event_id: event.id,
      project_id: required(event.projectId, 'projectId'),
      session_id: required(event.sessionId, 'sessionId'),
      user_id: event.userId,
      file_path: file,
      changes: changes ? JSON.stringify(changes) : null,
      line_count: summary.lineCount,
      change_count: summary.changeCount,
      stored: changes !== undefined,
      updated_at: data.updatedAt,
      changes_omitted: summary.changesOmitted,
      stream_seq: seq,
    };
  });
}
