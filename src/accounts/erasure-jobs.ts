// The `erasure` rows (migration 0012): one durable job per account erasure, written before its first step, so
// a crash at any step leaves a row that a retry of the DELETE or the api role's start picks up and finishes.
// A row holds the pseudonymous user id, the scope and the progress, never an e-mail, a name or any content.
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../platform/db.js';
import { isUniqueViolation } from './user-repository.js';

export const ERASURE_STEPS = [
  'recorded',
  'fenced',
  'outbox_relayed',
  'erased_event_appended',
  'stream_purged',
  'dead_letters_deleted',
  'live_records_deleted',
  'projects_deleted',
  'account_deleted',
  'done',
] as const;

export type ErasureStep = (typeof ERASURE_STEPS)[number];

export interface ErasureJob {
  erasureId: string;
  userId: string;
  deleteData: boolean;
  step: ErasureStep;
  erasedSeq: number | null;
  purgedEvents: number;
  requestedAt: Date;
}

type Row = {
  erasure_id: string;
  user_id: string;
  delete_data: boolean;
  step: string;
  erased_seq: string | null;
  purged_events: number;
  requested_at: Date;
};

const COLUMNS = [
  'erasure_id',
  'user_id',
  'delete_data',
  'step',
  'erased_seq',
  'purged_events',
  'requested_at',
] as const;

function jobOf(r: Row): ErasureJob {
  return {
    erasureId: r.erasure_id,
    userId: r.user_id,
    deleteData: r.delete_data,
    step: r.step as ErasureStep,
    erasedSeq: r.erased_seq === null ? null : Number(r.erased_seq),
    purgedEvents: r.purged_events,
    requestedAt: r.requested_at,
  };
}

/** The user's unfinished erasure, if any. */
export async function findOpenErasure(db: Db, userId: string): Promise<ErasureJob | undefined> {
  const row = await db
    .selectFrom('erasure')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .where('finished_at', 'is', null)
    .executeTakeFirst();
  return row && jobOf(row);
}

/** The user's latest erasure, finished or not. */
export async function findLatestErasure(db: Db, userId: string): Promise<ErasureJob | undefined> {
  const row = await db
    .selectFrom('erasure')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .orderBy('requested_at', 'desc')
    .executeTakeFirst();
  return row && jobOf(row);
}

/**
 * Records a new erasure, or returns the user's unfinished one (counting the attempt); a wider scope asked
 * later widens the unfinished one (delete_data only ever goes from false to true).
 */
export async function recordErasure(db: Db, userId: string, deleteData: boolean): Promise<ErasureJob> {
  try {
    const row = await db
      .insertInto('erasure')
      // The id is a UUID v7 because it is also the id of the job's user.erased event (JetStream dedupes a retry).
      .values({ erasure_id: uuidv7(), user_id: userId, delete_data: deleteData, step: 'recorded' })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return jobOf(row);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  return resumeErasure(db, userId, deleteData);
}

async function resumeErasure(db: Db, userId: string, deleteData: boolean): Promise<ErasureJob> {
  const row = await db
    .updateTable('erasure')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), ...(deleteData ? { delete_data: true } : {}) }))
    .where('user_id', '=', userId)
    .where('finished_at', 'is', null)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (!row) return recordErasure(db, userId, deleteData); // finished in between: a new one
  return jobOf(row);
}

/** Counts another attempt at an unfinished job (the sweeper). */
export async function countErasureAttempt(db: Db, erasureId: string): Promise<void> {
  await db
    .updateTable('erasure')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('erasure_id', '=', erasureId)
    .execute();
}

/** Unfinished erasures requested before `before`, oldest first. */
export async function listOpenErasures(db: Db, before: Date, limit = 100): Promise<ErasureJob[]> {
  const rows = await db
    .selectFrom('erasure')
    .select(COLUMNS)
    .where('finished_at', 'is', null)
    .where('requested_at', '<', before)
    .orderBy('requested_at')
    .limit(limit)
    .execute();
  return rows.map(jobOf);
}

/** Erasures finished since `since`. */
export async function listFinishedErasures(db: Db, since: Date): Promise<ErasureJob[]> {
  const rows = await db
    .selectFrom('erasure')
    .select(COLUMNS)
    .where('finished_at', '>=', since)
    .orderBy('finished_at')
    .execute();
  return rows.map(jobOf);
}

export async function saveErasureStep(
  db: Db,
  erasureId: string,
  step: ErasureStep,
  fields: { erasedSeq?: number; purgedEvents?: number } = {},
): Promise<void> {
  await db
    .updateTable('erasure')
    .set({
      step,
      ...(fields.erasedSeq !== undefined ? { erased_seq: fields.erasedSeq } : {}),
      ...(fields.purgedEvents !== undefined ? { purged_events: fields.purgedEvents } : {}),
      ...(step === 'done' ? { finished_at: new Date() } : {}),
    })
    .where('erasure_id', '=', erasureId)
    .execute();
}
