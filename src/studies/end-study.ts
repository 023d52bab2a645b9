// Ending a study early (admin): its end moves to now (a scheduled study then never runs), and a schedule pass
// runs at once, so its participants get their previous configs back and study.ended (reason admin) is in the
// log when this returns.
import type { StudyDeps } from './study-deps.js';
import { StudyErrors } from './study-errors.js';
import { findStudyRow, statusAt, toStudyRecord, type StudyRecord } from './study-repository.js';
import { runStudySchedule } from './study-schedule.js';

export async function endStudy(deps: StudyDeps, studyId: string): Promise<StudyRecord> {
  const now = deps.clock.now();
  const study = await findStudyRow(deps.db, studyId);
  if (!study) throw StudyErrors.studyNotFound(studyId);
  if (statusAt(study, now) === 'ended') throw StudyErrors.studyAlreadyEnded(studyId);
  const row = await deps.db
    .updateTable('study')
    .set({ ends_at: now, ended_early: true })
    .where('study_id', '=', studyId)
    .where('end_recorded', '=', false)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw StudyErrors.studyAlreadyEnded(studyId);
  await runStudySchedule(deps);
  return toStudyRecord(row, now);
}
