// One completion request, end to end: check ids, build the model input, then in parallel append
// `completion.requested` and fan out to every requested model with a deadline. Failed models are recorded as
// they fail; the shown ones when the answer is assembled (so shownAt is the time it is sent). The caller
// answers only after JetStream acknowledged every event and the query record is in Redis.
import { v7 as uuidv7 } from 'uuid';
import { makeEvent, type DomainEvent, type EventIds } from '../../events/index.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import type { InferenceClient } from '../bus/inference-client.js';
import type { CompletionInput } from '../inference/model-backend.js';
import type { LiveContextStore } from '../context/live-context-store.js';
import type { ModelRegistry } from '../inference/model-registry.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { Redis } from '../platform/redis.js';
import { buildCompletionInput } from './build-completion-input.js';
import { checkRequestIds } from './check-request-ids.js';
import {
  generatedEventData,
  requestedEventData,
  shownCompletion,
  type ModelResult,
} from './completion-events.js';
import { saveQueryRecord, type QueryRecord } from './query-record.js';
import type { CompletionItem, CompletionRequestBody } from './request-schemas.js';

/** The plugin gives up after 10 s; every model's deadline ends this long after the request arrived. */
export const MAX_SERVING_MS = 8_000;

export interface CompletionDeps {
  publisher: EventPublisher;
  inference: InferenceClient;
  registry: ModelRegistry;
  contextStore: LiveContextStore;
  redis: Redis;
  clock: Clock;
  logger: Logger;
  serverVersionId: number;
}

export interface Caller {
  userId: string;
  sessionId: string;
  projectId: string;
}

export async function serveCompletion(
  deps: CompletionDeps,
  caller: Caller,
  body: CompletionRequestBody,
  correlationId?: string,
): Promise<{ queryId: string; completions: CompletionItem[] }> {
  const arrived = deps.clock.monotonicMs();
  checkRequestIds(deps.registry, body);
  const queryId = uuidv7();
  const ids: EventIds = { ...caller, queryId, correlationId: (correlationId ?? queryId).slice(0, 100) };
  const modelIds = [...new Set(body.model_ids)];
  const prepared = await buildCompletionInput(deps.contextStore, caller.projectId, body);
  const requestedData = requestedEventData(body, prepared, modelIds, deps.clock.now(), deps.serverVersionId);
  const writes: Array<Promise<Settled>> = [
    settle(deps.publisher.append(makeEvent('completion.requested', ids, requestedData))),
  ];

  const results = await Promise.all(
    modelIds.map(async (modelId) => {
      const r = await runModel(deps, modelId, prepared.input, arrived, queryId);
      if (!r.result.ok) writes.push(settle(appendGenerated(deps.publisher, ids, r, null)));
      return r;
    }),
  );

  const shownAt = deps.clock.now();
  const completions = results.flatMap((r) => shownCompletion(r) ?? []);
  for (const r of results) {
    if (r.result.ok) writes.push(settle(appendGenerated(deps.publisher, ids, r, shownAt)));
  }
  writes.push(settle(saveQueryRecord(deps.redis, queryRecord(queryId, caller, shownAt, completions))));
  await throwFirstFailure(writes, deps.logger, queryId);
  return { queryId, completions };
}

/** One model's answer, with a deadline that ends MAX_SERVING_MS after the request arrived at the latest. */
async function runModel(
  deps: CompletionDeps,
  modelId: number,
  input: CompletionInput,
  arrived: number,
  queryId: string,
): Promise<ModelResult> {
  const entry = deps.registry.models.find((m) => m.id === modelId);
  const left = MAX_SERVING_MS - (deps.clock.monotonicMs() - arrived);
  const budget = Math.max(1, Math.min(entry?.generation.deadlineMs ?? MAX_SERVING_MS, left));
  const result = await deps.inference.complete(modelId, input, budget, { queryId });
  return {
    modelId,
    modelName: entry?.name ?? `model ${modelId}`,
    result,
    servingTimeMs: deps.clock.monotonicMs() - arrived,
  };
}

function queryRecord(
  queryId: string,
  caller: Caller,
  shownAt: Date,
  completions: CompletionItem[],
): QueryRecord {
  return {
    queryId,
    ...caller,
    createdAt: shownAt.toISOString(),
    completions: completions.map((c) => ({
      modelId: c.model_id,
      modelName: c.model_name,
      completion: c.completion,
      generationTime: c.generation_time,
      confidence: c.confidence,
    })),
  };
}

function appendGenerated(
  publisher: EventPublisher,
  ids: EventIds,
  r: ModelResult,
  shownAt: Date | null,
): Promise<unknown> {
  const event: DomainEvent = makeEvent('completion.generated', ids, generatedEventData(r, shownAt));
  return publisher.append(event);
}

type Settled = { ok: true } | { ok: false; error: unknown };

/** Attaches a handler at once, so a failure while the models still run is never an unhandled rejection. */
function settle(p: Promise<unknown>): Promise<Settled> {
  return p.then(
    () => ({ ok: true }) as const,
    (error: unknown) => ({ ok: false, error }) as const,
  );
}

async function throwFirstFailure(
  pending: Array<Promise<Settled>>,
  logger: Logger,
  queryId: string,
): Promise<void> {
  const settled = await Promise.all(pending);
  const failed = settled.find((s): s is { ok: false; error: unknown } => !s.ok);
  if (!failed) return;
  logger.error({ err: failed.error, queryId }, 'completion events or query record could not be written');
  throw new AppError('generate_completions_failed', 500, 'Server failed to generate completions.');
}
