// The `context_change` rows of one context.updated event (one per file), shared by the projector and the bulk
// fold so the event-to-row mapping is written once. The raw changes are kept only when the user's
// store_context allowed it.
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
}

export function contextChangeRows(event: DomainEvent<'context.updated'>): ContextChangeRow[] {
  const { data } = event;
  const files = [...new Set([...Object.keys(data.files), ...Object.keys(data.changes)])];
  return files.map((file) => {
    const changes = data.stored ? data.changes[file] : undefined;
    return {
      event_id: event.id,
      project_id: required(event.projectId, 'projectId'),
      session_id: required(event.sessionId, 'sessionId'),
      user_id: event.userId,
      file_path: file,
      changes: changes ? JSON.stringify(changes) : null,
      line_count: data.files[file]?.lineCount ?? 0,
      change_count: data.files[file]?.changeCount ?? 0,
      stored: data.stored,
      updated_at: data.updatedAt,
    };
  });
}
