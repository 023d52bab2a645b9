// One dataset download, from the request to the streaming answer: the dataset, its parameters, a download
// slot, the pin, then the rows as of the pin encoded in the asked format (src/datasets/http). Everything that
// can be refused is refused before the answer starts; afterwards a failure can only cut the body short.
import type { Logger } from '../platform/logger.js';
import { findDataset, datasetNames } from './catalog/index.js';
import type { DatasetDefinition, DatasetSourceDeps } from './dataset-definition.js';
import { TooManyDownloadsError, UnknownDatasetError } from './dataset-errors.js';
import { describeFilters } from './dataset-filters.js';
import { parseDatasetRequest } from './dataset-request.js';
import type { DownloadSlots } from './download-slots.js';
import { createDatasetResponse } from './http/dataset-response.js';
import { resolvePin } from './pin/resolve-pin.js';

export interface DatasetDownloadDeps extends DatasetSourceDeps {
  slots: DownloadSlots;
  /** How long a download with as_of_seq waits for the read models to reach it (then 503). */
  pinWaitMs: number;
  logger: Logger;
}

/** Seconds a client is told to wait when every download slot is taken. */
const BUSY_RETRY_AFTER_S = 10;

export function requireDataset(name: string): DatasetDefinition {
  const definition = findDataset(name);
  if (!definition) throw new UnknownDatasetError(name, datasetNames());
  return definition;
}

export async function downloadDataset(
  deps: DatasetDownloadDeps,
  name: string,
  params: Record<string, string[]>,
  request: Request,
): Promise<Response> {
  const definition = requireDataset(name);
  const { format, filters, asOfSeq } = parseDatasetRequest(definition, params);
  const slot = deps.slots.tryTake();
  if (!slot) throw new TooManyDownloadsError(deps.slots.limit, BUSY_RETRY_AFTER_S);
  try {
    const pin = await resolvePin(deps, definition, asOfSeq, { waitMs: deps.pinWaitMs });
    const response = createDatasetResponse({
      request,
      format,
      schema: definition.schema,
      batches: definition.rows(deps, filters, pin),
      streamSequence: pin,
      fileName: `${name}-${pin}`,
      metadata: { ...definition.metadata, filters: describeFilters(filters) },
      onError: (err) =>
        deps.logger.error({ err, dataset: name, pin }, 'a dataset download failed mid-stream'),
    });
    // HEAD: the headers (the pin) without a body; Hono drops the body unread, so nothing must wait on it.
    if (request.method === 'HEAD') {
      slot.release();
      return response;
    }
    return slot.holdUntilSent(response);
  } catch (err) {
    slot.release();
    throw err;
  }
}
