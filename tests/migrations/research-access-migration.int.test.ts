// Migration 0006 on a database that already has users and admins (migrated to 0005 and filled first): every
// admin becomes role admin, everyone else a plain user; is_admin stays readable, computed from the role, and
// can no longer be written; down gives the flag back.
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator, ensureDatabase } from '../../migrations/migrate.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

let env: TestEnv;
/** The tables as this test sees them on either side of the migration. */
interface Tables {
  config: { config_id: number; config_data: string };
  user: {
    user_id: string;
    joined_at: Date;
    email: string;
    name: string;
    password: string;
    config_id: number;
    is_admin?: boolean;
    role?: string;
  };
  api_token: { token_id: string; user_id: string; name: string; token_hash: string; created_at: Date };
  'information_schema.tables': { table_name: string };
}
let db: Kysely<Tables>;
const admin = randomUUID();
const plain = randomUUID();

beforeAll(async () => {
  env = await createTestEnv({ migrate: false });
  await ensureDatabase(env.config.databaseUrl);
  db = new Kysely<Tables>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: env.config.databaseUrl, max: 1 }) }),
  });
  const before = await createMigrator(db).migrateTo('0005_completion_facts');
  expect(before.error).toBeUndefined();
  await db.insertInto('config').values({ config_id: 1, config_data: 'c' }).execute();
  await db
    .insertInto('user')
    .values([aUser(admin, true), aUser(plain, false)])
    .execute();
});
afterAll(async () => {
  await db?.destroy();
  await env?.cleanup();
});

function aUser(userId: string, isAdmin: boolean): Tables['user'] {
  return {
    user_id: userId,
    joined_at: new Date(),
    email: `${userId}@example.org`,
    name: 'Ada',
    password: 'x',
    config_id: 1,
    is_admin: isAdmin,
  };
}

const roles = async () =>
  (await db.selectFrom('user').select(['user_id', 'role', 'is_admin']).orderBy('email').execute()).map(
    (r) => [r.user_id === admin ? 'admin' : 'plain', r.role, r.is_admin],
  );

describe('migration 0006 (research access)', () => {
  it('gives admins the admin role and everyone else the user role, keeping is_admin as role = admin', async () => {
    const up = await createMigrator(db).migrateTo('0006_research_access');
    expect(up.error).toBeUndefined();
    expect(new Set(await roles())).toEqual(
      new Set([
        ['admin', 'admin', true],
        ['plain', 'user', false],
      ]),
    );
    await db.updateTable('user').set({ role: 'researcher' }).where('user_id', '=', plain).execute();
    const after = await db
      .selectFrom('user')
      .select('is_admin')
      .where('user_id', '=', plain)
      .executeTakeFirst();
    expect(after?.is_admin).toBe(false);
    const newUser = randomUUID();
    const { is_admin: _ignored, ...withoutFlag } = aUser(newUser, false);
    await db.insertInto('user').values(withoutFlag).execute();
    const row = await db
      .selectFrom('user')
      .select(['role', 'is_admin'])
      .where('user_id', '=', newUser)
      .executeTakeFirst();
    expect(row).toEqual({ role: 'user', is_admin: false });
    await db.deleteFrom('user').where('user_id', '=', newUser).execute();
  });

  it('refuses a role outside the three and any write of is_admin', async () => {
    await expect(
      db.updateTable('user').set({ role: 'owner' }).where('user_id', '=', plain).execute(),
    ).rejects.toMatchObject({ code: '23514', constraint: 'user_role_check' });
    await expect(
      db.updateTable('user').set({ is_admin: true }).where('user_id', '=', plain).execute(),
    ).rejects.toMatchObject({ code: '428C9' });
  });

  it('creates api_token, whose rows go with their user', async () => {
    await db
      .insertInto('api_token')
      .values({ token_id: randomUUID(), user_id: plain, name: 'n', token_hash: 'h', created_at: new Date() })
      .execute();
    await expect(
      db
        .insertInto('api_token')
        .values({
          token_id: randomUUID(),
          user_id: admin,
          name: 'n',
          token_hash: 'h',
          created_at: new Date(),
        })
        .execute(),
    ).rejects.toMatchObject({ code: '23505' });
    await db.deleteFrom('user').where('user_id', '=', plain).execute();
    expect(await db.selectFrom('api_token').selectAll().execute()).toEqual([]);
  });

  it('goes down to a writable is_admin, true for admins only (researchers become plain users)', async () => {
    await sql`INSERT INTO "user" (user_id, joined_at, email, name, password, config_id, role)
      VALUES (${plain}, now(), ${`${plain}@example.org`}, 'Ada', 'x', 1, 'researcher')`.execute(db);
    const down = await createMigrator(db).migrateTo('0005_completion_facts');
    expect(down.error).toBeUndefined();
    const rows = await db.selectFrom('user').selectAll().execute();
    expect(new Set(rows.map((r) => [r.user_id === admin, r.is_admin, 'role' in r]))).toEqual(
      new Set([
        [true, true, false],
        [false, false, false],
      ]),
    );
    const tables = await db
      .selectFrom('information_schema.tables')
      .select('table_name')
      .where('table_name', '=', 'api_token')
      .execute();
    expect(tables).toEqual([]);
    await db.updateTable('user').set({ is_admin: true }).where('user_id', '=', plain).execute();
  });
});
