// The dataset formats: the shared column types every dataset is described with, the encoders (Arrow IPC
// stream, Parquet, NDJSON, CSV) and what HTTP needs per format. A pure library: imports only src/platform.
export type {
  ColumnSpec,
  ColumnType,
  DatasetFormat,
  DatasetRow,
  DatasetSchema,
  ListItemKind,
} from './dataset-schema.js';
export { DATASET_FORMATS } from './dataset-schema.js';
export {
  DATASET_CONTENT_TYPES,
  DATASET_FILE_EXTENSIONS,
  DEFAULT_DATASET_FORMAT,
  DatasetFormatSchema,
  parseDatasetFormat,
} from './dataset-format.js';
export { encodeDataset, type EncodeOptions } from './encode-dataset.js';
export { toArrowSchema } from './arrow-schema.js';
export { PARQUET_ROW_GROUP_ROWS } from './encode-parquet.js';
export { formatTimestamp, toEpochMicros } from './column-values.js';
export { UnknownDatasetFormatError } from './unknown-format-error.js';
export { DatasetValueError } from './dataset-value-error.js';
