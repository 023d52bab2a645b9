// Reads and writes of the `api_token` table. The secret's hash is written once and read only by the lookup
// that authenticates a request; listings never return it.
import type { Insertable, Selectable } from 'kysely';
import type { UserRole } from '../../events/index.js';
import type { Db } from '../platform/db.js';
import type { ApiTokenTable } from '../platform/db-schema.js';

export type ApiTokenRow = Omit<Selectable<ApiTokenTable>, 'token_hash'>;
export type NewApiToken = Insertable<ApiTokenTable>;

/** The token that authenticated a request, and its holder's role now. */
export interface ApiTokenHolder {
  tokenId: string;
  userId: string;
  role: UserRole;
}

const LISTED = ['token_id', 'user_id', 'name', 'created_at', 'revoked_at', 'last_used_at'] as const;

export async function insertApiToken(db: Db, token: NewApiToken): Promise<ApiTokenRow> {
  return db.insertInto('api_token').values(token).returning(LISTED).executeTakeFirstOrThrow();
}

/** The token's row, locked until the transaction ends. */
export async function lockApiToken(db: Db, tokenId: string): Promise<ApiTokenRow | undefined> {
  return db
    .selectFrom('api_token')
    .select(LISTED)
    .where('token_id', '=', tokenId)
    .forUpdate()
    .executeTakeFirst();
}

export async function markApiTokenRevoked(db: Db, tokenId: string, at: Date): Promise<ApiTokenRow> {
  return db
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('token_id', '=', tokenId)
    .returning(LISTED)
    .executeTakeFirstOrThrow();
}

/** Every token of the user, revoked ones too, oldest first. */
export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_token')
    .select(LISTED)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('token_id')
    .execute();
}

/**
 * The unrevoked token with this hash and its holder's current role, noting the use. The match is the
 * database's index lookup of the hash, so no secret is ever compared in JavaScript.
 */
export async function useApiToken(db: Db, tokenHash: string, at: Date): Promise<ApiTokenHolder | undefined> {
  return db
    .updateTable('api_token')
    .from('user')
    .set({ last_used_at: at })
    .whereRef('user.user_id', '=', 'api_token.user_id')
    .where('api_token.token_hash', '=', tokenHash)
    .where('api_token.revoked_at', 'is', null)
    .returning(['api_token.token_id as tokenId', 'user.user_id as userId', 'user.role as role'])
    .executeTakeFirst();
}

export async function findUserRole(db: Db, userId: string): Promise<UserRole | undefined> {
  const row = await db.selectFrom('user').select('role').where('user_id', '=', userId).executeTakeFirst();
  return row?.role;
}
