// Changes to a user that only an operator makes (no route offers them, S2): verifying the account, the role
// (user, researcher, admin) and the assigned config (study arm), for `c4m users`. Each is decided on the
// locked row and commits with its event through the outbox; a value the row already has appends nothing.
import { makeEvent, type DomainEvent, type UserRole } from '../../events/index.js';
import { Errors } from '../platform/errors.js';
import type { AccountDeps } from './account-deps.js';
import { commitWithEvents, type AccountTrx } from './account-outbox.js';
import { loadConfigData, lockUserById, updateUserRow, type UserRow } from './user-repository.js';

type OperatorDeps = Pick<AccountDeps, 'db' | 'publisher' | 'clock' | 'logger'>;

export interface OperatorChange {
  user: UserRow;
  /** The event that recorded the change; null when the row already had the value (nothing appended). */
  event: DomainEvent | null;
}

/** user.updated { verified } */
export async function setUserVerified(
  deps: OperatorDeps,
  userId: string,
  verified: boolean,
  correlationId: string,
): Promise<OperatorChange> {
  return changeUser(deps, userId, async (user, trx) => {
    if (user.verified === verified) return undefined;
    const row = await updateUserRow(trx, userId, { verified });
    return {
      row,
      event: userEvent(deps, 'user.updated', row, correlationId, { verified, passwordChanged: false }),
    };
  });
}

/** user.role.changed { role } */
export async function setUserRole(
  deps: OperatorDeps,
  userId: string,
  role: UserRole,
  correlationId: string,
): Promise<OperatorChange> {
  return changeUser(deps, userId, async (user, trx) => changeRole(deps, trx, user, role, correlationId));
}

/** `c4m user admin`: granting makes the user an admin; revoking makes an admin a plain user (others keep theirs). */
export async function setUserAdmin(
  deps: OperatorDeps,
  userId: string,
  isAdmin: boolean,
  correlationId: string,
): Promise<OperatorChange> {
  return changeUser(deps, userId, async (user, trx) => {
    const role = isAdmin ? 'admin' : user.role === 'admin' ? 'user' : user.role;
    return changeRole(deps, trx, user, role, correlationId);
  });
}

async function changeRole(
  deps: OperatorDeps,
  trx: AccountTrx,
  user: UserRow,
  role: UserRole,
  correlationId: string,
): Promise<{ row: UserRow; event: DomainEvent } | undefined> {
  if (user.role === role) return undefined;
  const row = await updateUserRow(trx, user.user_id, { role });
  return { row, event: userEvent(deps, 'user.role.changed', row, correlationId, { role }) };
}

/** user.updated { configId }; 404 config not found for an id without a config row. */
export async function assignUserConfig(
  deps: OperatorDeps,
  userId: string,
  configId: number,
  correlationId: string,
): Promise<OperatorChange> {
  return changeUser(deps, userId, async (user, trx) => {
    if (Number(user.config_id) === configId) return undefined;
    if ((await loadConfigData(trx, configId)) === undefined) throw Errors.configNotFound();
    const row = await updateUserRow(trx, userId, { config_id: configId });
    return {
      row,
      event: userEvent(deps, 'user.updated', row, correlationId, { configId, passwordChanged: false }),
    };
  });
}

type Decide = (user: UserRow, trx: AccountTrx) => Promise<{ row: UserRow; event: DomainEvent } | undefined>;

async function changeUser(deps: OperatorDeps, userId: string, decide: Decide): Promise<OperatorChange> {
  return commitWithEvents<OperatorChange>(deps, async (trx) => {
    const user = await lockUserById(trx, userId);
    if (!user) throw Errors.userNotFound();
    const change = await decide(user, trx);
    return change
      ? { result: { user: change.row, event: change.event }, events: [change.event] }
      : { result: { user, event: null }, events: [] };
  });
}

function userEvent<T extends 'user.updated' | 'user.role.changed'>(
  deps: OperatorDeps,
  type: T,
  row: UserRow,
  correlationId: string,
  data: Parameters<typeof makeEvent<T>>[2],
): DomainEvent {
  return makeEvent(type, { userId: row.user_id, correlationId }, data, { occurredAt: deps.clock.now() });
}
