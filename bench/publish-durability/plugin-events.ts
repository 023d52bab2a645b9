// The events one plugin completion appends, built with the event codec as the API builds them: the request
// (with its context, store_context on), one generation, its completion.shown, the acceptance, and a multi-file context update.
import { v7 as uuidv7 } from 'uuid';
import { makeEvent, type DomainEvent, type EventIds } from '../../events/index.js';

/** Python-like source lines, so the context is the size and shape of a real file's neighbourhood. */
function codeLines(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return n % 4 === 0
      ? `def handler_${n}(request, session):`
      : `    total_${n} = compute(request.items[${n}], session)`;
  });
}

/** Five events, about 11 KB together; each append takes one of them with a fresh id (the dedupe key). */
export function pluginEventMix(): DomainEvent[] {
  const ids: EventIds = {
    userId: uuidv7(),
    sessionId: uuidv7(),
    projectId: uuidv7(),
    queryId: uuidv7(),
    correlationId: uuidv7(),
  };
  const now = new Date().toISOString();
  return [
    makeEvent('completion.requested', ids, {
      requestedAt: now,
      modelIds: [1],
      context: {
        prefix: codeLines(60).join('\n'),
        suffix: codeLines(15, 61).join('\n'),
        fileName: 'src/service/handlers.py',
        selectedText: null,
        contextFiles: ['src/service/models.py'],
      },
      contextualTelemetry: {
        versionId: 3,
        triggerTypeId: 2,
        languageId: 47,
        filePath: 'src/service/handlers.py',
        caretLine: 60,
        documentCharLength: 5400,
        relativeDocumentPosition: 0.8,
      },
      behavioralTelemetry: { timeSinceLastShown: 1200, timeSinceLastAccepted: 5000, typingSpeed: 4.2 },
      storeContext: true,
      storeContextualTelemetry: true,
      storeBehavioralTelemetry: true,
      multiFileContextChangesIndexes: { 'src/service/models.py': 3 },
      stopSequences: ['\n\n'],
      serverVersionId: 1,
      configId: 1,
      pluginVersionId: 3,
      multiFileContext: { 'src/service/models.py': { changeCount: 3, lines: codeLines(40), omitted: null } },
    }),
    makeEvent('completion.generated', ids, {
      modelId: 1,
      modelName: 'code4me-tiny',
      status: 'ok',
      completion: 'compute(request.items[61], session)\n    return total',
      generationTimeMs: 41,
      confidence: 0.72,
      tokens: Array.from({ length: 24 }, (_, i) => `tok${i}`),
      logprobs: Array.from({ length: 24 }, (_, i) => -0.05 * (i + 1)),
      servingTimeMs: 48,
      modelRevision: 'sha256sums:0123',
      generation: { maxNewTokens: 64, temperature: 0, topP: 1, stop: ['\n\n'], deadlineMs: 5000 },
      legacyShownAt: null,
      error: null,
    }),
    makeEvent('completion.shown', ids, { shownAt: now, modelIds: [1] }),
    makeEvent('completion.feedback', ids, {
      modelId: 1,
      wasAccepted: true,
      groundTruth: null,
      receivedAt: now,
    }),
    makeEvent('context.updated', ids, {
      updatedAt: now,
      stored: true,
      changes: {
        'src/service/models.py': [
          { change_type: 'update', start_line: 10, end_line: 40, new_lines: codeLines(31, 10) },
        ],
      },
      files: { 'src/service/models.py': { lineCount: 120, changeCount: 4, changesOmitted: null } },
      part: { index: 1, count: 1 },
    }),
  ];
}
