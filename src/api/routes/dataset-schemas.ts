// The OpenAPI description of the dataset routes: the catalog's shape and the download's query parameters
// (documented as strings; src/datasets/dataset-request.ts reads them, with messages that name each one).
import { z } from '@hono/zod-openapi';

const ListedFieldSchema = z.object({
  name: z.string(),
  type: z.string().openapi({ example: 'list<float64>' }),
  nullable: z.boolean(),
  description: z.string(),
});

/** A column; a list of structs also lists its fields (one level: a struct holds no struct lists). */
const ListedColumnSchema = ListedFieldSchema.extend({ fields: z.array(ListedFieldSchema).optional() });

export const DatasetListSchema = z
  .object({
    datasets: z.array(
      z.object({
        name: z.string(),
        description: z.string(),
        columns: z.array(ListedColumnSchema),
        filters: z.array(z.string()),
        time_column: z.string().openapi({ description: 'The column from and to select on' }),
        read_models: z.array(z.string()).openapi({ description: 'The read models whose position pins it' }),
        formats: z.array(z.string()),
        path: z.string(),
      }),
    ),
  })
  .openapi('DatasetList');

const param = (description: string, example?: string) =>
  z
    .string()
    .optional()
    .openapi({ description, ...(example ? { example } : {}) });

export const DatasetQueryDocSchema = z.object({
  format: param('arrow (default, application/vnd.apache.arrow.stream), parquet, ndjson or csv', 'parquet'),
  from: param(
    "Rows at or after this instant (ISO-8601 with a zone, or a date), on the dataset's time column",
    '2026-03-01T00:00:00Z',
  ),
  to: param('Rows before this instant (exclusive)', '2026-04-01'),
  model_id: param('One model (ids of the Python server)', '1'),
  language_id: param("The request's language (ids of the Python server, e.g. 47 Python)", '47'),
  trigger_type_id: param('1 manual, 2 automatic, 3 idle', '2'),
  user_id: param('One user (UUID)'),
  project_id: param('One project (UUID)'),
  as_of_seq: param(
    'The rows as of this stream sequence: the X-Stream-Sequence of an earlier download',
    '1234',
  ),
});
