// One completion request, end to end: check ids, build the model input, then in parallel append
// `completion.requested` and fan out to every requested model with a deadline. Failed models are recorded as
// they fail, the others when the answer is assembled, with the query record in Redis. Only once all of those
// are acknowledged is `completion.shown` appended: it alone says the plugin was shown the completions, and
// the caller answers only after it is acknowledged too.
import { settle, throwFirstFailure, type Settled } from './settled-writes.js';
import { v7 as uuidv7 } from 'uuid';
import { makeEvent, type EventIds } from '../../events/index.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import type { InferenceClient } from '../bus/inference-client.js';
import type { CompletionInput, EffectiveGenerationParams } from '../inference/model-backend.js';
import type { LiveContextStore } from '../context/live-context-store.js';
import type { ModelEntry, ModelRegistry } from '../inference/model-registry.js';
import type { Clock } from '../platform/clock.js';
import { dependencyOutageOf } from '../platform/dependency-outage.js';
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
import { completionRequestedEvent } from './completion-requested-event.js';
import { saveQueryRecord, type QueryRecord } from './query-record.js';
import type { CompletionItem, CompletionRequestBody } from './request-schemas.js';
import type { UserConfigLookup } from './user-config-lookup.js';

/** The plugin gives up after 10 s; every model's deadline ends this long after the request arrived. */
export const MAX_SERVING_MS = 8_000;
/** Every append of the request gives up this long after it arrived, so that the answer (a 503 while NATS is down) comes in time. */
export const MAX_ANSWER_MS = 9_000;

export interface CompletionDeps {
  publisher: EventPublisher;
  inference: InferenceClient;
  registry: ModelRegistry;
  contextStore: LiveContextStore;
  redis: Redis;
  clock: Clock;
  logger: Logger;
  serverVersionId: number;
  /** The user's config id, cached: the completion path makes no PostgreSQL round trip per request. */
  userConfig: UserConfigLookup;
  /** Largest encoded event the NATS server takes (maxEventBytesOf). */
  maxEventBytes: number;
}

export interface Caller {
  userId: string;
  sessionId: string;
  projectId: string;
}

export interface ServedCompletion {
  queryId: string;
  completions: CompletionItem[];
  /** The models that gave no completion, and why (`model_unavailable`, `deadline_exceeded`, ...). */
  failures: Array<{ modelId: number; modelName: string; code: string }>;
}

export async function serveCompletion(
  deps: CompletionDeps,
  caller: Caller,
  body: CompletionRequestBody,
  correlationId?: string,
): Promise<ServedCompletion> {
  const arrived = deps.clock.monotonicMs();
  checkRequestIds(deps.registry, body);
  const queryId = uuidv7();
  const ids: EventIds = { ...caller, queryId, correlationId: (correlationId ?? queryId).slice(0, 100) };
  const modelIds = [...new Set(body.model_ids)];
  const [prepared, configId] = await Promise.all([
    buildCompletionInput(deps.contextStore, caller.projectId, body),
    deps.userConfig.configIdOf(caller.userId),
  ]);
  const facts = { modelIds, requestedAt: deps.clock.now(), serverVersionId: deps.serverVersionId, configId };
  const requested = completionRequestedEvent(
    ids,
    requestedEventData(body, prepared, facts),
    deps.maxEventBytes,
  );
  const writes: Array<Promise<Settled>> = [
    settle(deps.publisher.append(requested, { timeoutMs: answerTimeLeft(deps, arrived) })),
  ];

  const results = await Promise.all(
    modelIds.map(async (modelId) => {
      const r = await runModel(deps, modelId, prepared.input, arrived, queryId);
      if (!r.result.ok) writes.push(appendGenerated(deps, ids, r, arrived));
      return r;
    }),
  );
  const completions = results.flatMap((r) => shownCompletion(r) ?? []);
  for (const r of results) if (r.result.ok) writes.push(appendGenerated(deps, ids, r, arrived));
  writes.push(
    settle(saveQueryRecord(deps.redis, queryRecord(queryId, caller, deps.clock.now(), completions))),
  );
  await throwFirstFailure(writes, (err) => writeFailed(deps.logger, err, queryId));
  await appendShown(deps, ids, completions, answerTimeLeft(deps, arrived));
  const failures = results.flatMap((r) =>
    r.result.ok ? [] : [{ modelId: r.modelId, modelName: r.modelName, code: r.result.error.code }],
  );
  return { queryId, completions, failures };
}

/** What is left of MAX_ANSWER_MS for an append (plain functions here: a closure per request costs a name each). */
function answerTimeLeft(deps: CompletionDeps, arrived: number): number {
  return Math.max(1, MAX_ANSWER_MS - (deps.clock.monotonicMs() - arrived));
}

function appendGenerated(
  deps: CompletionDeps,
  ids: EventIds,
  r: ModelResult,
  arrived: number,
): Promise<Settled> {
  const event = makeEvent('completion.generated', ids, generatedEventData(r));
  return settle(deps.publisher.append(event, { timeoutMs: answerTimeLeft(deps, arrived) }));
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
    deadlineMs: budget,
    configured: configuredParams(entry, input),
  };
}

function configuredParams(entry: ModelEntry | undefined, input: CompletionInput): EffectiveGenerationParams {
  const gen = entry?.generation ?? { maxNewTokens: 64, temperature: 0, topP: 1, stop: [] };
  return {
    maxNewTokens: input.maxNewTokens ?? gen.maxNewTokens,
    temperature: gen.temperature,
    topP: gen.topP,
    stop: [...new Set([...gen.stop, ...input.stopSequences].filter((s) => s.length > 0))],
  };
}

/** The plugin is about to get the completions: recorded last, so that it never claims what was not written. */
async function appendShown(
  deps: CompletionDeps,
  ids: EventIds,
  completions: CompletionItem[],
  timeoutMs: number,
): Promise<void> {
  if (completions.length === 0) return;
  const data = { shownAt: deps.clock.now().toISOString(), modelIds: completions.map((c) => c.model_id) };
  const shown = deps.publisher.append(makeEvent('completion.shown', ids, data), { timeoutMs });
  await throwFirstFailure([settle(shown)], (err) => writeFailed(deps.logger, err, ids.queryId ?? ''));
}

function queryRecord(
  queryId: string,
  caller: Caller,
  createdAt: Date,
  completions: CompletionItem[],
): QueryRecord {
  return {
    queryId,
    ...caller,
    createdAt: createdAt.toISOString(),
    completions: completions.map((c) => ({
      modelId: c.model_id,
      modelName: c.model_name,
      completion: c.completion,
      generationTime: c.generation_time,
      confidence: c.confidence,
    })),
  };
}

/** A backing service that is down goes on as it is: the error handler answers it 503 with Retry-After. */
function writeFailed(logger: Logger, err: unknown, queryId: string): Error {
  if (err instanceof Error && dependencyOutageOf(err)) return err;
  logger.error({ err, queryId }, 'completion events or query record could not be written');
  return new AppError('generate_completions_failed', 500, 'Server failed to generate completions.');
}
