// One record per query for the queries bulk fold: its meta_query row (kept as COPY text, since requests and
// generations rewrite it), the row numbers of everything that hangs off it in the RowBuffers (context files
// included), and the indexes an erasure needs (queries by user; feedback event ids, unique across the table).
import { COPY_NULL } from '../bulk/copy-text.js';
import type { RowBuffer } from '../bulk/row-buffer.js';
import type { QueryRowBuffers } from './bulk-query-tables.js';

/** Which 1:1 rows the current meta_query row points at. */
export const POINTS_AT_CONTEXT = 1;
export const POINTS_AT_CONTEXTUAL = 2;
export const POINTS_AT_BEHAVIORAL = 4;

/** Flat pairs [key, row number, key, row number, ...]: a query has one to a few of each. */
export type Pairs<K> = (K | number)[] | null;

export interface QueryRecord {
  /** Lowercased query id, also written as the rows' id. */
  id: string;
  /** meta_query's user, session and project as COPY fields (one string per session, shared). */
  owner: string | null;
  /** meta_query's other COPY fields (META_REST_COLUMNS); null while the query has no row. */
  meta: string | null;
  /** Stream sequence of the event that created the meta_query and completion_query rows. */
  seq: number;
  total: number | null;
  /** Lowercased user_id of the meta_query row (the erasure index's key). */
  user: string | null;
  pointers: number;
  /** Row numbers in the 1:1 tables, -1 for none; they outlive a request that stops pointing at them. */
  context: number;
  contextual: number;
  behavioral: number;
  generations: Pairs<number>;
  failures: Pairs<number>;
  /** query_context_file rows by file path (as PostgreSQL compares it). */
  files: Pairs<string>;
  feedback: Pairs<string>;
  truths: Pairs<string>;
}

export class QueryRecords {
  private readonly queries = new Map<string, QueryRecord>();
  private readonly byUser = new Map<string, Set<QueryRecord>>();
  private readonly feedbackIds = new Set<string>();
  private readonly owners = new Map<string, string>();

  constructor(private readonly rows: QueryRowBuffers) {}

  get(id: string): QueryRecord | undefined {
    return this.queries.get(id.toLowerCase());
  }

  getOrCreate(id: string): QueryRecord {
    const key = id.toLowerCase();
    let q = this.queries.get(key);
    if (!q) {
      q = {
        id: key,
        meta: null,
        seq: 0,
        total: null,
        user: null,
        pointers: 0,
        context: -1,
        contextual: -1,
        behavioral: -1,
      } as QueryRecord;
      q.generations = q.failures = q.files = q.feedback = q.truths = null;
      this.queries.set(key, q);
    }
    return q;
  }

  /**
   * Sets the query's meta_query row: `owner` and `rest` are its COPY fields, `pointers` its 1:1 ids, `seq` the
   * event's sequence (the row's stream_seq when this creates it).
   */
  setMeta(
    q: QueryRecord,
    owner: string,
    rest: string,
    userId: string | null,
    pointers: number,
    seq: number,
  ): void {
    if (q.meta === null) q.seq = seq;
    const user = userId === null ? null : userId.toLowerCase();
    if (q.meta === null || q.user !== user) {
      if (q.meta !== null && q.user !== null) this.byUser.get(q.user)?.delete(q);
      if (user !== null) this.userSet(user).add(q);
      q.user = user;
    }
    q.owner = this.owners.get(owner) ?? (this.owners.set(owner, owner), owner);
    q.meta = rest;
    q.pointers = pointers;
  }

  hasFeedback(eventKey: string): boolean {
    return this.feedbackIds.has(eventKey);
  }

  addFeedback(q: QueryRecord, eventKey: string, row: number): void {
    this.feedbackIds.add(eventKey);
    q.feedback = pushPair(q.feedback, eventKey, row);
  }

  /** Deletes the user's meta_query rows, what cascades from them and the 1:1 rows they point at. */
  eraseUser(userId: string): void {
    const user = userId.toLowerCase();
    for (const q of this.byUser.get(user) ?? []) this.erase(q);
    this.byUser.delete(user);
  }

  *metaLines(): Generator<string> {
    let batch = '';
    for (const q of this.queries.values()) {
      if (q.meta === null) continue;
      const id = (bit: number) => (q.pointers & bit ? q.id : COPY_NULL);
      const total = q.total === null ? COPY_NULL : String(q.total);
      batch += `${q.id}\t${q.owner}\t${q.meta}\t${id(POINTS_AT_CONTEXTUAL)}\t${id(POINTS_AT_BEHAVIORAL)}`;
      batch += `\t${id(POINTS_AT_CONTEXT)}\t${total}\t${q.seq}\n`;
      if (batch.length >= 1 << 16) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }

  /** completion_query has a row exactly where meta_query has one (both written together, both cascaded). */
  *completionLines(): Generator<string> {
    let batch = '';
    for (const q of this.queries.values()) {
      if (q.meta === null) continue;
      batch += `${q.id}\t${q.seq}\n`;
      if (batch.length >= 1 << 16) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }

  private erase(q: QueryRecord): void {
    const { rows } = this;
    if (q.pointers & POINTS_AT_CONTEXT && q.context >= 0) q.context = deleted(rows.context, q.context);
    if (q.pointers & POINTS_AT_CONTEXTUAL && q.contextual >= 0)
      q.contextual = deleted(rows.contextual, q.contextual);
    if (q.pointers & POINTS_AT_BEHAVIORAL && q.behavioral >= 0)
      q.behavioral = deleted(rows.behavioral, q.behavioral);
    deletePairs(rows.hadGeneration, q.generations);
    deletePairs(rows.failedGeneration, q.failures);
    deletePairs(rows.contextFile, q.files);
    deletePairs(rows.groundTruth, q.truths);
    deletePairs(rows.feedback, q.feedback);
    for (let i = 0; q.feedback && i < q.feedback.length; i += 2)
      this.feedbackIds.delete(q.feedback[i] as string);
    q.generations = q.failures = q.files = q.feedback = q.truths = null;
    q.owner = q.meta = q.total = q.user = null;
    q.pointers = 0;
    if (q.context < 0 && q.contextual < 0 && q.behavioral < 0) this.queries.delete(q.id);
  }

  private userSet(user: string): Set<QueryRecord> {
    let set = this.byUser.get(user);
    if (!set) this.byUser.set(user, (set = new Set()));
    return set;
  }
}

/** Replaces the row number stored under `key` (which must be there). */
export function setPair<K>(pairs: Pairs<K>, key: K, row: number): void {
  for (let i = 0; pairs && i < pairs.length; i += 2) if (pairs[i] === key) pairs[i + 1] = row;
}

/** The row number stored under `key`, or -1. */
export function findPair<K>(pairs: Pairs<K>, key: K): number {
  if (pairs === null) return -1;
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === key) return pairs[i + 1] as number;
  return -1;
}

export function pushPair<K>(pairs: Pairs<K>, key: K, row: number): (K | number)[] {
  if (pairs === null) return [key, row];
  pairs.push(key, row);
  return pairs;
}

function deletePairs<K>(buffer: RowBuffer, pairs: Pairs<K>): void {
  for (let i = 0; pairs && i < pairs.length; i += 2) buffer.delete(pairs[i + 1] as number);
}

function deleted(buffer: RowBuffer, row: number): number {
  buffer.delete(row);
  return -1;
}
