// The study schedule (api role, every API process; safe side by side): each pass records what time has
// done to the studies. A study whose end came has every open arm released and study.ended appended; one
// whose start came gets study.started; the running study's verified users not yet in it are assigned. A
// sign-in syncs its user at once (sync-user-arm.ts), so the plugin's config never waits for a pass.
import { makeEvent } from '../../events/index.js';
import { commitWithEvents } from '../accounts/account-outbox.js';
import { createPeriodicTask, type PeriodicTask } from '../accounts/periodic-task.js';
import type { StudyDeps } from './study-deps.js';
import { runningStudyRow, type StudyRow } from './study-repository.js';
import { syncUserArm } from './sync-user-arm.js';

export const DEFAULT_STUDY_SCHEDULE_INTERVAL_MS = 10_000;
const SCHEDULE_CORRELATION_ID = 'study-schedule';

export interface SchedulePass {
  started: string[];
  ended: string[];
  assigned: number;
  released: number;
}

export function createStudySchedule(
  deps: StudyDeps,
  intervalMs = DEFAULT_STUDY_SCHEDULE_INTERVAL_MS,
): PeriodicTask {
  const logger = deps.logger.child({ task: 'study-schedule' });
  return createPeriodicTask(
    'study schedule',
    intervalMs,
    async () => {
      const pass = await runStudySchedule({ ...deps, logger });
      if (pass.started.length + pass.ended.length + pass.assigned + pass.released > 0)
        logger.info(pass, 'studies');
    },
    logger,
  );
}

/** One pass at the clock's now; `batchSize` caps the users assigned per pass (the next pass goes on). */
export async function runStudySchedule(deps: StudyDeps, batchSize = 500): Promise<SchedulePass> {
  const now = deps.clock.now();
  const pass: SchedulePass = { started: [], ended: [], assigned: 0, released: 0 };
  for (const study of await dueToEnd(deps, now)) {
    pass.released += await syncUsers(deps, openParticipants(deps, study.study_id));
    if (await recordOnce(deps, study, 'end')) pass.ended.push(study.study_id);
  }
  const running = await runningStudyRow(deps.db, now);
  if (running && !running.start_recorded && (await recordOnce(deps, running, 'start')))
    pass.started.push(running.study_id);
  if (running)
    pass.assigned += await syncUsers(deps, unassignedVerifiedUsers(deps, running.study_id, batchSize));
  return pass;
}

async function dueToEnd(deps: StudyDeps, now: Date): Promise<StudyRow[]> {
  return deps.db
    .selectFrom('study')
    .selectAll()
    .where('end_recorded', '=', false)
    .where('ends_at', '<=', now)
    .orderBy('ends_at')
    .execute();
}

async function openParticipants(deps: StudyDeps, studyId: string): Promise<string[]> {
  const rows = await deps.db
    .selectFrom('study_assignment')
    .select('user_id')
    .where('study_id', '=', studyId)
    .where('released_at', 'is', null)
    .execute();
  return rows.map((r) => r.user_id);
}

async function unassignedVerifiedUsers(deps: StudyDeps, studyId: string, limit: number): Promise<string[]> {
  const rows = await deps.db
    .selectFrom('user as u')
    .select('u.user_id')
    .where('u.verified', '=', true)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('study_assignment as a')
            .select('a.user_id')
            .whereRef('a.user_id', '=', 'u.user_id')
            .where('a.study_id', '=', studyId),
        ),
      ),
    )
    .orderBy('u.user_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.user_id);
}

async function syncUsers(deps: StudyDeps, userIds: Promise<string[]>): Promise<number> {
  let changed = 0;
  for (const userId of await userIds) {
    const sync = await syncUserArm(deps, userId, SCHEDULE_CORRELATION_ID);
    changed += sync.events.length;
  }
  return changed;
}

/** Appends study.started or study.ended once: the flag is set under the row's lock with the event. */
async function recordOnce(deps: StudyDeps, study: StudyRow, what: 'start' | 'end'): Promise<boolean> {
  const column = what === 'start' ? 'start_recorded' : 'end_recorded';
  return commitWithEvents(deps, async (trx) => {
    const row = await trx
      .selectFrom('study')
      .selectAll()
      .where('study_id', '=', study.study_id)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row[column]) return { result: false, events: [] };
    await trx
      .updateTable('study')
      .set({ [column]: true })
      .where('study_id', '=', study.study_id)
      .execute();
    const ids = { userId: null, correlationId: SCHEDULE_CORRELATION_ID };
    const event =
      what === 'start'
        ? makeEvent('study.started', ids, { studyId: row.study_id, startedAt: row.starts_at.toISOString() })
        : makeEvent('study.ended', ids, {
            studyId: row.study_id,
            endedAt: (row.ends_at ?? deps.clock.now()).toISOString(),
            reason: row.ended_early ? 'admin' : 'schedule',
          });
    return { result: true, events: [event] };
  });
}
