// The protocol's multi-file context line semantics (code4me2-server.md §4.2), as pure functions.
// Per file, changes apply in descending start_line order (stable), so every index refers to the text before
// the update. Lines are always strings: nothing here parses them (the Python server's B2).
import type { FileContextChange } from '../../events/index.js';

/**
 * Applies one update batch of one file. `current` is undefined for a file the server has never seen.
 *
 * Rules:
 * - unknown file: starts as [""] * max(end_line of its non-insert changes) (empty when there are only inserts);
 * - update: lines[start:end] = new_lines; insert: lines[start:start] = new_lines;
 *   remove: del lines[start:min(end, len)] — Python slice semantics, so indexes past the end append;
 * - whole-file resend: a batch that is exactly one insert at line 0 with end_line = new_lines.length - 1 and
 *   at least two lines is the plugin's first-time "here is the whole file" (it sends that when it has no
 *   local snapshot, e.g. after an IDE restart). Into a non-empty file it REPLACES the content instead of
 *   duplicating it. A one-line batch stays an insert: it cannot be told apart from inserting one line at
 *   the top (the plugin's diff inserts have end_line = start_line).
 */
export function applyFileChanges(
  current: readonly string[] | undefined,
  changes: readonly FileContextChange[],
): string[] {
  if (current && current.length > 0 && isWholeFileResend(changes)) return [...(changes[0]?.new_lines ?? [])];
  let lines: string[] = current ? [...current] : initialLines(changes);
  const ordered = [...changes].sort((a, b) => b.start_line - a.start_line);
  for (const change of ordered) lines = applyChange(lines, change);
  return lines;
}

export function isWholeFileResend(changes: readonly FileContextChange[]): boolean {
  const only = changes.length === 1 ? changes[0] : undefined;
  return (
    only !== undefined &&
    only.change_type === 'insert' &&
    only.start_line === 0 &&
    only.new_lines.length >= 2 &&
    only.end_line === only.new_lines.length - 1
  );
}

function initialLines(changes: readonly FileContextChange[]): string[] {
  const ends = changes.filter((c) => c.change_type !== 'insert').map((c) => c.end_line);
  return new Array<string>(ends.length ? Math.max(...ends) : 0).fill('');
}

export function applyChange(lines: string[], change: FileContextChange): string[] {
  const start = Math.min(change.start_line, lines.length);
  switch (change.change_type) {
    case 'update': {
      const end = Math.max(start, Math.min(change.end_line, lines.length));
      return lines.slice(0, start).concat(change.new_lines, lines.slice(end));
    }
    case 'insert':
      return lines.slice(0, start).concat(change.new_lines, lines.slice(start));
    case 'remove': {
      const end = Math.max(start, Math.min(change.end_line, lines.length));
      return lines.slice(0, start).concat(lines.slice(end));
    }
  }
}

/** The files a completion draws on: `["*"]` means every file but the current one; the current file never. */
export function selectContextFiles(
  available: readonly string[],
  requested: readonly string[],
  currentFile: string | null,
): string[] {
  const wanted =
    requested.length === 1 && requested[0] === '*'
      ? available
      : requested.filter((p) => available.includes(p));
  return [...new Set(wanted)].filter((p) => p !== currentFile);
}
