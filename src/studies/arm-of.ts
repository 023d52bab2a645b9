// The assignment rule: a user's arm in a study is fixed by a hash of the study id and the user id, so the same
// pair always gives the same arm, on any API process, with nothing stored first; sha256 spreads users evenly
// over the arms (docs/studies.md, "The assignment rule").
import { createHash } from 'node:crypto';

/** Index into the study's arms (0 ≤ i < armCount): the first 48 bits of sha256("<studyId>:<userId>") mod armCount. */
export function armIndexOf(studyId: string, userId: string, armCount: number): number {
  if (!Number.isInteger(armCount) || armCount < 1) throw new RangeError(`a study has no ${armCount} arms`);
  const digest = createHash('sha256').update(`${studyId.toLowerCase()}:${userId.toLowerCase()}`).digest();
  return digest.readUIntBE(0, 6) % armCount;
}

/** The config of the user's arm. */
export function armOf(study: { studyId: string; configIds: readonly number[] }, userId: string): number {
  const arm = study.configIds[armIndexOf(study.studyId, userId, study.configIds.length)];
  if (arm === undefined) throw new RangeError('a study has no arms');
  return arm;
}
