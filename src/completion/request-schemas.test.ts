// The plugin's bodies become values PostgreSQL can store: a projection meeting a NUL or a lone surrogate in a
// valid event, or an integer past its column, would stall its read model (a database error is the code's fault).
import { describe, expect, it } from 'vitest';
import {
  CompletionRequestBodySchema,
  FeedbackBodySchema,
  MultiFileContextBodySchema,
} from './request-schemas.js';

const body = (over: Record<string, unknown> = {}, telemetry: Record<string, unknown> = {}) => ({
  model_ids: [1],
  context: { prefix: 'a\u0000b', suffix: 'c\ud800d', file_name: 'x\u0000.py', context_files: ['*'] },
  contextual_telemetry: { version_id: 3, trigger_type_id: 1, language_id: 47, ...telemetry },
  ...over,
});

describe('the plugin request schemas', () => {
  it('replace NUL and lone surrogates in code, names and ground truth with U+FFFD', () => {
    const parsed = CompletionRequestBodySchema.parse(body());
    expect(parsed.context.prefix).toBe('a\uFFFDb');
    expect(parsed.context.suffix).toBe('c\uFFFDd');
    expect(parsed.context.file_name).toBe('x\uFFFD.py');
    const feedback = FeedbackBodySchema.parse({
      meta_query_id: '0192a1b2-0000-7000-8000-000000000000',
      model_id: 1,
      was_accepted: true,
      ground_truth: 'gt\u0000',
    });
    expect(feedback.ground_truth).toBe('gt\uFFFD');
    const context = MultiFileContextBodySchema.parse({
      context_updates: {
        'f\u0000.py': [{ change_type: 'insert', start_line: 0, end_line: 0, new_lines: ['\udc00x'] }],
      },
    });
    expect(context.context_updates).toEqual({
      'f\uFFFD.py': [{ change_type: 'insert', start_line: 0, end_line: 0, new_lines: ['\uFFFDx'] }],
    });
  });

  it('keep well-formed text, surrogate pairs included, as it is', () => {
    const text = 'const s = "😀 ünïcode\\t";\n';
    const parsed = CompletionRequestBodySchema.parse(body({ context: { prefix: text, suffix: '' } }));
    expect(parsed.context.prefix).toBe(text);
  });

  it('refuse integers past what their PostgreSQL columns hold', () => {
    expect(CompletionRequestBodySchema.safeParse(body({}, { caret_line: 2 ** 31 })).success).toBe(false);
    expect(CompletionRequestBodySchema.safeParse(body({}, { caret_line: 2 ** 31 - 1 })).success).toBe(true);
    expect(CompletionRequestBodySchema.safeParse(body({}, { document_char_length: 1e12 })).success).toBe(
      false,
    );
    expect(
      CompletionRequestBodySchema.safeParse(body({ behavioral_telemetry: { time_since_last_shown: 1e300 } }))
        .success,
    ).toBe(false);
    expect(CompletionRequestBodySchema.safeParse(body({ model_ids: [2 ** 40] })).success).toBe(false);
  });

  it("answer the route validator's async parse as the sync parse does, valid or not", async () => {
    // The routes parse with safeParseAsync, answered by the compiled parser (request-schemas.ts).
    const valid = await CompletionRequestBodySchema.safeParseAsync({ ...body(), unknown_field: 1 });
    expect(valid).toEqual(CompletionRequestBodySchema.safeParse(body()));
    expect(valid.data?.context.prefix).toBe('a\uFFFDb');
    expect(valid.data).not.toHaveProperty('unknown_field');
    const invalid = await CompletionRequestBodySchema.safeParseAsync(body({ model_ids: [1.5] }));
    expect(invalid.success).toBe(false);
    expect(invalid.error?.issues).toMatchObject([{ path: ['model_ids', 0], code: 'invalid_type' }]);
    const feedback = await FeedbackBodySchema.safeParseAsync({
      meta_query_id: 'x',
      model_id: 1,
      was_accepted: true,
    });
    expect(feedback.error?.issues).toMatchObject([{ path: ['meta_query_id'] }]);
  });
});
