// Builders of the events of one completion query for projection tests, with realistic defaults.
import { v7 as uuidv7 } from 'uuid';
import { makeEvent, type DomainEvent, type EventDataMap } from '../../events/index.js';

export interface QueryIds {
  userId: string;
  sessionId: string;
  projectId: string;
  queryId: string;
  correlationId: string;
}

export function newQueryIds(base: Partial<QueryIds> = {}): QueryIds {
  return {
    userId: uuidv7(),
    sessionId: uuidv7(),
    projectId: uuidv7(),
    queryId: uuidv7(),
    correlationId: `req-${uuidv7()}`,
    ...base,
  };
}

export function requested(
  ids: QueryIds,
  data: Partial<EventDataMap['completion.requested']> = {},
): DomainEvent<'completion.requested'> {
  return makeEvent('completion.requested', ids, {
    requestedAt: '2026-03-01T10:00:00.000Z',
    modelIds: [1, 2],
    context: null,
    contextualTelemetry: null,
    behavioralTelemetry: null,
    storeContext: false,
    storeContextualTelemetry: false,
    storeBehavioralTelemetry: false,
    multiFileContextChangesIndexes: {},
    stopSequences: [],
    serverVersionId: 1,
    configId: 1,
    pluginVersionId: 3,
    multiFileContext: null,
    ...data,
  });
}

export function generated(
  ids: QueryIds,
  data: Partial<EventDataMap['completion.generated']> = {},
): DomainEvent<'completion.generated'> {
  return makeEvent('completion.generated', ids, {
    modelId: 1,
    modelName: 'deepseek-coder-1.3b',
    status: 'ok',
    completion: 'return x;',
    generationTimeMs: 100,
    confidence: 0.5,
    tokens: ['return x;'],
    logprobs: [-0.5],
    servingTimeMs: 180,
    modelRevision: 'sha256sums:0123',
    generation: { maxNewTokens: 64, temperature: 0, topP: 1, stop: ['\n\n'], deadlineMs: 5000 },
    legacyShownAt: null,
    error: null,
    ...data,
  });
}

export function shown(
  ids: QueryIds,
  data: Partial<EventDataMap['completion.shown']> = {},
): DomainEvent<'completion.shown'> {
  return makeEvent('completion.shown', ids, {
    shownAt: '2026-03-01T10:00:00.200Z',
    modelIds: [1],
    ...data,
  });
}

/**
 * An event as an older writer stored it: the envelope of `event` with version 1 and v1 `data` (not checked
 * here; the codec checks it when the projection reads it).
 */
export function asVersion1<T extends DomainEvent>(event: T, data: unknown): T {
  return { ...event, version: 1, data };
}

export type RequestedV1Data = Omit<
  EventDataMap['completion.requested'],
  'configId' | 'pluginVersionId' | 'multiFileContext'
>;

export interface RequestedV1Values {
  requestedAt: string;
  modelIds: number[];
  /** The plugin version, which version 1 kept only in the contextual telemetry. */
  versionId: number;
  multiFileContextChangesIndexes: Record<string, number>;
}

/**
 * The data of a completion.requested event as version 1 wrote it (no configId, no pluginVersionId, no
 * multiFileContext): contextual telemetry with only its ids, no context and no behavioural telemetry.
 */
export function requestedV1Data(v: RequestedV1Values): RequestedV1Data {
  return {
    requestedAt: v.requestedAt,
    modelIds: v.modelIds,
    context: null,
    contextualTelemetry: {
      versionId: v.versionId,
      triggerTypeId: 1,
      languageId: 47,
      filePath: null,
      caretLine: null,
      documentCharLength: null,
      relativeDocumentPosition: null,
    },
    behavioralTelemetry: null,
    storeContext: false,
    storeContextualTelemetry: true,
    storeBehavioralTelemetry: false,
    multiFileContextChangesIndexes: v.multiFileContextChangesIndexes,
    stopSequences: [],
    serverVersionId: 1,
  };
}

export function feedback(
  ids: QueryIds,
  data: Partial<EventDataMap['completion.feedback']> = {},
): DomainEvent<'completion.feedback'> {
  return makeEvent('completion.feedback', ids, {
    modelId: 1,
    wasAccepted: true,
    groundTruth: null,
    receivedAt: '2026-03-01T10:00:01.000Z',
    ...data,
  });
}
