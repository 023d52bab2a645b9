// Studies read model projectors: `study_definition` (study.created, started, ended) and `study_arm_assignment`
// (the assignment history: study.arm.assigned, released). Each upserts, so a redelivered event changes
// nothing, and records the sequence of the event that set what it wrote.
import type { DomainEvent } from '../../events/index.js';
import { required, type Trx } from '../runner/index.js';

export async function projectStudyCreated(
  trx: Trx,
  event: DomainEvent<'study.created'>,
  seq: number,
): Promise<void> {
  const d = event.data;
  const row = {
    study_id: d.studyId,
    name: d.name,
    description: d.description,
    config_ids: d.configIds,
    default_config_id: d.defaultConfigId,
    starts_at: d.startsAt,
    ends_at: d.endsAt,
    created_at: d.createdAt,
    stream_seq: seq,
  };
  await trx
    .insertInto('study_definition')
    .values(row)
    .onConflict((oc) => oc.column('study_id').doNothing())
    .execute();
}

export async function projectStudyStarted(
  trx: Trx,
  event: DomainEvent<'study.started'>,
  seq: number,
): Promise<void> {
  await trx
    .updateTable('study_definition')
    .set({ started_at: event.data.startedAt, start_seq: seq })
    .where('study_id', '=', event.data.studyId)
    .execute();
}

export async function projectStudyEnded(
  trx: Trx,
  event: DomainEvent<'study.ended'>,
  seq: number,
): Promise<void> {
  await trx
    .updateTable('study_definition')
    .set({ ended_at: event.data.endedAt, end_reason: event.data.reason, end_seq: seq })
    .where('study_id', '=', event.data.studyId)
    .execute();
}

export async function projectArmAssigned(
  trx: Trx,
  event: DomainEvent<'study.arm.assigned'>,
  seq: number,
): Promise<void> {
  const d = event.data;
  await trx
    .insertInto('study_arm_assignment')
    .values({
      study_id: d.studyId,
      user_id: required(event.userId, 'userId'),
      config_id: d.configId,
      previous_config_id: d.previousConfigId,
      assigned_at: d.assignedAt,
      stream_seq: seq,
    })
    .onConflict((oc) => oc.columns(['study_id', 'user_id']).doNothing())
    .execute();
}

export async function projectArmReleased(
  trx: Trx,
  event: DomainEvent<'study.arm.released'>,
  seq: number,
): Promise<void> {
  await trx
    .updateTable('study_arm_assignment')
    .set({ released_at: event.data.releasedAt, released_seq: seq })
    .where('study_id', '=', event.data.studyId)
    .where('user_id', '=', required(event.userId, 'userId'))
    .execute();
}

/** Erasure with deleteData removes the user's assignment history (their completions go with the queries). */
export async function projectUserErasedFromStudies(
  trx: Trx,
  event: DomainEvent<'user.erased'>,
): Promise<void> {
  if (!event.data.deleteData) return;
  await trx
    .deleteFrom('study_arm_assignment')
    .where('user_id', '=', required(event.userId, 'userId'))
    .execute();
}
