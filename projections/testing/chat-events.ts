// Builders of the events of one chat turn for projection tests, with realistic defaults.
import { v7 as uuidv7 } from 'uuid';
import { makeEvent, type DomainEvent, type EventDataMap } from '../../events/index.js';
import type { QueryIds } from './query-events.js';

export function chatRequested(
  ids: QueryIds,
  chatId: string,
  data: Partial<EventDataMap['chat.requested']> = {},
): DomainEvent<'chat.requested'> {
  return makeEvent('chat.requested', ids, {
    chatId,
    requestedAt: '2026-03-01T10:00:00.000Z',
    modelIds: [3],
    userMessage: 'How do I add two numbers?',
    systemPrompt: 'You are a helpful assistant.',
    priorMessages: 0,
    firstTurn: true,
    context: null,
    contextOmitted: null,
    contextualTelemetry: null,
    behavioralTelemetry: null,
    storeContext: false,
    storeContextualTelemetry: false,
    storeBehavioralTelemetry: false,
    webEnabled: false,
    multiFileContextChangesIndexes: {},
    serverVersionId: 1,
    configId: 1,
    ...data,
  });
}

export function chatAnswered(
  ids: QueryIds,
  chatId: string,
  data: Partial<EventDataMap['chat.answered']> = {},
): DomainEvent<'chat.answered'> {
  return makeEvent('chat.answered', ids, {
    chatId,
    answeredAt: '2026-03-01T10:00:02.000Z',
    title: 'Adding numbers',
    responses: [
      {
        modelId: 3,
        modelName: 'Ministral-8B-Instruct',
        status: 'ok',
        answer: 'Use a + b.',
        modelTitle: 'Adding numbers',
        generationTimeMs: 1800,
        servingTimeMs: 1900,
        modelRevision: 'configured=m',
        generation: { maxNewTokens: 256, temperature: 0, topP: 1, stop: [], deadlineMs: 60_000 },
        error: null,
      },
    ],
    ...data,
  });
}

export function chatDeleted(ids: QueryIds, chatId: string): DomainEvent<'chat.deleted'> {
  return makeEvent(
    'chat.deleted',
    { ...ids, queryId: null, correlationId: `req-${uuidv7()}` },
    { chatId, deletedAt: '2026-03-01T11:00:00.000Z' },
  );
}
