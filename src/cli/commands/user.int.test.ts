// `c4m users` (alias `c4m user`) against the real services (its own database and stream): each change of the
// row appends exactly one event, a repeat none; an unknown user or config is exit 4 with its message; no
// stream, no change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOfUserFilter, type DomainEvent } from '../../../events/index.js';
import { findUserById } from '../../accounts/index.js';
import type { Config } from '../../platform/config.js';
import { createTestApiDeps, type TestApiDeps } from '../../../tests/support/api-deps.js';
import { runCli as runCliProcess } from '../../../tests/support/cli-process.js';
import { readStreamEvents } from '../../../tests/support/read-stream-events.js';
import { seedUser, type SeededUser } from '../../../tests/support/seed-user.js';
import { createTestEnv, type TestEnv } from '../../../tests/support/test-env.js';
import { runCliInProcess } from '../../../tests/support/cli-in-process.js';

let env: TestEnv;
let t: TestApiDeps;

beforeAll(async () => {
  env = await createTestEnv();
  t = await createTestApiDeps(env);
  await t.deps.db.insertInto('config').values({ config_id: 7, config_data: 'arm B' }).execute();
});
afterAll(async () => {
  await t?.close();
  await env?.cleanup();
});

async function c4m(args: string[], config: Config = env.config) {
  return runCliInProcess(config, args);
}

/** A user as sign-up leaves one: config 1, unverified, not an admin. */
const aUser = (): Promise<SeededUser> => seedUser(t.deps.db, { verified: false });

const eventsOf = (userId: string): Promise<DomainEvent[]> =>
  readStreamEvents(t.nats, env.config.streamName, eventsOfUserFilter(env.config.natsPrefix, userId));
const lastSeq = async () => (await t.nats.jsm.streams.info(env.config.streamName)).state.last_seq;
const outboxRows = () => t.deps.db.selectFrom('account_outbox').selectAll().execute();

/** Runs a command that must succeed; its stdout. */
async function ok(args: string[]): Promise<string> {
  const result = await c4m(args);
  expect(result, args.join(' ')).toMatchObject({ code: 0, stderr: '' });
  return result.stdout;
}

/** The line a change prints, naming the event it appended (the user's last one). */
async function appendedLine(userId: string, email: string, what: string): Promise<string> {
  const event = (await eventsOf(userId)).at(-1);
  return `${email}: ${what}; ${event?.type} ${event?.id} appended\n`;
}

describe('c4m user', () => {
  it('verify marks the account verified with one user.updated, a repeat appends none, --undo reverses it', async () => {
    const { userId, email } = await aUser();
    // E-mails are stored lower-cased; the command finds the user whatever the case typed.
    expect(await ok(['user', 'verify', email.toUpperCase()])).toBe(
      await appendedLine(userId, email, 'verified'),
    );
    expect((await findUserById(t.deps.db, userId))?.verified).toBe(true);
    expect(await ok(['user', 'verify', email])).toBe(`${email}: already verified; nothing appended\n`);
    expect(await ok(['user', 'verify', email, '--undo'])).toBe(
      await appendedLine(userId, email, 'unverified'),
    );
    expect((await findUserById(t.deps.db, userId))?.verified).toBe(false);
    const events = await eventsOf(userId);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['user.updated', { verified: true, passwordChanged: false }],
      ['user.updated', { verified: false, passwordChanged: false }],
    ]);
    expect(await outboxRows()).toEqual([]);
  });

  it('admin grants the admin role with one user.role.changed, a repeat appends none, --revoke takes it', async () => {
    const { userId, email } = await aUser();
    expect(await ok(['user', 'admin', email])).toBe(await appendedLine(userId, email, 'admin role granted'));
    expect((await findUserById(t.deps.db, userId))?.is_admin).toBe(true);
    expect(await ok(['user', 'admin', email])).toBe(`${email}: already an admin; nothing appended\n`);
    expect(await ok(['user', 'admin', email, '--revoke'])).toBe(
      await appendedLine(userId, email, 'admin role revoked'),
    );
    expect(await ok(['user', 'admin', email, '--revoke'])).toBe(
      `${email}: already not an admin; nothing appended\n`,
    );
    expect((await findUserById(t.deps.db, userId))?.is_admin).toBe(false);
    const events = await eventsOf(userId);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['user.role.changed', { role: 'admin' }],
      ['user.role.changed', { role: 'user' }],
    ]);
  });

  it('role gives each of the three roles with one user.role.changed, a repeat appends none', async () => {
    const { userId, email } = await aUser();
    expect(await ok(['users', 'role', email, 'researcher'])).toBe(
      await appendedLine(userId, email, 'role user -> researcher'),
    );
    expect(await ok(['users', 'role', email, 'researcher'])).toBe(
      `${email}: already a researcher; nothing appended\n`,
    );
    expect(await findUserById(t.deps.db, userId)).toMatchObject({ role: 'researcher', is_admin: false });
    // Revoking the admin role of someone who is no admin leaves their role alone.
    expect(await ok(['user', 'admin', email, '--revoke'])).toBe(
      `${email}: already not an admin; nothing appended\n`,
    );
    expect(await ok(['users', 'role', email, 'admin'])).toBe(
      await appendedLine(userId, email, 'role researcher -> admin'),
    );
    expect(await findUserById(t.deps.db, userId)).toMatchObject({ role: 'admin', is_admin: true });
    expect(await ok(['users', 'role', email, 'admin'])).toBe(
      `${email}: already an admin; nothing appended\n`,
    );
    expect(await ok(['users', 'role', email, 'user'])).toBe(
      await appendedLine(userId, email, 'role admin -> user'),
    );
    const events = await eventsOf(userId);
    expect(events.map((e) => [e.type, e.version, e.data])).toEqual([
      ['user.role.changed', 2, { role: 'researcher' }],
      ['user.role.changed', 2, { role: 'admin' }],
      ['user.role.changed', 2, { role: 'user' }],
    ]);
    expect(await outboxRows()).toEqual([]);
  });

  it('is reached as users and as user through the real command line (npm run c4m)', async () => {
    // One child process: the alias and the entry point, beyond the in-process runs above.
    const { userId, email } = await aUser();
    const done = await runCliProcess(env.config, ['users', 'role', email, 'researcher']);
    expect(done).toEqual({
      code: 0,
      stdout: await appendedLine(userId, email, 'role user -> researcher'),
      stderr: '',
    });
    expect(await ok(['user', 'role', email, 'researcher'])).toBe(
      `${email}: already a researcher; nothing appended\n`,
    );
  });

  it('config assigns the config with one user.updated, and a repeat appends none', async () => {
    const { userId, email } = await aUser();
    expect(await ok(['user', 'config', email, '7'])).toBe(await appendedLine(userId, email, 'config 1 -> 7'));
    expect((await findUserById(t.deps.db, userId))?.config_id).toBe(7);
    expect(await ok(['user', 'config', email, '7'])).toBe(
      `${email}: already on config 7; nothing appended\n`,
    );
    const events = await eventsOf(userId);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['user.updated', { configId: 7, passwordChanged: false }],
    ]);
    expect(await outboxRows()).toEqual([]);
  });

  it('exits with 4 and names the e-mail when no user has it, appending nothing', async () => {
    const before = await lastSeq();
    for (const args of [['verify'], ['admin', '--revoke'], ['config', '7'], ['role', 'researcher']]) {
      const [sub, ...rest] = args as [string, ...string[]];
      expect(await c4m(['user', sub, 'nobody@example.org', ...rest])).toEqual({
        code: 4,
        stdout: '',
        stderr: 'c4m: no user with e-mail nobody@example.org\n',
      });
    }
    expect(await lastSeq()).toBe(before);
  });

  it('exits with 4 and names the config when it does not exist, leaving the user as it was', async () => {
    const { userId, email } = await aUser();
    const before = await lastSeq();
    expect(await c4m(['user', 'config', email, '999'])).toEqual({
      code: 4,
      stdout: '',
      stderr: 'c4m: no config 999: the config table has no such row\n',
    });
    expect((await findUserById(t.deps.db, userId))?.config_id).toBe(1);
    expect(await lastSeq()).toBe(before);
  });

  it('exits with 1 and changes nothing when the event stream does not exist', async () => {
    const { userId, email } = await aUser();
    // Another prefix too: the test stream would take events of this file's prefix whatever its name.
    const noStream = {
      ...env.config,
      streamName: `${env.config.streamName}_MISSING`,
      natsPrefix: `${env.config.natsPrefix}missing`,
    };
    const result = await c4m(['user', 'verify', email], noStream);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^c4m: the event stream \S+_MISSING does not exist .*nothing changed\n$/);
    expect((await findUserById(t.deps.db, userId))?.verified).toBe(false);
    expect(await outboxRows()).toEqual([]);
  });
});
