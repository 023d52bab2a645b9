// Dynamic batching: concurrent requests to one model share decoding steps. A newcomer is prefilled alone,
// its cache is merged into the running batch (rows left-padded to a common length, attention_mask 0 on the
// padding), every row then gains one token per step, and finished or aborted rows leave between steps.
import { assembleKvCache, emptyKvCache, type CacheRow, type KvCache } from './kv-cache.js';
import type { OnnxModel } from './load-onnx-model.js';
import { runForward } from './forward.js';
import {
  acceptLogits,
  createSequence,
  sequenceResult,
  type GenerationRequest,
  type GenerationResult,
  type Sequence,
  type Vocabulary,
} from './sequence.js';

export interface BatchSchedulerOptions {
  /** Most rows decoded together; more requests wait for a row to leave. */
  maxBatch?: number;
}

export interface BatchScheduler {
  submit(request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult>;
  /** Rejects everything waiting or running and resolves when the loop has stopped. */
  close(): Promise<void>;
  readonly stats: { decodeSteps: number; decodedRows: number; prefills: number };
}

interface Row {
  seq: Sequence;
  signal: AbortSignal;
  resolve: (r: GenerationResult) => void;
  reject: (e: Error) => void;
  /** Real positions of this row in the cache. */
  pastLength: number;
  /** Sampled token not yet fed to the model. */
  next: number;
}

/** The scheduler's state; only the functions below touch it, and only one step runs at a time. */
interface Batch {
  model: OnnxModel;
  vocab: Vocabulary;
  maxBatch: number;
  stats: BatchScheduler['stats'];
  pending: Row[];
  /** Every submitted request not yet settled, including one in the middle of its prefill. */
  live: Set<Row>;
  rows: Row[];
  cache: KvCache;
  loop: Promise<void> | undefined;
  closed: boolean;
}

export function createBatchScheduler(
  model: OnnxModel,
  vocab: Vocabulary,
  options: BatchSchedulerOptions = {},
): BatchScheduler {
  const batch: Batch = {
    model,
    vocab,
    maxBatch: options.maxBatch ?? 8,
    stats: { decodeSteps: 0, decodedRows: 0, prefills: 0 },
    pending: [],
    live: new Set(),
    rows: [],
    cache: emptyKvCache(model, 0),
    loop: undefined,
    closed: false,
  };
  return {
    stats: batch.stats,
    submit: (request, signal) => submit(batch, request, signal),
    close: async () => {
      batch.closed = true;
      for (const r of [...batch.live]) r.reject(new Error('the model is closed'));
      batch.pending.length = 0;
      await batch.loop;
    },
  };
}

function submit(batch: Batch, request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult> {
  return new Promise<GenerationResult>((resolve, reject) => {
    if (batch.closed) return reject(new Error('the model is closed'));
    if (signal.aborted) return reject(signal.reason as Error);
    const row: Row = {
      seq: createSequence(request),
      signal,
      resolve: (r) => batch.live.delete(row) && resolve(r),
      reject: (e) => batch.live.delete(row) && reject(e),
      pastLength: 0,
      next: 0,
    };
    batch.live.add(row);
    batch.pending.push(row);
    pump(batch);
  });
}

/** Starts the decoding loop unless it runs; a request arriving as it winds down restarts it. */
function pump(batch: Batch): void {
  batch.loop ??= run(batch).finally(() => {
    batch.loop = undefined;
    if (!batch.closed && batch.pending.length > 0) pump(batch);
  });
}

async function run(batch: Batch): Promise<void> {
  while (!batch.closed && (batch.pending.length > 0 || batch.rows.length > 0)) {
    try {
      // Requests waiting behind a full batch learn of their deadline too, not only once admitted.
      batch.pending = batch.pending.filter((r) => !abortIfSignalled(r));
      await admit(batch);
      retain(batch, (r) => !abortIfSignalled(r));
      if (batch.rows.length > 0) await decodeStep(batch);
    } catch (error) {
      // A failed step leaves the cache unusable: fail the batch, keep serving the queue.
      for (const r of batch.rows) r.reject(error as Error);
      batch.rows = [];
      batch.cache = emptyKvCache(batch.model, 0);
    }
  }
}

/** Prefills waiting requests while there is room and merges their caches into the running batch. */
async function admit(batch: Batch): Promise<void> {
  const joined: { r: Row; source: CacheRow }[] = [];
  while (batch.pending.length > 0 && batch.rows.length + joined.length < batch.maxBatch && !batch.closed) {
    const r = batch.pending.shift() as Row;
    const source = await prefill(batch.model, batch.vocab, r, batch.stats);
    if (source) joined.push({ r, source });
  }
  if (joined.length === 0) return;
  const sources = [
    ...batch.rows.map((_, row) => ({ cache: batch.cache, row })),
    ...joined.map((j) => j.source),
  ];
  batch.rows = [...batch.rows, ...joined.map((j) => j.r)];
  batch.cache = assembleRows(batch.model, sources, batch.rows);
}

/** One token for every row; finished rows are resolved and leave. */
async function decodeStep(batch: Batch): Promise<void> {
  const inputs = batch.rows.map((r) => ({ ids: [r.next], pastLength: r.pastLength }));
  const out = await runForward(batch.model, inputs, batch.cache);
  batch.stats.decodeSteps++;
  batch.stats.decodedRows += batch.rows.length;
  batch.cache = out.present;
  batch.rows.forEach((r, b) => {
    r.pastLength++;
    r.next = acceptLogits(r.seq, out.lastLogits(b), batch.vocab);
    if (r.seq.finished !== null) r.resolve(sequenceResult(r.seq));
  });
  retain(batch, (r) => r.seq.finished === null);
}

/** Keeps the rows `keep` admits, rebuilding the cache only when some left. */
function retain(batch: Batch, keep: (r: Row) => boolean): void {
  const kept = batch.rows.map((r, row) => ({ r, row })).filter(({ r }) => keep(r));
  if (kept.length === batch.rows.length) return;
  batch.rows = kept.map(({ r }) => r);
  const sources = kept.map(({ row }) => ({ cache: batch.cache, row }));
  batch.cache = assembleRows(batch.model, sources, batch.rows);
}

/** Runs a newcomer's prompt alone; returns its one-row cache, or nothing when it already finished. */
async function prefill(
  model: OnnxModel,
  vocab: Vocabulary,
  r: Row,
  stats: { prefills: number },
): Promise<CacheRow | undefined> {
  if (abortIfSignalled(r)) return undefined;
  if (r.seq.finished !== null) {
    r.resolve(sequenceResult(r.seq));
    return undefined;
  }
  try {
    const ids = r.seq.request.promptIds;
    const out = await runForward(model, [{ ids, pastLength: 0 }], emptyKvCache(model, 1));
    stats.prefills++;
    r.pastLength = ids.length;
    r.next = acceptLogits(r.seq, out.lastLogits(0), vocab);
    if (r.seq.finished === null) return { cache: out.present, row: 0 };
    r.resolve(sequenceResult(r.seq));
  } catch (error) {
    r.reject(error as Error);
  }
  return undefined;
}

function abortIfSignalled(r: Row): boolean {
  if (!r.signal.aborted) return false;
  r.reject(r.signal.reason as Error);
  return true;
}

/** A cache just long enough for the longest row, so padding shared by every row is dropped. */
function assembleRows(model: OnnxModel, sources: CacheRow[], rows: Row[]): KvCache {
  if (rows.length === 0) return emptyKvCache(model, 0);
  const length = Math.max(...rows.map((r) => r.pastLength));
  const only = sources[0]?.cache;
  // A lone newcomer (the common case when traffic is light) keeps its prefill cache without a copy.
  const unchanged =
    only &&
    only.length === length &&
    only.batch === sources.length &&
    sources.every((s, i) => s.cache === only && s.row === i);
  return unchanged ? only : assembleKvCache(model, sources, length);
}
