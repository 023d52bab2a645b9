// Account deletion: ends the session (session.ended), records user.erased, purges the user's earlier events
// from the stream (all of them with delete_data, else the ones holding e-mail and name), deletes the row
// (memberships cascade: user.erased also ends them) and revokes every token, so a deleted user can do nothing
// more (B16). Account events of the user still in the outbox are appended first, so none lands after user.erased.
import { makeEvent } from '../../events/index.js';
import { Errors } from '../platform/errors.js';
import { revokeAuthTokens } from '../auth/index.js';
import type { AccountDeps } from './account-deps.js';
import type { PurgeUserEvents } from './purge-user-events.js';
import { relayOutbox } from './outbox-relay.js';
import { endUserSession } from './session-lifecycle.js';
import { deleteUserRow, findUserById } from './user-repository.js';

export interface ErasureRequest {
  userId: string;
  authToken: string;
  deleteData: boolean;
  correlationId: string;
}

export async function eraseUser(
  deps: AccountDeps,
  purge: PurgeUserEvents | undefined,
  req: ErasureRequest,
): Promise<{ purgedEvents: number }> {
  if (!purge) throw Errors.unavailable('Account deletion');
  if (!(await findUserById(deps.db, req.userId))) throw Errors.userNotFound();
  await relayOutbox(deps, { userId: req.userId, graceMs: 0 });
  await endUserSession(deps, req.userId, 'user_deleted', req.correlationId);
  const { seq } = await deps.publisher.append(
    makeEvent(
      'user.erased',
      { userId: req.userId, correlationId: req.correlationId },
      { deleteData: req.deleteData },
      {
        occurredAt: deps.clock.now(),
      },
    ),
  );
  const purgedEvents = await purge({
    userId: req.userId,
    beforeSeq: seq,
    scope: req.deleteData ? 'all' : 'account',
  });
  await deleteUserRow(deps.db, req.userId);
  await revokeAuthTokens(deps.redis, req.userId, req.authToken);
  deps.logger.info({ userId: req.userId, deleteData: req.deleteData, purgedEvents }, 'user erased');
  return { purgedEvents };
}
