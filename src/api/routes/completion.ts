// /api/completion/request, /api/completion/{query_id} and /api/completion/feedback (protocol §4.9-4.11).
// Every answer is given only after its events are in JetStream; feedback right after a completion finds the
// query record that was written before the completion was answered.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { requireSession, requireSessionProject } from '../middleware/auth.js';
import { correlationIdOf } from '../middleware/correlation-id.js';
import { requestLogger } from '../middleware/request-context.js';
import { Errors } from '../../platform/errors.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, HEADER_ROOM_BYTES } from '../../bus/event-size.js';
import {
  CompletionItemSchema,
  CompletionRequestBodySchema,
  FeedbackBodySchema,
  loadQueryRecord,
  recordFeedback,
  createUserConfigLookup,
  serveCompletion,
  type QueryRecord,
  type ServedCompletion,
} from '../../completion/index.js';
import { errorResponses, json, jsonBody } from './account-schemas.js';

const CompletionsSchema = z.object({
  message: z.string(),
  data: z.object({ meta_query_id: z.string(), completions: z.array(CompletionItemSchema) }),
});

const request = createRoute({
  method: 'post',
  path: '/api/completion/request',
  summary: 'Complete code with every requested model; failed models are left out',
  request: { body: jsonBody(CompletionRequestBodySchema) },
  responses: { 200: json(CompletionsSchema, 'Completions'), ...errorResponses(401, 422, 429) },
});

const get = createRoute({
  method: 'get',
  path: '/api/completion/{query_id}',
  summary: "The completions of one of the user's queries",
  request: { params: z.object({ query_id: z.guid() }) },
  responses: { 200: json(CompletionsSchema, 'Completions'), ...errorResponses(401, 403, 404, 422) },
});

const feedback = createRoute({
  method: 'post',
  path: '/api/completion/feedback',
  summary: 'Acceptance of a shown completion, or a ground-truth snapshot after it',
  request: { body: jsonBody(FeedbackBodySchema) },
  responses: {
    200: json(
      z.object({
        message: z.string(),
        data: z.object({ meta_query_id: z.string(), model_id: z.number().int() }),
      }),
      'Recorded',
    ),
    ...errorResponses(401, 403, 404, 422, 429),
  },
});

export function registerCompletionRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  const completionDeps = {
    ...deps,
    serverVersionId: deps.config.serverVersionId,
    userConfig: createUserConfigLookup(deps.db, deps.clock),
    maxEventBytes: deps.maxEventBytes ?? DEFAULT_MAX_PAYLOAD_BYTES - HEADER_ROOM_BYTES,
  };

  app.openapi(request, async (c) => {
    const caller = await requireSessionProject(c, deps);
    const served = await serveCompletion(
      { ...completionDeps, logger: requestLogger(c, deps.logger) },
      caller,
      c.req.valid('json'),
      correlationIdOf(c),
    );
    return c.json(
      {
        message: servedMessage(served),
        data: { meta_query_id: served.queryId, completions: served.completions },
      },
      200,
    );
  });

  app.openapi(get, async (c) => {
    const { userId } = await requireSession(c, deps);
    const record = await loadQueryRecord(deps, c.req.valid('param').query_id);
    if (!record) throw Errors.queryNotFound();
    if (record.userId !== userId) throw Errors.noQueryAccess();
    return c.json({ message: 'Completions retrieved successfully.', data: toData(record) }, 200);
  });

  app.openapi(feedback, async (c) => {
    const caller = await requireSessionProject(c, deps);
    const body = c.req.valid('json');
    await recordFeedback(deps, caller, body, correlationIdOf(c));
    return c.json(
      {
        message: 'Feedback recorded successfully.',
        data: { meta_query_id: body.meta_query_id, model_id: body.model_id },
      },
      200,
    );
  });
}

function toData(record: QueryRecord) {
  return {
    meta_query_id: record.queryId,
    completions: record.completions.map((c) => ({
      model_id: c.modelId,
      model_name: c.modelName,
      completion: c.completion,
      generation_time: Math.round(c.generationTime),
      confidence: c.confidence,
    })),
  };
}

/** The plugin shows nothing for an empty list: the message says why, instead of claiming success. */
function servedMessage({ completions, failures }: ServedCompletion): string {
  if (completions.length > 0) return 'Completions generated successfully. Ready for display in your IDE.';
  const why = failures.map((f) => `${f.modelName} (model ${f.modelId}): ${f.code}`).join('; ');
  return `No completions: no requested model answered${why ? ` (${why})` : ''}.`;
}
