// The rows `c4m metrics` evaluates: the completions dataset (src/datasets) as of a pin, the read models'
// position or --as-of-seq, with the command's filters as the catalog's, read as evaluation rows.
import {
  findDataset,
  PinBeyondStreamError,
  resolvePin,
  toEvaluationRows,
  type DatasetDefinition,
  type DatasetFilters,
  type DatasetSourceDeps,
} from '../datasets/index.js';
import type { CliIo } from './cli-io.js';
import type { MetricsFilters, MetricsRowSource } from './commands/metrics.js';
import { UsageError } from './exit-codes.js';
import { withPlatformConnections } from './platform-connections.js';

const INT32_MAX = 2_147_483_647;

export function createMetricsRowSource(io: CliIo): MetricsRowSource {
  return {
    withRows: (filters, consume) =>
      withPlatformConnections(
        io,
        { clientName: 'c4m-metrics', dbPoolSize: 2 },
        async ({ config, db, nats }) => {
          const completions = completionsDataset();
          const deps: DatasetSourceDeps = {
            db,
            stream: { js: nats.js, jsm: nats.jsm, name: config.streamName, prefix: config.natsPrefix },
          };
          const pin = await resolvePin(deps, completions, filters.asOfSeq, {
            waitMs: config.datasetPinWaitMs,
          }).catch((err: unknown) => {
            throw err instanceof PinBeyondStreamError ? new UsageError(`--as-of-seq: ${err.message}`) : err;
          });
          const rows = toEvaluationRows(completions.rows(deps, datasetFiltersOf(filters), pin));
          return consume({ rows, streamSequence: pin });
        },
      ),
  };
}

function completionsDataset(): DatasetDefinition {
  const definition = findDataset('completions');
  if (!definition) throw new Error('the dataset catalog has no completions dataset');
  return definition;
}

/** The command's filters under the catalog's names (the ids the lookup columns hold are int32). */
export function datasetFiltersOf(filters: MetricsFilters): DatasetFilters {
  const ids = { model: filters.modelId, language: filters.languageId, trigger: filters.triggerTypeId };
  for (const [option, id] of Object.entries(ids))
    if (id !== undefined && id > INT32_MAX) throw new UsageError(`--${option} must be at most ${INT32_MAX}`);
  const out: DatasetFilters = {
    from: filters.from,
    to: filters.to,
    model_id: filters.modelId,
    language_id: filters.languageId,
    trigger_type_id: filters.triggerTypeId,
    user_id: filters.userId,
    project_id: filters.projectId,
  };
  for (const key of Object.keys(out) as (keyof DatasetFilters)[]) if (out[key] === undefined) delete out[key];
  return out;
}
