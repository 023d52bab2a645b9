// Sessions read model projectors: `session` (start and end of each login session) and `session_projects`
// (projects activated in it). Events of one session may arrive in any order; each one upserts, keeping the
// creating event's stream_seq and recording the sequence of the event that set start_time or end_time.
import type { DomainEvent } from '../../events/index.js';
import { required, type Trx } from '../runner/index.js';
import { projectActivatedRows, sessionEndedRow, sessionStartedRow } from './session-rows.js';

export async function projectSessionStarted(
  trx: Trx,
  event: DomainEvent<'session.started'>,
  seq: number,
): Promise<void> {
  await trx
    .insertInto('session')
    .values(sessionStartedRow(event, seq))
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet((eb) => ({
        start_time: eb.ref('excluded.start_time'),
        start_seq: eb.ref('excluded.start_seq'),
      })),
    )
    .execute();
}

export async function projectSessionEnded(
  trx: Trx,
  event: DomainEvent<'session.ended'>,
  seq: number,
): Promise<void> {
  await trx
    .insertInto('session')
    .values(sessionEndedRow(event, seq))
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet((eb) => ({
        end_time: eb.ref('excluded.end_time'),
        end_seq: eb.ref('excluded.end_seq'),
      })),
    )
    .execute();
}

export async function projectProjectActivated(
  trx: Trx,
  event: DomainEvent<'project.activated'>,
  seq: number,
): Promise<void> {
  const rows = projectActivatedRows(event, seq);
  await trx
    .insertInto('session')
    .values(rows.session)
    .onConflict((oc) => oc.column('session_id').doNothing())
    .execute();
  await trx
    .insertInto('session_projects')
    .values(rows.sessionProject)
    .onConflict((oc) => oc.columns(['session_id', 'project_id']).doNothing())
    .execute();
}

/** Erasure with deleteData removes the user's sessions (their session_projects rows cascade). */
export async function projectUserErasedFromSessions(
  trx: Trx,
  event: DomainEvent<'user.erased'>,
): Promise<void> {
  if (!event.data.deleteData) return;
  await trx.deleteFrom('session').where('user_id', '=', required(event.userId, 'userId')).execute();
}
