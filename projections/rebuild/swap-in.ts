// The swap of a caught-up shadow into public, in one transaction: lock the live checkpoint row (the live
// runner's next batch waits on it), catch the shadow up to the live position, move the live tables out
// and the shadow's in, take over its dead letters and set the live checkpoint. Readers wait for the few
// ALTERs and then see the new tables whole; the live runner goes on from the new checkpoint.
import { sql } from 'kysely';
import type { Db } from '../../src/platform/db.js';
import type { Logger } from '../../src/platform/logger.js';
import { lockCheckpoint, readCheckpoint } from '../runner/checkpoint.js';
import type { Trx } from '../runner/index.js';
import { RebuildRefusedError } from './rebuild-errors.js';
import { oldSchemaName, type Shadow } from './shadow-schema.js';

/** Brings the shadow to at least `seq`; returns the messages read. */
export type CatchUp = (shadow: Shadow, seq: number) => Promise<number>;

/** How long the swap waits for a lock (a long query on a live table) before it lets go and tries again. */
const LOCK_TIMEOUT = '10s';
const SWAP_ATTEMPTS = 3;

export interface SwapOutcome {
  position: number;
  events: number;
}

/**
 * `streamHead` gives the stream's last sequence: a live checkpoint beyond it (a stream created again) is not
 * kept, so the rebuild a halted read model asks for heals it.
 */
export async function swapIn(
  db: Db,
  shadow: Shadow,
  catchUp: CatchUp,
  streamHead: () => Promise<number>,
  logger: Logger,
): Promise<SwapOutcome> {
  await ensureCheckpointRow(db, shadow.readModel.name);
  for (let attempt = 1; ; attempt++) {
    try {
      return await swapOnce(db, shadow, catchUp, streamHead);
    } catch (err) {
      if ((err as { code?: string }).code !== '55P03' || attempt >= SWAP_ATTEMPTS) throw err;
      logger.warn({ readModel: shadow.readModel.name, attempt }, 'swap waited too long for a lock; retrying');
    }
  }
}

/** The row must exist before the swap locks it: a missing row locks nothing and the runner would go on. */
export async function ensureCheckpointRow(db: Db, projection: string): Promise<void> {
  await db
    .insertInto('projection_checkpoint')
    .values({ projection, last_seq: 0, updated_at: new Date() })
    .onConflict((oc) => oc.column('projection').doNothing())
    .execute();
}

async function swapOnce(
  db: Db,
  shadow: Shadow,
  catchUp: CatchUp,
  streamHead: () => Promise<number>,
): Promise<SwapOutcome> {
  const { readModel, schema } = shadow;
  const trx = await db.startTransaction().execute();
  try {
    await sql`SET LOCAL lock_timeout = ${sql.lit(LOCK_TIMEOUT)}`.execute(trx);
    const live = Math.min(await lockCheckpoint(trx, readModel.name), await streamHead());
    const events = await catchUp(shadow, live);
    // Deleted messages (erasures) can leave the shadow's checkpoint short of `live`: it has read that far.
    const position = Math.max(live, await readCheckpoint(shadow.db, readModel.name));
    await refuseOutsideDependents(trx, shadow);
    const old = oldSchemaName(schema);
    await sql`CREATE SCHEMA ${sql.id(old)}`.execute(trx);
    for (const table of readModel.tables) {
      if (await tableExists(trx, 'public', table))
        await sql`ALTER TABLE ${sql.id('public', table)} SET SCHEMA ${sql.id(old)}`.execute(trx);
      await sql`ALTER TABLE ${sql.id(schema, table)} SET SCHEMA public`.execute(trx);
    }
    await replaceDeadLetters(trx, readModel.name, schema);
    await sql`UPDATE public.projection_checkpoint SET last_seq = ${position}, updated_at = now()
      WHERE projection = ${readModel.name}`.execute(trx);
    await trx.commit().execute();
    return { position, events };
  } catch (err) {
    await trx
      .rollback()
      .execute()
      .catch(() => undefined);
    throw err;
  }
}

async function replaceDeadLetters(trx: Trx, projection: string, schema: string): Promise<void> {
  await sql`DELETE FROM public.projection_dead_letter WHERE projection = ${projection}`.execute(trx);
  await sql`INSERT INTO public.projection_dead_letter (projection, stream_seq, subject, reason, payload, received_at)
    SELECT projection, stream_seq, subject, reason, payload, received_at
    FROM ${sql.id(schema, 'projection_dead_letter')} WHERE projection = ${projection} ORDER BY id`.execute(
    trx,
  );
}

export async function tableExists(trx: Trx, schema: string, table: string): Promise<boolean> {
  const found = await sql<{ oid: unknown }>`SELECT to_regclass(${`${schema}.${table}`}) AS oid`.execute(trx);
  return found.rows[0]?.oid !== null;
}

/**
 * Views and foreign keys outside the read model would follow the live tables into the old schema and be
 * dropped with it: refuse instead (a read model's foreign keys stay within it, docs/projections.md).
 */
async function refuseOutsideDependents(trx: Trx, shadow: Shadow): Promise<void> {
  const tables = [...shadow.readModel.tables];
  const found = await sql<{ what: string }>`
    WITH live AS (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace
      AND relname = ANY(${tables}::text[]) AND relkind IN ('r', 'p'))
    SELECT 'foreign key ' || conname || ' of ' || conrelid::regclass::text AS what FROM pg_constraint
      WHERE contype = 'f' AND confrelid IN (SELECT oid FROM live) AND conrelid NOT IN (SELECT oid FROM live)
    UNION
    SELECT 'view ' || r.ev_class::regclass::text FROM pg_depend d
      JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
      WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid IN (SELECT oid FROM live)
        AND r.ev_class NOT IN (SELECT oid FROM live)`.execute(trx);
  if (found.rows.length > 0) {
    const what = found.rows.map((r) => r.what).join(', ');
    throw new RebuildRefusedError(shadow.readModel.name, `objects outside it depend on its tables (${what})`);
  }
}
