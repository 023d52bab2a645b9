// The contexts read model folded in memory for a rebuild into empty tables: each context.updated adds its
// rows unless (event id, file) is already there, an erasure drops the user's rows, then one COPY loads
// context_change. Rows are kept as COPY lines in off-heap buffers (the stored changes are most of the bytes).
import type { DomainEvent } from '../../events/index.js';
import { copyRows } from '../bulk/copy-rows.js';
import { copyLine, type CopyColumns } from '../bulk/copy-text.js';
import { rejectionReason } from '../bulk/fold-reasons.js';
import { RowBuffer } from '../bulk/row-buffer.js';
import { textKey } from '../bulk/text-key.js';
import { required, type BulkFold } from '../runner/read-model.js';
import { contextChangeRows, type ContextChangeRow } from './context-change-rows.js';

const COLUMNS: CopyColumns<ContextChangeRow> = [
  ['event_id', 'plain'],
  ['project_id', 'plain'],
  ['session_id', 'plain'],
  ['user_id', 'plain'],
  ['file_path', 'text'],
  ['changes', 'json'],
  ['line_count', 'int'],
  ['change_count', 'int'],
  ['stored', 'bool'],
  ['updated_at', 'plain'],
  ['changes_omitted', 'plain'],
  ['stream_seq', 'int'],
];

export function createContextsBulkFold(): BulkFold {
  const rows = new RowBuffer();
  /** (lowercased event id + file path as a key) → row number. */
  const keys = new Map<string, number>();
  const byUser = new Map<string, string[]>();

  const contextUpdated = (event: DomainEvent<'context.updated'>, seq: number): void => {
    const built = contextChangeRows(event, seq);
    for (const row of built) {
      const key = row.event_id.toLowerCase() + textKey(row.file_path);
      if (keys.has(key)) continue;
      keys.set(key, rows.add(copyLine(COLUMNS, row)));
      if (row.user_id !== null) userKeys(byUser, row.user_id).push(key);
    }
  };

  const userErased = (event: DomainEvent<'user.erased'>): void => {
    if (!event.data.deleteData) return;
    const user = required(event.userId, 'userId').toLowerCase();
    for (const key of byUser.get(user) ?? []) {
      rows.delete(keys.get(key)!);
      keys.delete(key);
    }
    byUser.delete(user);
  };

  return {
    add(event, seq) {
      try {
        if (event.type === 'context.updated') contextUpdated(event as DomainEvent<'context.updated'>, seq);
        else if (event.type === 'user.erased') userErased(event as DomainEvent<'user.erased'>);
        return null;
      } catch (err) {
        return rejectionReason(err);
      }
    },
    write: (client) => copyRows(client, 'context_change', COLUMNS, rows.slices()),
  };
}

function userKeys(byUser: Map<string, string[]>, userId: string): string[] {
  const key = userId.toLowerCase();
  let list = byUser.get(key);
  if (!list) byUser.set(key, (list = []));
  return list;
}
