// Given completion events → when the queries read model projects them → then the Python server's research
// rows, field by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../events/index.js';
import { eventually } from '../../tests/support/eventually.js';
import {
  createProjectionTestEnv,
  waitForMetaQuery,
  type ProjectionTestEnv,
} from '../testing/projection-test-env.js';
import {
  asVersion1,
  feedback,
  generated,
  newQueryIds,
  requested,
  requestedV1Data,
  shown,
} from '../testing/query-events.js';
import { readCheckpoint } from '../runner/index.js';
import { queriesReadModel } from './index.js';

let env: ProjectionTestEnv;

beforeAll(async () => {
  env = await createProjectionTestEnv();
  env.workers([queriesReadModel]).start();
});
afterAll(async () => {
  await env?.cleanup();
});

/** Appends one after the other; returns their stream sequences. */
async function appendInOrder(
  ...events: Parameters<ProjectionTestEnv['publisher']['append']>[0][]
): Promise<number[]> {
  const seqs: number[] = [];
  for (const e of events) seqs.push((await env.publisher.append(e)).seq);
  return seqs;
}

describe('queries read model', () => {
  it('writes a request with its context, telemetry, generations, feedback and ground truth field by field', async () => {
    const ids = newQueryIds();
    const q = ids.queryId;
    const failedGeneration = generated(ids, {
      modelId: 2,
      status: 'failed',
      completion: '',
      generationTimeMs: 2000,
      confidence: null,
      tokens: [],
      logprobs: [],
      servingTimeMs: 2005,
      modelRevision: null,
      generation: { maxNewTokens: 32, temperature: 0, topP: 1, stop: ['\n'], deadlineMs: 2000 },
      error: { code: 'deadline', message: 'model 2 missed the deadline' },
    });
    const [requestSeq, generatedSeq, failedSeq, shownSeq, ...feedbackSeqs] = await appendInOrder(
      requested(ids, {
        requestedAt: '2026-03-01T10:00:00.000Z',
        context: { prefix: 'def f(', suffix: ')', fileName: 'a.py', selectedText: null, contextFiles: ['*'] },
        contextualTelemetry: {
          versionId: 3,
          triggerTypeId: 2,
          languageId: 47,
          filePath: 'src/a.py',
          caretLine: 12,
          documentCharLength: 400,
          relativeDocumentPosition: 0.25,
        },
        behavioralTelemetry: { timeSinceLastShown: 1500, timeSinceLastAccepted: null, typingSpeed: 3.5 },
        storeContext: true,
        storeContextualTelemetry: true,
        storeBehavioralTelemetry: true,
        multiFileContextChangesIndexes: { 'b.py': 4 },
        serverVersionId: 7,
        configId: 2,
        pluginVersionId: 3,
        multiFileContext: {
          'b.py': { changeCount: 4, lines: ['def g():', '    return 1'], omitted: null },
          'big.py': { changeCount: 9, lines: null, omitted: 'event_size_limit' },
        },
      }),
      generated(ids, {
        modelId: 1,
        completion: 'x):',
        generationTimeMs: 120,
        confidence: 0.81,
        tokens: ['x', '):'],
        logprobs: [-0.1, -0.25],
        servingTimeMs: 310,
      }),
      failedGeneration,
      shown(ids, { shownAt: '2026-03-01T10:00:00.300Z', modelIds: [1] }),
      feedback(ids, {
        modelId: 1,
        wasAccepted: true,
        groundTruth: null,
        receivedAt: '2026-03-01T10:00:01.000Z',
      }),
      feedback(ids, {
        modelId: 1,
        wasAccepted: true,
        groundTruth: 'f(x):',
        receivedAt: '2026-03-01T10:00:16.000Z',
      }),
      feedback(ids, {
        modelId: 1,
        wasAccepted: false,
        groundTruth: 'f(y):',
        receivedAt: '2026-03-01T10:00:46.000Z',
      }),
    );
    const db = env.db;
    await eventually(async () =>
      expect(await db.selectFrom('feedback').where('meta_query_id', '=', q).execute()).toHaveLength(3),
    );

    expect(await db.selectFrom('meta_query').selectAll().where('meta_query_id', '=', q).execute()).toEqual([
      {
        meta_query_id: q,
        user_id: ids.userId,
        contextual_telemetry_id: q,
        behavioral_telemetry_id: q,
        context_id: q,
        session_id: ids.sessionId,
        project_id: ids.projectId,
        multi_file_context_changes_indexes: { 'b.py': 4 },
        timestamp: new Date('2026-03-01T10:00:00.000Z'),
        total_serving_time: 2005,
        server_version_id: 7,
        query_type: 'completion',
        config_id: 2,
        plugin_version_id: 3,
        stream_seq: requestSeq,
        request_seq: requestSeq,
      },
    ]);
    expect(
      await db
        .selectFrom('query_context_file')
        .selectAll()
        .where('meta_query_id', '=', q)
        .orderBy('file_path')
        .execute(),
    ).toEqual([
      {
        meta_query_id: q,
        file_path: 'b.py',
        change_count: 4,
        lines: ['def g():', '    return 1'],
        omitted: null,
        stream_seq: requestSeq,
      },
      {
        meta_query_id: q,
        file_path: 'big.py',
        change_count: 9,
        lines: null,
        omitted: 'event_size_limit',
        stream_seq: requestSeq,
      },
    ]);
    expect(
      await db.selectFrom('completion_query').selectAll().where('meta_query_id', '=', q).execute(),
    ).toEqual([{ meta_query_id: q, stream_seq: requestSeq }]);
    expect(await db.selectFrom('context').selectAll().where('context_id', '=', q).execute()).toEqual([
      {
        context_id: q,
        prefix: 'def f(',
        suffix: ')',
        file_name: 'a.py',
        selected_text: null,
        stream_seq: requestSeq,
      },
    ]);
    expect(
      await db
        .selectFrom('contextual_telemetry')
        .selectAll()
        .where('contextual_telemetry_id', '=', q)
        .execute(),
    ).toEqual([
      {
        contextual_telemetry_id: q,
        version_id: 3,
        trigger_type_id: 2,
        language_id: 47,
        file_path: 'src/a.py',
        caret_line: 12,
        document_char_length: 400,
        relative_document_position: 0.25,
        stream_seq: requestSeq,
      },
    ]);
    expect(
      await db
        .selectFrom('behavioral_telemetry')
        .selectAll()
        .where('behavioral_telemetry_id', '=', q)
        .execute(),
    ).toEqual([
      {
        behavioral_telemetry_id: q,
        time_since_last_shown: 1500,
        time_since_last_accepted: null,
        typing_speed: 3.5,
        stream_seq: requestSeq,
      },
    ]);
    expect(
      await db.selectFrom('had_generation').selectAll().where('meta_query_id', '=', q).execute(),
    ).toEqual([
      {
        meta_query_id: q,
        model_id: 1,
        completion: 'x):',
        generation_time: 120,
        shown_at: [new Date('2026-03-01T10:00:00.300Z')],
        was_accepted: false, // the last feedback call wins
        confidence: 0.81,
        logprobs: [-0.1, -0.25],
        tokens: ['x', '):'],
        serving_time: 310,
        model_revision: 'sha256sums:0123',
        generation_parameters: {
          maxNewTokens: 64,
          temperature: 0,
          topP: 1,
          stop: ['\n\n'],
          deadlineMs: 5000,
        },
        stream_seq: generatedSeq,
        shown_seq: shownSeq,
      },
    ]);
    const failed = await db
      .selectFrom('failed_generation')
      .selectAll()
      .where('meta_query_id', '=', q)
      .execute();
    expect(failed).toEqual([
      {
        meta_query_id: q,
        model_id: 2,
        error_code: 'deadline',
        error_message: 'model 2 missed the deadline',
        generation_time: 2000,
        failed_at: new Date(failedGeneration.occurredAt),
        serving_time: 2005,
        generation_parameters: { maxNewTokens: 32, temperature: 0, topP: 1, stop: ['\n'], deadlineMs: 2000 },
        stream_seq: failedSeq,
      },
    ]);
    const calls = await db
      .selectFrom('feedback')
      .select(['model_id', 'was_accepted', 'ground_truth', 'received_at', 'stream_seq'])
      .where('meta_query_id', '=', q)
      .orderBy('received_at')
      .execute();
    expect(calls).toEqual([
      {
        model_id: 1,
        was_accepted: true,
        ground_truth: null,
        received_at: new Date('2026-03-01T10:00:01.000Z'),
        stream_seq: feedbackSeqs[0],
      },
      {
        model_id: 1,
        was_accepted: true,
        ground_truth: 'f(x):',
        received_at: new Date('2026-03-01T10:00:16.000Z'),
        stream_seq: feedbackSeqs[1],
      },
      {
        model_id: 1,
        was_accepted: false,
        ground_truth: 'f(y):',
        received_at: new Date('2026-03-01T10:00:46.000Z'),
        stream_seq: feedbackSeqs[2],
      },
    ]);
    expect(
      await db
        .selectFrom('ground_truth')
        .selectAll()
        .where('completion_query_id', '=', q)
        .orderBy('truth_timestamp')
        .execute(),
    ).toEqual([
      {
        completion_query_id: q,
        truth_timestamp: new Date('2026-03-01T10:00:16.000Z'),
        ground_truth: 'f(x):',
        model_id: 1,
        stream_seq: feedbackSeqs[1],
      },
      {
        completion_query_id: q,
        truth_timestamp: new Date('2026-03-01T10:00:46.000Z'),
        ground_truth: 'f(y):',
        model_id: 1,
        stream_seq: feedbackSeqs[2],
      },
    ]);
  });

  it('keeps no context or telemetry rows when the request did not store them, whatever the order of its events', async () => {
    const ids = newQueryIds();
    const q = ids.queryId;
    // The generation reaches the stream before its request: the request completes the stub row.
    const [generatedSeq, requestSeq] = await appendInOrder(
      generated(ids, { servingTimeMs: 90 }),
      requested(ids, { requestedAt: '2026-03-02T08:00:00.000Z' }),
    );
    await eventually(async () =>
      expect(
        await env.db.selectFrom('meta_query').selectAll().where('meta_query_id', '=', q).executeTakeFirst(),
      ).toMatchObject({
        context_id: null,
        contextual_telemetry_id: null,
        behavioral_telemetry_id: null,
        timestamp: new Date('2026-03-02T08:00:00.000Z'),
        total_serving_time: 90,
        server_version_id: 1,
        stream_seq: generatedSeq, // the stub's: the row exists from the generation on
        request_seq: requestSeq,
      }),
    );
    expect(
      await env.db.selectFrom('completion_query').selectAll().where('meta_query_id', '=', q).execute(),
    ).toEqual([{ meta_query_id: q, stream_seq: generatedSeq }]);
    for (const [table, column] of [
      ['context', 'context_id'],
      ['contextual_telemetry', 'contextual_telemetry_id'],
      ['behavioral_telemetry', 'behavioral_telemetry_id'],
    ] as const) {
      expect(await env.db.selectFrom(table).select(column).where(column, '=', q).execute()).toEqual([]);
    }
    expect(
      await env.db.selectFrom('had_generation').select('model_id').where('meta_query_id', '=', q).execute(),
    ).toEqual([{ model_id: 1 }]);
  });

  it('marks a generation shown only by completion.shown, so one the plugin never got is never shown', async () => {
    const ids = newQueryIds();
    const q = ids.queryId;
    const other = newQueryIds();
    const seqs = await appendInOrder(
      requested(ids),
      generated(ids, { modelId: 1 }),
      generated(ids, { modelId: 2, confidence: null, tokens: ['a', 'b'], logprobs: [-0.5, null] }),
      // The failed write: no completion.shown for this query; the next query shows only one of its models.
      requested(other),
      generated(other, { modelId: 1 }),
      generated(other, { modelId: 2 }),
      shown(other, { shownAt: '2026-03-01T10:00:02.000Z', modelIds: [2] }),
    );
    const rows = async (queryId: string) =>
      env.db
        .selectFrom('had_generation')
        .select(['model_id', 'shown_at', 'confidence', 'tokens', 'logprobs'])
        .where('meta_query_id', '=', queryId)
        .orderBy('model_id')
        .execute();
    await eventually(async () => expect((await rows(other.queryId))[1]?.shown_at).toHaveLength(1));
    expect(await rows(q)).toEqual([
      { model_id: 1, shown_at: [], confidence: 0.5, tokens: ['return x;'], logprobs: [-0.5] },
      { model_id: 2, shown_at: [], confidence: null, tokens: ['a', 'b'], logprobs: [-0.5, null] },
    ]);
    expect((await rows(other.queryId)).map((r) => r.shown_at)).toEqual([
      [],
      [new Date('2026-03-01T10:00:02.000Z')],
    ]);
    const shownSeqs = async (queryId: string) =>
      (
        await env.db
          .selectFrom('had_generation')
          .select('shown_seq')
          .where('meta_query_id', '=', queryId)
          .orderBy('model_id')
          .execute()
      ).map((r) => r.shown_seq);
    expect(await shownSeqs(q)).toEqual([null, null]);
    expect(await shownSeqs(other.queryId)).toEqual([null, seqs[6]]);
  });

  it('reads version 1 events through their upcasters: a v1 generation keeps its shown time', async () => {
    const ids = newQueryIds();
    const v1Request = asVersion1(
      requested(ids),
      requestedV1Data({
        requestedAt: '2026-03-03T09:00:00.000Z',
        modelIds: [1],
        versionId: 4,
        multiFileContextChangesIndexes: {},
      }),
    );
    const v1Generation = asVersion1(generated(ids), {
      modelId: 1,
      modelName: 'deepseek-coder-1.3b',
      status: 'ok',
      completion: 'pass',
      generationTimeMs: 40,
      confidence: 0.7,
      logprobs: [-0.3],
      shownAt: '2026-03-03T09:00:00.100Z',
      servingTimeMs: 60,
      error: null,
    });
    const [, v1GenerationSeq] = await appendInOrder(v1Request, v1Generation);
    const row = await eventually(async () => {
      const r = await env.db
        .selectFrom('had_generation')
        .selectAll()
        .where('meta_query_id', '=', ids.queryId)
        .executeTakeFirstOrThrow();
      return r;
    });
    expect(row).toMatchObject({
      shown_at: [new Date('2026-03-03T09:00:00.100Z')],
      confidence: 0.7,
      logprobs: [-0.3],
      tokens: null,
      serving_time: 60,
      model_revision: null,
      generation_parameters: null,
      stream_seq: v1GenerationSeq,
      shown_seq: v1GenerationSeq, // a v1 generation carried its shown time
    });
    expect(
      await env.db
        .selectFrom('meta_query')
        .select(['config_id', 'plugin_version_id'])
        .where('meta_query_id', '=', ids.queryId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ config_id: null, plugin_version_id: 4 });
  });

  it('dead-letters feedback for a query it never saw and goes on with the next events', async () => {
    const orphan = newQueryIds();
    const ids = newQueryIds();
    await appendInOrder(feedback(orphan), requested(ids));
    await waitForMetaQuery(env.db, ids.queryId);
    const letters = await env.db
      .selectFrom('projection_dead_letter')
      .selectAll()
      .where('projection', '=', 'queries')
      .execute();
    expect(letters).toHaveLength(1);
    expect(letters[0]!.reason).toMatch(/apply failed: 23503.*feedback/);
    expect(JSON.parse(letters[0]!.payload.toString('utf8'))).toMatchObject({ queryId: orphan.queryId });
  });

  it("removes an erased user's queries and everything hanging off them only when the data is to be deleted", async () => {
    const kept = newQueryIds();
    const erased = newQueryIds();
    const withContext = {
      context: { prefix: 'p', suffix: 's', fileName: null, selectedText: null, contextFiles: [] },
    };
    await appendInOrder(
      requested(kept, withContext),
      requested(erased, withContext),
      generated(erased),
      feedback(erased, { groundTruth: 'gt' }),
      makeEvent('user.erased', { userId: kept.userId, correlationId: 'c' }, { deleteData: false }),
      makeEvent('user.erased', { userId: erased.userId, correlationId: 'c' }, { deleteData: true }),
    );
    const count = async (userId: string) =>
      (await env.db.selectFrom('meta_query').select('meta_query_id').where('user_id', '=', userId).execute())
        .length;
    const { state } = await env.nats.jsm.streams.info(env.config.streamName);
    await eventually(async () => expect(await readCheckpoint(env.db, 'queries')).toBe(state.last_seq));
    expect(await count(erased.userId)).toBe(0);
    expect(
      await env.db
        .selectFrom('context')
        .select('context_id')
        .where('context_id', '=', erased.queryId)
        .execute(),
    ).toEqual([]);
    expect(await count(kept.userId)).toBe(1);
    for (const table of ['had_generation', 'feedback'] as const) {
      expect(
        await env.db
          .selectFrom(table)
          .select('meta_query_id')
          .where('meta_query_id', '=', erased.queryId)
          .execute(),
      ).toEqual([]);
    }
    expect(
      await env.db
        .selectFrom('ground_truth')
        .selectAll()
        .where('completion_query_id', '=', erased.queryId)
        .execute(),
    ).toEqual([]);
  });
});
