// Feedback on a shown completion (acceptance, and the plugin's delayed ground-truth snapshots): checked
// against the query record written before the completion was answered, then appended as an event, each
// call with its own receive time.
import { makeEvent } from '../../events/index.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import type { ModelRegistry } from '../inference/model-registry.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db.js';
import { Errors } from '../platform/errors.js';
import type { Redis } from '../platform/redis.js';
import { redactSecrets } from '../privacy/redact-secrets.js';
import { loadQueryRecord, type QueryRecord } from './query-record.js';
import type { FeedbackBody } from './request-schemas.js';
import type { Caller } from './serve-completion.js';

export type FeedbackDecision = 'accept' | 'query_not_found' | 'forbidden' | 'generation_not_found';

export function decideFeedback(
  record: QueryRecord | null,
  userId: string,
  modelId: number,
): FeedbackDecision {
  if (!record) return 'query_not_found';
  if (record.userId !== userId) return 'forbidden';
  if (!record.completions.some((c) => c.modelId === modelId)) return 'generation_not_found';
  return 'accept';
}

export interface FeedbackDeps {
  publisher: EventPublisher;
  redis: Redis;
  db: Db;
  registry: ModelRegistry;
  clock: Clock;
}

export async function recordFeedback(
  deps: FeedbackDeps,
  caller: Caller,
  body: FeedbackBody,
  correlationId?: string,
): Promise<void> {
  const queryId = body.meta_query_id.toLowerCase();
  const record = await loadQueryRecord(deps, queryId);
  const decision = decideFeedback(record, caller.userId, body.model_id);
  if (decision === 'query_not_found' || decision === 'generation_not_found')
    throw Errors.generationNotFound();
  if (decision === 'forbidden') throw Errors.noFeedbackAccess();
  const groundTruth = body.ground_truth ? redactSecrets(body.ground_truth) : null;
  const event = makeEvent(
    'completion.feedback',
    { ...caller, queryId, correlationId: (correlationId ?? queryId).slice(0, 100) },
    {
      modelId: body.model_id,
      wasAccepted: body.was_accepted,
      groundTruth,
      receivedAt: deps.clock.now().toISOString(),
    },
  );
  await deps.publisher.append(event);
}
