// The names beside the lookup ids (model, plugin version, language, trigger type): the four small lookup tables
// read once per download and added to each row in JavaScript, cheaper than a subquery per row in SQL (and
// the ids stay the Python server's, so a name the server does not know is null, never a lost row). The queries
// select each name column as NULL::text, so every row object has its final shape from the start.
import type { Db } from '../../platform/db.js';
import type { DatasetRow } from '../formats/index.js';

/** id column → its name column, as the datasets name them. */
const NAME_COLUMNS = {
  model_id: 'model_name',
  plugin_version_id: 'plugin_version',
  language_id: 'language',
  trigger_type_id: 'trigger_type',
} as const;

export type LookupIdColumn = keyof typeof NAME_COLUMNS;
export type LookupNames = Record<LookupIdColumn, ReadonlyMap<number, string>>;

export async function loadLookupNames(db: Db): Promise<LookupNames> {
  const [models, versions, languages, triggers] = await Promise.all([
    db.selectFrom('model_name').select(['model_id as id', 'model_name as name']).execute(),
    db.selectFrom('plugin_version').select(['version_id as id', 'version_name as name']).execute(),
    db.selectFrom('programming_language').select(['language_id as id', 'language_name as name']).execute(),
    db.selectFrom('trigger_type').select(['trigger_type_id as id', 'trigger_type_name as name']).execute(),
  ]);
  const byId = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [Number(r.id), r.name]));
  return {
    model_id: byId(models),
    plugin_version_id: byId(versions),
    language_id: byId(languages),
    trigger_type_id: byId(triggers),
  };
}

/** Sets the name column of each of `ids` in every row (null where the id is null or unknown). */
export function addLookupNames(
  rows: DatasetRow[],
  names: LookupNames,
  ids: readonly LookupIdColumn[],
): DatasetRow[] {
  for (const row of rows) {
    for (const id of ids) {
      const value = row[id];
      row[NAME_COLUMNS[id]] = typeof value === 'number' ? (names[id].get(value) ?? null) : null;
    }
  }
  return rows;
}
