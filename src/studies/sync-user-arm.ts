// A user's arm, brought up to date at an instant: an arm whose study is no longer running is released (the
// config the user had before is given back), and a verified user not yet in the running study is assigned the
// arm the rule gives (arm-of.ts). Runs at every sign-in (so a study takes effect on time) and from the
// schedule's passes (so the history holds users who do not sign in). Decided on the locked user row; the row
// changes commit with their study.arm.* events through the account outbox.
import { makeEvent, type DomainEvent } from '../../events/index.js';
import { commitWithEvents, type AccountTrx } from '../accounts/account-outbox.js';
import { lockUserById, updateUserRow, type UserRow } from '../accounts/index.js';
import { armOf } from './arm-of.js';
import type { StudyDeps } from './study-deps.js';
import { runningStudyRow, statusAt } from './study-repository.js';

export interface ArmSync {
  /** The user's config after the sync; null when the user does not exist. */
  configId: number | null;
  events: DomainEvent[];
}

export async function syncUserArm(deps: StudyDeps, userId: string, correlationId: string): Promise<ArmSync> {
  const now = deps.clock.now();
  return commitWithEvents<ArmSync>(deps, async (trx) => {
    const user = await lockUserById(trx, userId);
    if (!user) return { result: { configId: null, events: [] }, events: [] };
    const released = await releaseEndedArm(trx, user, now, correlationId);
    const current = released?.user ?? user;
    const assigned = await assignRunningArm(trx, current, now, correlationId);
    const events = [released?.event, assigned?.event].filter((e): e is DomainEvent => e !== undefined);
    const configId = Number((assigned?.user ?? current).config_id);
    return { result: { configId, events }, events };
  });
}

type Change = { user: UserRow; event: DomainEvent } | undefined;

async function releaseEndedArm(
  trx: AccountTrx,
  user: UserRow,
  now: Date,
  correlationId: string,
): Promise<Change> {
  const open = await trx
    .selectFrom('study_assignment as a')
    .innerJoin('study as s', 's.study_id', 'a.study_id')
    .select(['a.study_id', 'a.config_id', 'a.previous_config_id', 's.starts_at', 's.ends_at'])
    .where('a.user_id', '=', user.user_id)
    .where('a.released_at', 'is', null)
    .executeTakeFirst();
  if (!open || statusAt(open, now) === 'running') return undefined;
  // Released when the study ended, not when this sync noticed it.
  const releasedAt = open.ends_at ?? now;
  await trx
    .updateTable('study_assignment')
    .set({ released_at: releasedAt })
    .where('study_id', '=', open.study_id)
    .where('user_id', '=', user.user_id)
    .execute();
  // A user moved off the arm by an operator keeps the config the operator chose.
  const restored =
    Number(user.config_id) === Number(open.config_id)
      ? Number(open.previous_config_id)
      : Number(user.config_id);
  const row = await updateUserRow(trx, user.user_id, { config_id: restored });
  const data = {
    studyId: open.study_id,
    configId: Number(open.config_id),
    restoredConfigId: restored,
    releasedAt: releasedAt.toISOString(),
  };
  return {
    user: row,
    event: makeEvent('study.arm.released', { userId: user.user_id, correlationId }, data, {
      occurredAt: now,
    }),
  };
}

async function assignRunningArm(
  trx: AccountTrx,
  user: UserRow,
  now: Date,
  correlationId: string,
): Promise<Change> {
  if (!user.verified) return undefined;
  const study = await runningStudyRow(trx, now);
  if (!study) return undefined;
  const configId = armOf({ studyId: study.study_id, configIds: study.config_ids.map(Number) }, user.user_id);
  const previous = Number(user.config_id);
  const inserted = await trx
    .insertInto('study_assignment')
    .values({
      study_id: study.study_id,
      user_id: user.user_id,
      config_id: configId,
      previous_config_id: previous,
      assigned_at: now,
    })
    .onConflict((oc) => oc.columns(['study_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  // Already assigned in this study (and perhaps moved by an operator since): nothing to do.
  if (!inserted) return undefined;
  const row = await updateUserRow(trx, user.user_id, { config_id: configId });
  const data = {
    studyId: study.study_id,
    configId,
    previousConfigId: previous,
    assignedAt: now.toISOString(),
  };
  return {
    user: row,
    event: makeEvent('study.arm.assigned', { userId: user.user_id, correlationId }, data, {
      occurredAt: now,
    }),
  };
}
