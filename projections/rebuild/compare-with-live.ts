// `--compare`: the shadow is brought to exactly the live position while the live checkpoint row is locked,
// a repeatable-read snapshot is taken before the lock is let go, and every table of the read model is then
// compared row for row with its live twin inside that snapshot, so the live runner waits only for the
// catch-up. Dead letters are compared by (projection, stream sequence).
import { sql, type ControlledTransaction, type RawBuilder } from 'kysely';
import type { Db } from '../../src/platform/db.js';
import type { Database } from '../../src/platform/db-schema.js';
import { lockCheckpoint } from '../runner/checkpoint.js';
import type { Shadow } from './shadow-schema.js';
import { ensureCheckpointRow, tableExists, type CatchUp } from './swap-in.js';

export interface TableDifference {
  readModel: string;
  /** A table of the read model, or `projection_dead_letter` (its rows of this read model). */
  table: string;
  onlyInLive: number;
  onlyInShadow: number;
  /** A few rows of each side, by primary key (the stream sequence for dead letters). */
  samplesOnlyInLive: Record<string, unknown>[];
  samplesOnlyInShadow: Record<string, unknown>[];
}

export interface CompareOutcome {
  position: number;
  events: number;
  differences: TableDifference[];
}

const SAMPLES = 3;

type View = ControlledTransaction<Database>;

export async function compareWithLive(db: Db, shadow: Shadow, catchUp: CatchUp): Promise<CompareOutcome> {
  const name = shadow.readModel.name;
  await ensureCheckpointRow(db, name);
  const pause = await db.startTransaction().execute();
  let view: View | undefined;
  let position: number;
  let events: number;
  try {
    position = await lockCheckpoint(pause, name);
    events = await catchUp(shadow, position);
    view = await db.startTransaction().setIsolationLevel('repeatable read').execute();
    // The first statement fixes the snapshot: both sides at `position`, the live runner still waiting.
    await sql`SELECT 1 FROM public.projection_checkpoint WHERE projection = ${name}`.execute(view);
    await pause.commit().execute();
  } catch (err) {
    await pause
      .rollback()
      .execute()
      .catch(() => undefined);
    await view
      ?.rollback()
      .execute()
      .catch(() => undefined);
    throw err;
  }
  try {
    return { position, events, differences: await diffAll(view, shadow) };
  } finally {
    await view.rollback().execute();
  }
}

async function diffAll(view: View, shadow: Shadow): Promise<TableDifference[]> {
  const out: TableDifference[] = [];
  for (const table of shadow.readModel.tables) {
    const live = (await tableExists(view, 'public', table))
      ? sql`SELECT to_jsonb(x) AS r FROM ${sql.id('public', table)} x`
      : sql`SELECT NULL::jsonb AS r WHERE false`;
    const rebuilt = sql`SELECT to_jsonb(x) AS r FROM ${sql.id(shadow.schema, table)} x`;
    const key = await primaryKey(view, shadow.schema, table);
    const diff = await diffRows(view, live, rebuilt, key);
    if (diff) out.push({ readModel: shadow.readModel.name, table, ...diff });
  }
  const letters = (schema: string) =>
    sql`SELECT jsonb_build_object('stream_seq', stream_seq) AS r FROM ${sql.id(schema, 'projection_dead_letter')}
      WHERE projection = ${shadow.readModel.name}`;
  const diff = await diffRows(view, letters('public'), letters(shadow.schema), ['stream_seq']);
  if (diff) out.push({ readModel: shadow.readModel.name, table: 'projection_dead_letter', ...diff });
  return out;
}

type Diff = Omit<TableDifference, 'readModel' | 'table'>;

/** Both multiset differences of two row queries (each selecting one jsonb column `r`), with samples. */
async function diffRows(
  view: View,
  live: RawBuilder<unknown>,
  rebuilt: RawBuilder<unknown>,
  key: string[],
): Promise<Diff | null> {
  const { rows } = await sql<{ side: 'live' | 'shadow'; r: Record<string, unknown>; n: number }>`
    SELECT side, r, n FROM (
      SELECT side, r, count(*) OVER w AS n, row_number() OVER w AS i FROM (
        SELECT 'live' AS side, r FROM (${live} EXCEPT ALL ${rebuilt}) a
        UNION ALL
        SELECT 'shadow' AS side, r FROM (${rebuilt} EXCEPT ALL ${live}) b
      ) d WINDOW w AS (PARTITION BY side)
    ) e WHERE i <= ${SAMPLES}`.execute(view);
  if (rows.length === 0) return null;
  const sample = (r: Record<string, unknown>) =>
    key.length === 0 ? r : Object.fromEntries(key.map((k) => [k, r[k]]));
  const side = (s: 'live' | 'shadow') => rows.filter((r) => r.side === s);
  return {
    onlyInLive: Number(side('live')[0]?.n ?? 0),
    onlyInShadow: Number(side('shadow')[0]?.n ?? 0),
    samplesOnlyInLive: side('live').map((r) => sample(r.r)),
    samplesOnlyInShadow: side('shadow').map((r) => sample(r.r)),
  };
}

async function primaryKey(view: View, schema: string, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT a.attname AS name FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
    WHERE i.indrelid = to_regclass(${`${schema}.${table}`}) AND i.indisprimary
    ORDER BY array_position(i.indkey::int2[], a.attnum)`.execute(view);
  return rows.map((r) => r.name);
}
