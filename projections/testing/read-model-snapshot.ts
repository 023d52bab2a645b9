// Every row of the given read models' tables, and their dead letters, in a stable order: for tests that
// compare whole read models (rebuilt against live, one database against another).
import { sql } from 'kysely';
import type { Db } from '../../src/platform/db.js';
import type { ReadModel } from '../runner/index.js';

export type ReadModelSnapshot = Record<string, string[]>;

export async function snapshotReadModels(
  db: Db,
  readModels: readonly ReadModel[],
): Promise<ReadModelSnapshot> {
  const out: ReadModelSnapshot = {};
  for (const readModel of readModels) {
    for (const table of readModel.tables) {
      const { rows } = await sql<{ r: unknown }>`SELECT to_jsonb(t) AS r FROM ${sql.table(table)} t`.execute(
        db,
      );
      out[table] = rows.map((row) => JSON.stringify(row.r)).sort();
    }
    // A dead letter's serial id and arrival time are bookkeeping, not data.
    const letters = await db
      .selectFrom('projection_dead_letter')
      .select(['projection', 'stream_seq', 'subject', 'reason', 'payload'])
      .where('projection', '=', readModel.name)
      .orderBy('stream_seq')
      .execute();
    out[`projection_dead_letter/${readModel.name}`] = letters.map((l) =>
      JSON.stringify({ ...l, payload: l.payload.toString('base64') }),
    );
  }
  return out;
}

/** The tables of a snapshot with a row that lacks its stream sequence (none once migration 0007 is in). */
export function tablesWithoutRowSequences(snapshot: ReadModelSnapshot): string[] {
  return Object.entries(snapshot)
    .filter(([table]) => !table.startsWith('projection_dead_letter/'))
    .filter(([, rows]) => rows.some((r) => (JSON.parse(r) as { stream_seq?: unknown }).stream_seq == null))
    .map(([table]) => table);
}
