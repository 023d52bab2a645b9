// Reads of the `study` write model and the status a study has at an instant: scheduled before its start,
// running from its start until its end, ended from its end on. The status is computed from time at each read,
// so a study starts and ends on time even between two passes of the schedule.
import type { Selectable } from 'kysely';
import type { Db } from '../platform/db.js';
import type { StudyTable } from '../platform/db-schema.js';

export type StudyStatus = 'scheduled' | 'running' | 'ended';

export interface StudyRecord {
  studyId: string;
  name: string;
  description: string;
  configIds: number[];
  defaultConfigId: number;
  startsAt: string;
  endsAt: string | null;
  createdAt: string;
  status: StudyStatus;
}

export type StudyRow = Selectable<StudyTable>;

/** An end at or before now wins over the start (a study an admin ended before its start never runs). */
export function statusAt(study: Pick<StudyRow, 'starts_at' | 'ends_at'>, now: Date): StudyStatus {
  if (study.ends_at !== null && now >= study.ends_at) return 'ended';
  return now < study.starts_at ? 'scheduled' : 'running';
}

export function toStudyRecord(row: StudyRow, now: Date): StudyRecord {
  return {
    studyId: row.study_id,
    name: row.name,
    description: row.description,
    configIds: row.config_ids.map(Number),
    defaultConfigId: Number(row.default_config_id),
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at ? row.ends_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    status: statusAt(row, now),
  };
}

export async function listStudyRows(db: Db): Promise<StudyRow[]> {
  return db.selectFrom('study').selectAll().orderBy('starts_at').orderBy('study_id').execute();
}

export async function findStudyRow(db: Db, studyId: string): Promise<StudyRow | undefined> {
  return db.selectFrom('study').selectAll().where('study_id', '=', studyId).executeTakeFirst();
}

/** The study running at `now`, if any (studies never overlap, so there is at most one). */
export async function runningStudyRow(db: Db, now: Date): Promise<StudyRow | undefined> {
  return db
    .selectFrom('study')
    .selectAll()
    .where('starts_at', '<=', now)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .orderBy('starts_at', 'desc')
    .executeTakeFirst();
}
