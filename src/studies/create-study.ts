// Creating a study: at least two distinct existing configs (the arms), a default among them (the control arm
// the others are compared with), a start and an optional end after it and after now. Studies may not overlap
// (a user has one config at a time). The row commits with its study.created event, under a lock so that two
// admins creating overlapping studies at once cannot both succeed.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { makeEvent } from '../../events/index.js';
import { commitWithEvents } from '../accounts/account-outbox.js';
import { missingConfigIds } from './config-repository.js';
import type { StudyDeps } from './study-deps.js';
import { StudyErrors } from './study-errors.js';
import { toStudyRecord, type StudyRecord, type StudyRow } from './study-repository.js';

export interface NewStudy {
  name: string;
  description?: string;
  configIds: number[];
  defaultConfigId: number;
  startsAt: Date;
  endsAt?: Date | null;
}

export async function createStudy(
  deps: StudyDeps,
  input: NewStudy,
  correlationId: string,
): Promise<StudyRecord> {
  const now = deps.clock.now();
  checkStudy(input, now);
  const missing = await missingConfigIds(deps.db, input.configIds);
  if (missing.length > 0) throw StudyErrors.configNotFound(missing[0]!);
  const row: StudyRow = {
    study_id: uuidv7(),
    name: input.name.trim(),
    description: input.description ?? '',
    config_ids: input.configIds,
    default_config_id: input.defaultConfigId,
    starts_at: input.startsAt,
    ends_at: input.endsAt ?? null,
    created_at: now,
    start_recorded: false,
    end_recorded: false,
    ended_early: false,
  };
  await commitWithEvents(deps, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('c4m:study'))`.execute(trx);
    const other = await trx
      .selectFrom('study')
      .select('study_id')
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', row.starts_at)]))
      .$if(row.ends_at !== null, (qb) => qb.where('starts_at', '<', row.ends_at!))
      .executeTakeFirst();
    if (other) throw StudyErrors.studiesOverlap(other.study_id);
    await trx.insertInto('study').values(row).execute();
    return { result: undefined, events: [studyCreatedEvent(row, correlationId)] };
  });
  return toStudyRecord(row, now);
}

function checkStudy(input: NewStudy, now: Date): void {
  const name = input.name.trim();
  if (name === '' || name.length > 200) throw StudyErrors.invalidStudy('a name has 1 to 200 characters.');
  if (new Set(input.configIds).size !== input.configIds.length)
    throw StudyErrors.invalidStudy('each config is one arm: a config id is listed twice.');
  if (input.configIds.length < 2) throw StudyErrors.invalidStudy('a study compares at least two configs.');
  if (!input.configIds.includes(input.defaultConfigId))
    throw StudyErrors.invalidStudy(`the default config ${input.defaultConfigId} is not one of its arms.`);
  if (Number.isNaN(input.startsAt.getTime())) throw StudyErrors.invalidStudy('the start is not an instant.');
  const end = input.endsAt ?? null;
  if (end !== null && !(end > input.startsAt)) throw StudyErrors.invalidStudy('it must end after it starts.');
  if (end !== null && !(end > now)) throw StudyErrors.invalidStudy('its end is already past.');
}

function studyCreatedEvent(row: StudyRow, correlationId: string) {
  return makeEvent(
    'study.created',
    { userId: null, correlationId },
    {
      studyId: row.study_id,
      name: row.name,
      description: row.description,
      configIds: row.config_ids,
      defaultConfigId: row.default_config_id,
      startsAt: row.starts_at.toISOString(),
      endsAt: row.ends_at ? row.ends_at.toISOString() : null,
      createdAt: row.created_at.toISOString(),
    },
    { occurredAt: row.created_at },
  );
}
