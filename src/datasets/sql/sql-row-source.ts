// A row source over one SELECT: the query as of the pin streamed through a cursor in fixed-size batches, with
// the lookup names added beside their ids.
import type { RawBuilder } from 'kysely';
import type { DatasetRowSource } from '../dataset-definition.js';
import type { DatasetFilters } from '../dataset-filters.js';
import type { DatasetRow } from '../formats/index.js';
import { addLookupNames, loadLookupNames, type LookupIdColumn } from './lookup-names.js';
import { streamQueryRows } from './stream-query-rows.js';

export type DatasetQuery = (filters: DatasetFilters, pin: number) => RawBuilder<DatasetRow>;

export function sqlRowSource(
  query: DatasetQuery,
  batchSize: number,
  names: readonly LookupIdColumn[] = [],
): DatasetRowSource {
  return (deps, filters, pin) => {
    // Built now, so a query the filters cannot make fails before the answer starts.
    const select = query(filters, pin);
    return (async function* rows() {
      const lookups = names.length > 0 ? await loadLookupNames(deps.db) : null;
      for await (const batch of streamQueryRows(deps.db, select, batchSize)) {
        yield lookups ? addLookupNames(batch, lookups, names) : batch;
      }
    })();
  };
}
