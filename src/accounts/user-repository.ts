// Reads and writes of the `user` and `config` tables. Emails are stored lower-cased; uniqueness is the
// database's unique index (a concurrent duplicate sign-up fails there, not in a read-then-write race).
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../platform/db.js';
import type { UserTable } from '../platform/db-schema.js';
import type { Preference } from './preference.js';

export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;

export async function findUserById(db: Db, userId: string): Promise<UserRow | undefined> {
  return db.selectFrom('user').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** The user's row, locked until the transaction ends (a change decided on what it read). */
export async function lockUserById(db: Db, userId: string): Promise<UserRow | undefined> {
  return db.selectFrom('user').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('user').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function insertUser(db: Db, user: NewUser): Promise<void> {
  await db.insertInto('user').values(user).execute();
}

export async function updateUserRow(
  db: Db,
  userId: string,
  changes: Updateable<UserTable>,
): Promise<UserRow> {
  return db
    .updateTable('user')
    .set(changes)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteUserRow(db: Db, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('user').where('user_id', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function loadUserPreferenceRow(db: Db, userId: string): Promise<Preference | undefined> {
  const row = await db
    .selectFrom('user')
    .select('preference')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.preference;
}

export async function loadConfigData(db: Db, configId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('config')
    .select('config_data')
    .where('config_id', '=', configId)
    .executeTakeFirst();
  return row?.config_data;
}

/** True when the error is PostgreSQL's unique violation (23505). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
