// Version 1 events of issue 8's types, as older writers stored them, read back as version 2.
import { describe, expect, it } from 'vitest';
import { decodeEvent, makeEvent, type DomainEvent } from './index.js';

const user = '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
const ids = { userId: user, sessionId: user, projectId: user, queryId: user, correlationId: 'req-1' };
const asStored = (event: DomainEvent, version: number, data: unknown): Uint8Array =>
  new TextEncoder().encode(JSON.stringify({ ...event, version, data }));

const template = makeEvent('completion.shown', ids, { shownAt: '2026-01-01T00:00:00.000Z', modelIds: [1] });

describe('upcasters of issue 8', () => {
  it('lifts a v1 request: no config, the plugin version from its contextual telemetry, no context lines', () => {
    const v1 = {
      requestedAt: '2026-01-01T00:00:00.000Z',
      modelIds: [1],
      context: null,
      contextualTelemetry: {
        versionId: 3,
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
      storeBehavioralTelemetry: true,
      multiFileContextChangesIndexes: { 'a.py': 2 },
      stopSequences: [],
      serverVersionId: 1,
    };
    const event = decodeEvent(asStored({ ...template, type: 'completion.requested' }, 1, v1));
    expect(event.version).toBe(2);
    expect(event.data).toEqual({ ...v1, configId: null, pluginVersionId: 3, multiFileContext: null });
  });

  it('lifts a v1 generation: its shown time kept as legacyShownAt, a failure without confidence', () => {
    const base = {
      modelId: 1,
      modelName: 'm',
      completion: '',
      generationTimeMs: 5,
      logprobs: [],
      servingTimeMs: 9,
    };
    const ok = { ...base, status: 'ok', confidence: 0.4, shownAt: '2026-01-01T00:00:01.000Z', error: null };
    const failed = {
      ...base,
      status: 'failed',
      confidence: 0,
      shownAt: null,
      error: { code: 'x', message: 'y' },
    };
    const type = 'completion.generated';
    expect(decodeEvent(asStored({ ...template, type }, 1, ok)).data).toMatchObject({
      confidence: 0.4,
      tokens: null,
      modelRevision: null,
      generation: null,
      legacyShownAt: '2026-01-01T00:00:01.000Z',
    });
    expect(decodeEvent(asStored({ ...template, type }, 1, failed)).data).toMatchObject({
      confidence: null,
      legacyShownAt: null,
    });
  });

  it('lifts a v1 context update without claiming the changes it dropped were stored', () => {
    const v1 = {
      updatedAt: '2026-01-01T00:00:00.000Z',
      stored: true,
      changes: { 'a.py': [] },
      files: { 'a.py': { lineCount: 1, changeCount: 1 }, 'big.py': { lineCount: 9, changeCount: 1 } },
    };
    const event = decodeEvent(asStored({ ...template, type: 'context.updated' }, 1, v1));
    expect(event.data).toEqual({
      updatedAt: v1.updatedAt,
      stored: true,
      changes: { 'a.py': [] },
      files: {
        'a.py': { lineCount: 1, changeCount: 1, changesOmitted: null },
        'big.py': { lineCount: 9, changeCount: 1, changesOmitted: 'event_size_limit' },
      },
      part: { index: 1, count: 1 },
    });
  });

  it('refuses a v2 generation whose tokens and log-probabilities fall out of step', () => {
    expect(() =>
      makeEvent('completion.generated', ids, {
        modelId: 1,
        modelName: 'm',
        status: 'ok',
        completion: 'ab',
        generationTimeMs: 1,
        confidence: null,
        tokens: ['a', 'b'],
        logprobs: [-1],
        servingTimeMs: 1,
        modelRevision: null,
        generation: null,
        legacyShownAt: null,
        error: null,
      }),
    ).toThrow(/same length/);
  });
});
