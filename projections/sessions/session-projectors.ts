// Sessions read model projectors: `session` (start and end of each login session) and `session_projects`
// (projects activated in it). Events of one session may arrive in any order; each one upserts.
import type { DomainEvent } from '../../events/index.js';
import { required, type Trx } from '../runner/index.js';
import { projectActivatedRows, sessionEndedRow, sessionStartedRow } from './session-rows.js';

export async function projectSessionStarted(trx: Trx, event: DomainEvent<'session.started'>): Promise<void> {
  await trx
    .insertInto('session')
    .values(sessionStartedRow(event))
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet((eb) => ({ start_time: eb.ref('excluded.start_time') })),
    )
    .execute();
}

export async function projectSessionEnded(trx: Trx, event: DomainEvent<'session.ended'>): Promise<void> {
  await trx
    .insertInto('session')
    .values(sessionEndedRow(event))
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet((eb) => ({ end_time: eb.ref('excluded.end_time') })),
    )
    .execute();
}

export async function projectProjectActivated(
  trx: Trx,
  event: DomainEvent<'project.activated'>,
): Promise<void> {
  const rows = projectActivatedRows(event);
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
