// What the HTTP side and the CLI need to know per format: its media type, file extension, and the parser
// of the `format` query value (arrow when absent).
import { z } from 'zod';
import { DATASET_FORMATS, type DatasetFormat } from './dataset-schema.js';
import { UnknownDatasetFormatError } from './unknown-format-error.js';

export const DEFAULT_DATASET_FORMAT: DatasetFormat = 'arrow';

export const DATASET_CONTENT_TYPES: Readonly<Record<DatasetFormat, string>> = {
  arrow: 'application/vnd.apache.arrow.stream',
  parquet: 'application/vnd.apache.parquet',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8; header=present',
};

/** `.arrows` is Arrow's recommended extension for the IPC stream format (`.arrow` is the file format). */
export const DATASET_FILE_EXTENSIONS: Readonly<Record<DatasetFormat, string>> = {
  arrow: '.arrows',
  parquet: '.parquet',
  ndjson: '.ndjson',
  csv: '.csv',
};

/** For a route's query schema; `parseDatasetFormat` gives the clearer error. */
export const DatasetFormatSchema = z.enum(DATASET_FORMATS);

/** The `format` query value (any case, surrounding blanks ignored); absent or empty means arrow. */
export function parseDatasetFormat(value: string | null | undefined): DatasetFormat {
  if (value === null || value === undefined || value.trim() === '') return DEFAULT_DATASET_FORMAT;
  const normalised = value.trim().toLowerCase();
  const format = DATASET_FORMATS.find((f) => f === normalised);
  if (format === undefined) throw new UnknownDatasetFormatError(value);
  return format;
}
