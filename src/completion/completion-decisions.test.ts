import { describe, expect, it } from 'vitest';
import { ModelRegistrySchema } from '../inference/model-registry.js';
import { checkRequestIds } from './check-request-ids.js';
import {
  generatedEventData,
  requestedEventData,
  shownCompletion,
  type ModelResult,
} from './completion-events.js';
import { decideFeedback } from './record-feedback.js';
import type { QueryRecord } from './query-record.js';
import type { CompletionRequestBody } from './request-schemas.js';

const registry = ModelRegistrySchema.parse({
  models: [
    {
      id: 1,
      name: 'm1',
      fullName: 'x/m1',
      kind: 'completion',
      backend: 'test',
      behaviour: 'echo',
      promptFormat: 'plain',
    },
  ],
});
const body = (over: Partial<CompletionRequestBody> = {}): CompletionRequestBody => ({
  model_ids: [1],
  context: { prefix: 'p', suffix: 's', file_name: 'a.py' },
  contextual_telemetry: { version_id: 1, trigger_type_id: 1, language_id: 47 },
  behavioral_telemetry: { time_since_last_shown: 10.6 },
  ...over,
});
const configured = { maxNewTokens: 16, temperature: 0, topP: 1, stop: ['\n'] };
const ok: ModelResult = {
  modelId: 1,
  modelName: 'm1',
  servingTimeMs: 12.4,
  deadlineMs: 2000,
  configured,
  result: {
    ok: true,
    elapsedMs: 11,
    output: {
      completion: 'x',
      generationTimeMs: 9.6,
      confidence: 1.2,
      tokens: ['x', ''],
      logprobs: [-0.1, Number.NEGATIVE_INFINITY],
      revision: 'sha256sums:abc',
      parameters: { maxNewTokens: 8, temperature: 0.2, topP: 0.9, stop: ['\n', 'END'] },
    },
  },
};
/** `ok`'s model with another answer, given in 3 ms. */
const okWith = (output: Extract<ModelResult['result'], { ok: true }>['output']): ModelResult => ({
  ...ok,
  result: { ok: true, elapsedMs: 3, output },
});
const failed: ModelResult = {
  modelId: 2,
  modelName: 'm2',
  servingTimeMs: 5,
  deadlineMs: 300,
  configured,
  result: { ok: false, elapsedMs: 5, error: { code: 'model_failed', message: 'boom' } },
};
const facts = { modelIds: [1], requestedAt: new Date(0), serverVersionId: 1, configId: 3 };

describe('checkRequestIds', () => {
  it('accepts the seed ids and registry models', () => {
    expect(() => checkRequestIds(registry, body())).not.toThrow();
  });
  it('rejects ids outside the seeds or the registry with a 422', () => {
    expect(() =>
      checkRequestIds(
        registry,
        body({ contextual_telemetry: { version_id: 5, trigger_type_id: 1, language_id: 1 } }),
      ),
    ).toThrow(/plugin version/);
    expect(() => checkRequestIds(registry, body({ model_ids: [1, 9] }))).toThrow(/unknown model id 9/);
  });
});

describe('completion events', () => {
  it('uses the Python defaults for the store flags: context off, telemetry on', () => {
    const prepared = {
      input: { prefix: 'p', suffix: 's', fileName: 'a.py', contextFiles: [], stopSequences: [] },
      selectedText: null,
      changeIndexes: {},
      contextLines: {},
    };
    const data = requestedEventData(body(), prepared, facts);
    expect(data.context).toBeNull();
    expect(data.contextualTelemetry).toMatchObject({ languageId: 47, filePath: null });
    expect(data.behavioralTelemetry).toEqual({
      timeSinceLastShown: 11,
      timeSinceLastAccepted: null,
      typingSpeed: null,
    });
  });

  it('records a query with every store flag off (Python B5) with no context or telemetry at all', () => {
    const prepared = {
      input: { prefix: 'p', suffix: 's', fileName: 'a.py', contextFiles: [], stopSequences: [] },
      selectedText: null,
      changeIndexes: {},
      contextLines: { 'b.py': ['b = 1'] },
    };
    const off = body({
      store_context: false,
      store_contextual_telemetry: false,
      store_behavioral_telemetry: false,
    });
    const data = requestedEventData(off, prepared, facts);
    expect([data.context, data.contextualTelemetry, data.behavioralTelemetry]).toEqual([null, null, null]);
    expect(data.multiFileContext).toBeNull();
  });

  it('keeps the config and the plugin version whatever the telemetry flags say', () => {
    const prepared = {
      input: { prefix: 'p', suffix: 's', fileName: 'a.py', contextFiles: [], stopSequences: [] },
      selectedText: null,
      changeIndexes: {},
      contextLines: {},
    };
    const off = body({ store_contextual_telemetry: false, store_behavioral_telemetry: false });
    expect(requestedEventData(off, prepared, facts)).toMatchObject({
      contextualTelemetry: null,
      configId: 3,
      pluginVersionId: 1,
    });
  });

  it('shows only successful models with integer times and confidence within [0, 1]', () => {
    expect(shownCompletion(ok)).toEqual({
      model_id: 1,
      model_name: 'm1',
      completion: 'x',
      generation_time: 10,
      confidence: 1,
    });
    expect(shownCompletion(failed)).toBeNull();
  });

  it('records failures with their error, no confidence and the parameters the registry configured', () => {
    expect(generatedEventData(failed)).toMatchObject({
      status: 'failed',
      legacyShownAt: null,
      confidence: null,
      modelRevision: null,
      generation: { ...configured, deadlineMs: 300 },
      error: { code: 'model_failed' },
    });
  });

  it('keeps every token beside its log-probability, a non-finite one as null, with revision and parameters', () => {
    expect(generatedEventData(ok)).toMatchObject({
      status: 'ok',
      confidence: 1,
      tokens: ['x', ''],
      logprobs: [-0.1, null],
      servingTimeMs: 12,
      modelRevision: 'sha256sums:abc',
      generation: { maxNewTokens: 8, temperature: 0.2, topP: 0.9, stop: ['\n', 'END'], deadlineMs: 2000 },
      legacyShownAt: null,
    });
  });

  it('records no confidence for a model that reports none, and sends the plugin a number all the same', () => {
    const silent = okWith({ completion: 'y', generationTimeMs: 2, confidence: null, logprobs: [] });
    expect(generatedEventData(silent)).toMatchObject({
      confidence: null,
      tokens: null,
      generation: configured,
    });
    expect(shownCompletion(silent)?.confidence).toBe(0);
  });

  it('keeps no token texts that hold a secret the completion had redacted', () => {
    const secret = 'password = "hunter2!"';
    const leaky = okWith({
      completion: secret,
      generationTimeMs: 2,
      confidence: 0.5,
      tokens: [secret],
      logprobs: [-1],
    });
    expect(generatedEventData(leaky)).toMatchObject({ completion: 'password = "<hidden>"', tokens: null });
  });

  it('keeps no token texts that hold a secret even when they spell more than the completion', () => {
    // A worker cuts the completion at a stop sequence while its tokens go on: the tokens are checked on their own.
    const leaky = okWith({
      completion: 'x = 1',
      generationTimeMs: 2,
      confidence: 0.5,
      tokens: ['x = 1', '\npassword = "hunter2!"'],
      logprobs: [-1, -1],
    });
    expect(generatedEventData(leaky)).toMatchObject({ completion: 'x = 1', tokens: null });
    expect(shownCompletion(leaky)?.completion).toBe('x = 1');
  });
});

describe('decideFeedback', () => {
  const record: QueryRecord = {
    queryId: 'q',
    userId: 'u1',
    sessionId: 's',
    projectId: 'p',
    createdAt: '',
    completions: [{ modelId: 1, modelName: 'm1', completion: 'x', generationTime: 1, confidence: 0.5 }],
  };
  it('accepts the owner’s feedback on a shown model', () =>
    expect(decideFeedback(record, 'u1', 1)).toBe('accept'));
  it('refuses another user', () => expect(decideFeedback(record, 'u2', 1)).toBe('forbidden'));
  it('finds no generation for a model that was not shown', () =>
    expect(decideFeedback(record, 'u1', 2)).toBe('generation_not_found'));
  it('finds no query without a record', () => expect(decideFeedback(null, 'u1', 1)).toBe('query_not_found'));
});
