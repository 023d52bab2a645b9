// Public surface of the datasets: the catalog, the download (parameters, pin, slots, the streaming answer)
// and the listing. The column types and encoders are in ./formats, the HTTP answer in ./http.
export { datasetCatalog, datasetNames, findDataset } from './catalog/index.js';
export { toEvaluationRow, toEvaluationRows } from './catalog/evaluation-rows.js';
export type {
  DatasetDefinition,
  DatasetRowSource,
  DatasetSourceDeps,
  DatasetStream,
} from './dataset-definition.js';
export {
  DATASET_FILTER_NAMES,
  describeFilters,
  type DatasetFilterName,
  type DatasetFilters,
} from './dataset-filters.js';
export { parseDatasetRequest, type DatasetRequest } from './dataset-request.js';
export {
  DatasetRequestError,
  PinBeyondStreamError,
  PinNotReachedError,
  TooManyDownloadsError,
  UnknownDatasetError,
} from './dataset-errors.js';
export { downloadDataset, requireDataset, type DatasetDownloadDeps } from './download-dataset.js';
export { createDownloadSlots, type DownloadSlot, type DownloadSlots } from './download-slots.js';
export { listDatasets, type ListedColumn, type ListedDataset } from './list-datasets.js';
export { resolvePin, type PinOptions } from './pin/resolve-pin.js';
export { streamQueryRows } from './sql/stream-query-rows.js';
export type { DatasetQuery } from './sql/sql-row-source.js';
