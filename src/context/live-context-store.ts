// The live multi-file context of a project (what completions may draw on). Lines are always strings.
// Implemented on Redis with a durable copy in NATS KV so it survives restarts of the API and of Redis.
import type { FileContextChange } from '../../events/index.js';

export interface AppliedContextUpdate {
  /** The updated files after the update (path → lines; emptied files left out). read() gives the whole project. */
  files: Record<string, string[]>;
  /** Per updated file: line count after applying and the change-log length. */
  summary: Record<string, { lineCount: number; changeCount: number }>;
}

export interface LiveContextStore {
  apply(projectId: string, updates: Record<string, FileContextChange[]>): Promise<AppliedContextUpdate>;
  /** The files of the project, optionally only those named. */
  read(projectId: string, paths?: string[]): Promise<Record<string, string[]>>;
  /** Per file, how many changes its log holds (for meta_query.multi_file_context_changes_indexes). */
  changeCounts(projectId: string, paths?: string[]): Promise<Record<string, number>>;
}
