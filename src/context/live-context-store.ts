// The live multi-file context of a project (what completions may draw on). Lines are always strings.
// Implemented on Redis with a durable copy in NATS KV so it survives restarts of the API and of Redis.
import type { FileContextChange } from '../../events/index.js';

export interface AppliedContextUpdate {
  /** The updated files after the update (path → lines; emptied files left out). read() gives the whole project. */
  files: Record<string, string[]>;
  /** Per updated file: line count after applying and the change-log length. */
  summary: Record<string, { lineCount: number; changeCount: number }>;
}

/** One file as completions see it: its lines and the length of its change log, read together. */
export interface ContextFileSnapshot {
  lines: string[];
  changeCount: number;
}

export interface LiveContextStore {
  /**
   * Computes the update purely from the current state, hands the result to `record` (which appends the
   * update's events) and writes it only once `record` resolved: when `record` throws nothing is written.
   * Updates of one project are serialised, across API processes too.
   */
  update(
    projectId: string,
    updates: Record<string, FileContextChange[]>,
    record: (result: AppliedContextUpdate) => Promise<void>,
  ): Promise<AppliedContextUpdate>;
  /**
   * Forgets the project's whole context, in Redis and in KV (account erasure); returns the files purged. Under
   * the project's lock, so no update in flight writes after it.
   */
  erase(projectId: string): Promise<number>;
  /** The files of the project, optionally only those named. */
  read(projectId: string, paths?: string[]): Promise<Record<string, string[]>>;
  /** The non-empty files of the project (or those named) with their change-log lengths. */
  snapshot(projectId: string, paths?: string[]): Promise<Record<string, ContextFileSnapshot>>;
  /** Per file, how many changes its log holds (for meta_query.multi_file_context_changes_indexes). */
  changeCounts(projectId: string, paths?: string[]): Promise<Record<string, number>>;
}
