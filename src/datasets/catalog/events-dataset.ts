// The events dataset: the event stream itself, read with the replay's selection (src/replay) up to the pin
// and written with the replay's columns, in stream order and in fixed-size batches.
import { replayEventRow, REPLAY_EVENTS_SCHEMA, selectEvents } from '../../replay/index.js';
import type { DatasetRowSource } from '../dataset-definition.js';
import type { DatasetRow, DatasetSchema } from '../formats/index.js';

const BATCH_ROWS = 2_000;

export const EVENTS_SCHEMA: DatasetSchema = {
  ...REPLAY_EVENTS_SCHEMA,
  name: 'events',
  description:
    'The event stream itself (the source of truth every other dataset is computed from): one row per event up ' +
    'to the stream sequence of the download, in stream order, its data upcast to the latest version. Events ' +
    'this server cannot decode (written by newer code) are left out.',
};

export const eventRows: DatasetRowSource = async function* rows(deps, filters, pin) {
  const selection = await selectEvents(
    deps.stream.js,
    deps.stream.name,
    deps.stream.prefix,
    {
      from: filters.from ?? null,
      to: filters.to ?? null,
      types: null,
      userId: filters.user_id ?? null,
      projectId: filters.project_id ?? null,
      modelId: filters.model_id ?? null,
      untilSeq: pin,
    },
    { onUndecodable: 'skip' },
  );
  let batch: DatasetRow[] = [];
  for await (const selected of selection.batches()) {
    for (const event of selected) {
      batch.push(replayEventRow(event));
      if (batch.length === BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
};
