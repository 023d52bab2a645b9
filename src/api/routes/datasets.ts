// /api/datasets: the catalog of research datasets and their download, streamed in Arrow IPC (default),
// Parquet, NDJSON or CSV and pinned to a stream sequence (X-Stream-Sequence). Researchers and admins only
// (a researcher's API token or a signed-in session); failures are application/problem+json.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { requireResearchAccess } from '../middleware/research-access.js';
import { requestLogger } from '../middleware/request-context.js';
import { createProblemErrorHandler, PROBLEM_JSON } from '../problem-json.js';
import { validationHook } from '../validation-hook.js';
import { Errors } from '../../platform/errors.js';
import {
  createDownloadSlots,
  downloadDataset,
  listDatasets,
  type DatasetDownloadDeps,
} from '../../datasets/index.js';
import { DATASET_CONTENT_TYPES } from '../../datasets/formats/index.js';
import { DatasetListSchema, DatasetQueryDocSchema } from './dataset-schemas.js';

const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: 'application/problem+json (RFC 9457)',
        content: { [PROBLEM_JSON]: { schema: z.object({}).passthrough() } },
      },
    ]),
  );

const list = createRoute({
  method: 'get',
  path: '/api/datasets',
  summary: 'The research datasets: description, columns, filters and formats of each',
  responses: {
    200: { description: 'The catalog', content: { 'application/json': { schema: DatasetListSchema } } },
    ...problems(401, 403),
  },
});

const download = createRoute({
  method: 'get',
  path: '/api/datasets/{name}',
  summary: 'One dataset, streamed as of a stream sequence (X-Stream-Sequence; pass it back as as_of_seq)',
  request: { params: z.object({ name: z.string() }), query: DatasetQueryDocSchema },
  responses: {
    // No `content` here: the body is streamed bytes, not a JSON value the route could type.
    200: {
      description: `The rows, streamed in the format asked for: ${Object.values(DATASET_CONTENT_TYPES).join(', ')}; gzip or br when Accept-Encoding asks`,
      headers: { 'X-Stream-Sequence': { schema: { type: 'integer' }, description: 'The pin of the rows' } },
    },
    ...problems(400, 401, 403, 404, 422, 503),
  },
});

/** The routes in a sub-app of their own, whose failures are application/problem+json. */
export function registerDatasetRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  const datasets = new OpenAPIHono({ defaultHook: validationHook, strict: false });
  datasets.onError(createProblemErrorHandler(deps.logger));
  const slots = deps.datasetSlots ?? createDownloadSlots(deps.config.datasetMaxDownloads);
  datasets.openapi(list, async (c) => {
    await requireResearchAccess(c, deps);
    return c.json({ datasets: listDatasets() }, 200);
  });
  datasets.openapi(download, async (c) => {
    await requireResearchAccess(c, deps);
    return downloadDataset(
      downloadDeps(deps, slots, requestLogger(c, deps.logger)),
      c.req.param('name'),
      c.req.queries(),
      c.req.raw,
    );
  });
  app.route('/', datasets);
}

function downloadDeps(
  deps: ApiDeps,
  slots: DatasetDownloadDeps['slots'],
  logger: DatasetDownloadDeps['logger'],
): DatasetDownloadDeps {
  if (!deps.jetstream) throw Errors.unavailable('The event stream');
  const { config } = deps;
  return {
    db: deps.db,
    stream: { ...deps.jetstream, name: config.streamName, prefix: config.natsPrefix },
    slots,
    pinWaitMs: config.datasetPinWaitMs,
    logger,
  };
}
