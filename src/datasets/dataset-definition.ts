// What a dataset of the catalog is: its columns (the shared DatasetSchema), the read models whose tables it
// reads (they fix its pin), the filters it takes and the row source that streams its rows as of a pin.
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { Db } from '../platform/db.js';
import type { DatasetRow, DatasetSchema } from './formats/index.js';
import type { DatasetFilterName, DatasetFilters } from './dataset-filters.js';

/** The event stream, for the datasets that read it (events) and for checking a pin against its end. */
export interface DatasetStream {
  js: JetStreamClient;
  jsm: JetStreamManager;
  name: string;
  /** Subject prefix of the platform's events (config.natsPrefix). */
  prefix: string;
}

export interface DatasetSourceDeps {
  db: Db;
  stream: DatasetStream;
}

/**
 * The rows as of stream sequence `pin`, in the dataset's fixed order and in batches of a fixed size, so the
 * same pin and filters give the same batches (and the same bytes) however often they are asked for.
 * Resources (a pooled connection, a consumer) are taken at the first pull and released at the end or when
 * the consumer stops early.
 */
export type DatasetRowSource = (
  deps: DatasetSourceDeps,
  filters: DatasetFilters,
  pin: number,
) => AsyncIterable<DatasetRow[]>;

export interface DatasetDefinition {
  schema: DatasetSchema;
  /**
   * The read models whose tables the rows come from; the current pin is the lowest of their positions. Empty
   * for a dataset read from the stream itself, whose current pin is the stream's last sequence.
   */
  readModels: readonly string[];
  /** The filters it takes (as_of_seq and format are taken by every dataset). */
  filters: readonly DatasetFilterName[];
  /** The column that `from` and `to` select on, as researchers read it in the docs. */
  timeColumn: string;
  /** Schema metadata of every download besides the pin and filters (e.g. how computed values were computed). */
  metadata?: Readonly<Record<string, string>>;
  rows: DatasetRowSource;
}
