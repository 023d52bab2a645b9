// Which weights a model folder holds, for the events: the registry's pinned revision when it names one, else
// the SHA-256 of the folder's SHA256SUMS manifest (which lists every file's hash), else unknown.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST_FILE = 'SHA256SUMS';

export function loadFolderRevision(dir: string, pinned?: string): string | null {
  if (pinned) return pinned;
  try {
    const manifest = readFileSync(join(dir, MANIFEST_FILE));
    return `sha256sums:${createHash('sha256').update(manifest).digest('hex')}`;
  } catch {
    return null;
  }
}
