// Reads of the `config` table as configs-as-data: id, name, document, lineage and the HOCON the plugin gets.
import type { Db } from '../platform/db.js';
import type { ConfigDocumentColumn } from '../platform/db-schema.js';

export interface ConfigRecord {
  configId: number;
  /** Null for a row written by hand before configs were data. */
  name: string | null;
  document: ConfigDocumentColumn | null;
  basedOn: number | null;
  createdAt: string | null;
  /** The HOCON served to the plugin. */
  configData: string;
}

export async function listConfigs(db: Db): Promise<ConfigRecord[]> {
  const rows = await db.selectFrom('config').selectAll().orderBy('config_id').execute();
  return rows.map(toRecord);
}

export async function findConfig(db: Db, configId: number): Promise<ConfigRecord | undefined> {
  const row = await db.selectFrom('config').selectAll().where('config_id', '=', configId).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Which of `ids` have no config row. */
export async function missingConfigIds(db: Db, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('config').select('config_id').where('config_id', 'in', ids).execute();
  const found = new Set(rows.map((r) => Number(r.config_id)));
  return ids.filter((id) => !found.has(id));
}

function toRecord(row: {
  config_id: number;
  name: string | null;
  document: ConfigDocumentColumn | null;
  based_on: number | null;
  created_at: Date | null;
  config_data: string;
}): ConfigRecord {
  return {
    configId: Number(row.config_id),
    name: row.name,
    document: row.document,
    basedOn: row.based_on === null ? null : Number(row.based_on),
    createdAt: row.created_at ? row.created_at.toISOString() : null,
    configData: row.config_data,
  };
}
