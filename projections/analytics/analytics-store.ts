// The live side of the analytics read model: a query's state read inside the runner's transaction, the
// records a transition changed upserted, and the aggregate cells' changes added to their rows.
import { sql } from 'kysely';
import type { Trx } from '../runner/index.js';
import { AGGREGATE_TABLES, cellChanges, queryCells, type Cell } from './analytics-cells.js';
import { cellRow, generationRecord, generationRow, requestRecord, requestRow } from './analytics-rows.js';
import type { QueryState } from './analytics-state.js';

export async function loadQueryState(trx: Trx, queryId: string): Promise<QueryState> {
  const request = await trx
    .selectFrom('analytics_request')
    .selectAll()
    .where('meta_query_id', '=', queryId)
    .executeTakeFirst();
  const generations = await trx
    .selectFrom('analytics_generation')
    .selectAll()
    .where('meta_query_id', '=', queryId)
    .orderBy('model_id')
    .execute();
  return {
    request: request ? requestRecord(request) : null,
    generations: generations.map(generationRecord),
  };
}

/** Writes what changed from `before` to `after` (records and aggregates); `seq` marks the changed rows. */
export async function saveQueryState(
  trx: Trx,
  before: QueryState,
  after: QueryState,
  seq: number,
): Promise<void> {
  if (before === after) return;
  if (after.request && after.request !== before.request) {
    await trx
      .insertInto('analytics_request')
      .values(requestRow(after.request))
      .onConflict((oc) => oc.column('meta_query_id').doNothing())
      .execute();
  }
  const changed = after.generations.filter((g) => !before.generations.includes(g)).map(generationRow);
  if (changed.length > 0) {
    await trx
      .insertInto('analytics_generation')
      .values(changed)
      .onConflict((oc) =>
        oc.columns(['meta_query_id', 'model_id']).doUpdateSet((eb) => ({
          shown: eb.ref('excluded.shown'),
          accepted: eb.ref('excluded.accepted'),
          accepted_at: eb.ref('excluded.accepted_at'),
          feedback_seq: eb.ref('excluded.feedback_seq'),
          truths: eb.ref('excluded.truths'),
          stream_seq: eb.ref('excluded.stream_seq'),
        })),
      )
      .execute();
  }
  await addCells(trx, cellChanges(queryCells(before), queryCells(after)), seq);
}

/** One upsert per table: a missing row is inserted with the change as its counts, else the change is added. */
async function addCells(trx: Trx, changes: readonly Cell[], seq: number): Promise<void> {
  for (const table of Object.keys(AGGREGATE_TABLES) as (keyof typeof AGGREGATE_TABLES)[]) {
    const rows = changes.filter((c) => c.table === table).map((c) => cellRow(c, seq));
    if (rows.length === 0) continue;
    const { key, values } = AGGREGATE_TABLES[table];
    const columns = [...key, ...values, 'stream_seq'];
    const tuples = rows.map((r) => sql`(${sql.join(columns.map((c) => sql`${r[c]}`))})`);
    const sums = values.map((v) => sql`${sql.id(v)} = t.${sql.id(v)} + excluded.${sql.id(v)}`);
    await sql`INSERT INTO ${sql.id(table)} AS t (${sql.join(columns.map((c) => sql.id(c)))})
      VALUES ${sql.join(tuples)}
      ON CONFLICT (${sql.join(key.map((c) => sql.id(c)))})
      DO UPDATE SET ${sql.join([...sums, sql`stream_seq = excluded.stream_seq`])}`.execute(trx);
  }
}
