// Reads a download's query parameters (format, the filters, as_of_seq) for one dataset strictly: an unknown
// or repeated parameter, a filter the dataset does not take and a malformed value are each refused with a
// message that names the parameter and what it takes. The format is read by the formats library's parser.
import type { DatasetDefinition } from './dataset-definition.js';
import { DatasetRequestError } from './dataset-errors.js';
import {
  DATASET_FILTER_NAMES,
  DatasetFilterParamsSchema,
  wholeNumberParam,
  type DatasetFilters,
} from './dataset-filters.js';
import { parseDatasetFormat, type DatasetFormat } from './formats/index.js';

export interface DatasetRequest {
  format: DatasetFormat;
  filters: DatasetFilters;
  /** The pin asked for; absent for the current one. */
  asOfSeq?: number;
}

const DatasetParamsSchema = DatasetFilterParamsSchema.extend({
  as_of_seq: wholeNumberParam('as_of_seq', 0, Number.MAX_SAFE_INTEGER).optional(),
}).refine((p) => !p.from || !p.to || p.from < p.to, {
  error: 'the time range is empty: from must be before to',
});

const GENERAL_PARAMS = ['format', 'as_of_seq'] as const;

/** `params`: every query parameter with all its values (Hono's c.req.queries()). */
export function parseDatasetRequest(
  definition: Pick<DatasetDefinition, 'schema' | 'filters'>,
  params: Record<string, string[]>,
): DatasetRequest {
  const single: Record<string, string> = {};
  for (const [name, values] of Object.entries(params)) {
    checkName(definition, name);
    if (values.length !== 1)
      throw new DatasetRequestError(`The parameter '${name}' is given more than once.`);
    single[name] = values[0]!;
  }
  const { format, ...rest } = single;
  const parsed = DatasetParamsSchema.safeParse(rest);
  if (!parsed.success) {
    const messages = parsed.error.issues.map(
      (i) => (i.path[0] === undefined ? '' : `${String(i.path[0])}: `) + i.message,
    );
    throw new DatasetRequestError(`Invalid parameter: ${[...new Set(messages)].join('; ')}.`);
  }
  const { as_of_seq: asOfSeq, ...filters } = parsed.data;
  return {
    format: parseDatasetFormat(format),
    filters,
    ...(asOfSeq === undefined ? {} : { asOfSeq }),
  };
}

function checkName(definition: Pick<DatasetDefinition, 'schema' | 'filters'>, name: string): void {
  const takes = [...GENERAL_PARAMS, ...definition.filters];
  if ((takes as readonly string[]).includes(name)) return;
  const dataset = definition.schema.name;
  if ((DATASET_FILTER_NAMES as readonly string[]).includes(name)) {
    throw new DatasetRequestError(
      `The filter '${name}' does not apply to the ${dataset} dataset; it takes ${takes.join(', ')}.`,
    );
  }
  throw new DatasetRequestError(
    `Unknown parameter '${name}'; the ${dataset} dataset takes ${takes.join(', ')}.`,
  );
}
