// What the analytics read model knows of one query: its request's dimensions and, per model that answered
// (status ok), the facts a later event needs. Pure transitions, one per event type, shared by the projectors
// and the bulk fold; a transition returns the same object when the event changes nothing (a redelivery), and
// new objects only for what it changed.
import type { DomainEvent } from '../../events/index.js';
import { scoreSnapshot } from '../../src/analytics/survival-score.js';
import { required } from '../runner/read-model.js';

const HOUR_MS = 3_600_000;

export interface RequestRecord {
  queryId: string;
  userId: string;
  requestedAt: number;
  /** Start of the request's UTC hour, epoch milliseconds. */
  bucket: number;
  /** 0 where unknown (the request stored no contextual telemetry). */
  languageId: number;
  triggerTypeId: number;
  pluginVersionId: number;
  configId: number | null;
  seq: number;
}

/** One ground-truth snapshot, scored against the completion when it arrived. */
export interface TruthRecord {
  at: number;
  /** Edit similarity 0..100 in micro-units (rounded). */
  es: number;
  retained: boolean;
}

export interface GenerationRecord {
  queryId: string;
  modelId: number;
  userId: string | null;
  confidence: number | null;
  completion: string;
  /** The completion's length in code points. */
  chars: number;
  generationMs: number;
  servingMs: number;
  shown: boolean;
  accepted: boolean;
  /** When the first feedback saying accepted arrived (the anchor of the snapshot slots). */
  acceptedAt: number | null;
  /** Stream sequence of the latest feedback applied. */
  feedbackSeq: number | null;
  truths: TruthRecord[];
  seq: number;
}

export interface QueryState {
  request: RequestRecord | null;
  /** In model id order. */
  generations: GenerationRecord[];
}

export const emptyQueryState = (): QueryState => ({ request: null, generations: [] });

export function applyRequested(
  s: QueryState,
  e: DomainEvent<'completion.requested'>,
  seq: number,
): QueryState {
  if (s.request) return s;
  const ct = e.data.contextualTelemetry;
  const requestedAt = Date.parse(e.data.requestedAt);
  const request: RequestRecord = {
    queryId: required(e.queryId, 'queryId').toLowerCase(),
    userId: required(e.userId, 'userId').toLowerCase(),
    requestedAt,
    bucket: Math.floor(requestedAt / HOUR_MS) * HOUR_MS,
    languageId: ct?.languageId ?? 0,
    triggerTypeId: ct?.triggerTypeId ?? 0,
    pluginVersionId: e.data.pluginVersionId ?? ct?.versionId ?? 0,
    configId: e.data.configId,
    seq,
  };
  return { ...s, request };
}

export function applyGenerated(
  s: QueryState,
  e: DomainEvent<'completion.generated'>,
  seq: number,
): QueryState {
  const d = e.data;
  if (d.status !== 'ok' || s.generations.some((g) => g.modelId === d.modelId)) return s;
  const generation: GenerationRecord = {
    queryId: required(e.queryId, 'queryId').toLowerCase(),
    modelId: d.modelId,
    userId: e.userId?.toLowerCase() ?? null,
    confidence: d.confidence,
    completion: d.completion,
    chars: [...d.completion].length,
    generationMs: d.generationTimeMs,
    servingMs: d.servingTimeMs,
    shown: d.legacyShownAt !== null,
    accepted: false,
    acceptedAt: null,
    feedbackSeq: null,
    truths: [],
    seq,
  };
  const generations = [...s.generations, generation].sort((a, b) => a.modelId - b.modelId);
  return { ...s, generations };
}

export function applyShown(s: QueryState, e: DomainEvent<'completion.shown'>, seq: number): QueryState {
  const models = new Set(e.data.modelIds);
  let changed = false;
  const generations = s.generations.map((g) => {
    if (g.shown || !models.has(g.modelId)) return g;
    changed = true;
    return { ...g, shown: true, seq };
  });
  return changed ? { ...s, generations } : s;
}

/** The latest feedback wins; a snapshot is scored once, when it arrives (one per arrival time). */
export function applyFeedback(s: QueryState, e: DomainEvent<'completion.feedback'>, seq: number): QueryState {
  const d = e.data;
  const at = Date.parse(d.receivedAt);
  let changed = false;
  const generations = s.generations.map((g) => {
    if (g.modelId !== d.modelId || (g.feedbackSeq !== null && seq <= g.feedbackSeq)) return g;
    changed = true;
    const acceptedAt = g.acceptedAt ?? (d.wasAccepted ? at : null);
    const next = { ...g, accepted: d.wasAccepted, acceptedAt, feedbackSeq: seq, seq };
    if (d.groundTruth === null || g.truths.some((t) => t.at === at)) return next;
    const score = scoreSnapshot(g.completion, d.groundTruth);
    if (!score) return next;
    const truth = { at, es: Math.round(score.editSimilarity * 1e6), retained: score.retained };
    return { ...next, truths: [...g.truths, truth] };
  });
  return changed ? { ...s, generations } : s;
}
