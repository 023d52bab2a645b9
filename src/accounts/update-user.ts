// Profile changes by the user. The preference is merged into the stored one (B18); a new password needs
// the current one (S1); an e-mail change needs verifying again; config_id and verified are the server's to
// set (S2): a request may repeat the stored value (no-op) but a different value is refused with 403. The row
// and its user.updated event commit together through the outbox.
import { makeEvent } from '../../events/index.js';
import { AppError, Errors } from '../platform/errors.js';
import { hashPassword, verifyPassword } from '../auth/index.js';
import type { AccountDeps } from './account-deps.js';
import { commitWithEvents } from './account-outbox.js';
import { mergePreference, type Preference } from './preference.js';
import { findUserById, isUniqueViolation, updateUserRow, type UserRow } from './user-repository.js';

export interface UserChanges {
  name?: string;
  email?: string;
  previous_password?: string;
  password?: string;
  preference?: Preference;
  config_id?: number;
  verified?: boolean;
}

export const serverManagedField = (field: string) =>
  new AppError(
    'server_managed_field',
    403,
    `${field} is set by the server and cannot be changed by the user.`,
  );

export async function updateUser(
  deps: AccountDeps,
  userId: string,
  changes: UserChanges,
  correlationId: string,
): Promise<UserRow> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw Errors.userNotFound();
  if (changes.config_id !== undefined && changes.config_id !== Number(user.config_id))
    throw serverManagedField('config_id');
  if (changes.verified !== undefined && changes.verified !== user.verified)
    throw serverManagedField('verified');
  if (changes.password !== undefined) {
    const ok =
      changes.previous_password !== undefined &&
      (await verifyPassword(user.password, changes.previous_password));
    if (!ok) throw Errors.invalidPreviousPassword();
  }
  const email = changes.email?.toLowerCase();
  const emailChanged = email !== undefined && email !== user.email;
  const preference = changes.preference ? mergePreference(user.preference, changes.preference) : undefined;
  const passwordHash = changes.password !== undefined ? await hashPassword(changes.password) : undefined;
  const columns = {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(emailChanged ? { email, verified: false } : {}),
    ...(preference ? { preference: JSON.stringify(preference) } : {}),
    ...(passwordHash ? { password: passwordHash } : {}),
  };
  if (Object.keys(columns).length === 0) return user;
  const event = makeEvent(
    'user.updated',
    { userId, correlationId },
    {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(emailChanged ? { email, verified: false } : {}),
      ...(preference ? { preference } : {}),
      passwordChanged: changes.password !== undefined,
    },
    { occurredAt: deps.clock.now() },
  );
  try {
    return await commitWithEvents(deps, async (trx) => ({
      result: await updateUserRow(trx, userId, columns),
      events: [event],
    }));
  } catch (err) {
    if (isUniqueViolation(err)) throw Errors.userExists();
    throw err;
  }
}
