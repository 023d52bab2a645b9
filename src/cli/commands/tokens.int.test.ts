// `c4m tokens` against the real services (its own database and stream): the secret is printed once and stored
// nowhere, only its SHA-256 in api_token; creation and revocation each append one event without either; a plain
// user gets no token (exit 1); unknown e-mails and token ids exit 4.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOfUserFilter, type DomainEvent } from '../../../events/index.js';
import { createTestApiDeps, type TestApiDeps } from '../../../tests/support/api-deps.js';
import { readStreamEvents } from '../../../tests/support/read-stream-events.js';
import { seedUser, type SeededUser } from '../../../tests/support/seed-user.js';
import { createTestEnv, type TestEnv } from '../../../tests/support/test-env.js';
import { runCliInProcess } from '../../../tests/support/cli-in-process.js';

let env: TestEnv;
let t: TestApiDeps;

beforeAll(async () => {
  env = await createTestEnv();
  t = await createTestApiDeps(env);
});
afterAll(async () => {
  await t?.close();
  await env?.cleanup();
});

async function c4m(args: string[]) {
  return runCliInProcess(env.config, args);
}

async function ok(args: string[]): Promise<string> {
  const result = await c4m(args);
  expect(result, args.join(' ')).toMatchObject({ code: 0, stderr: '' });
  return result.stdout;
}

const aUser = (role: 'user' | 'researcher' | 'admin'): Promise<SeededUser> =>
  seedUser(t.deps.db, { verified: true, role });

const eventsOf = (userId: string): Promise<DomainEvent[]> =>
  readStreamEvents(t.nats, env.config.streamName, eventsOfUserFilter(env.config.natsPrefix, userId));
const lastSeq = async () => (await t.nats.jsm.streams.info(env.config.streamName)).state.last_seq;
const tokenRows = (userId: string) =>
  t.deps.db.selectFrom('api_token').selectAll().where('user_id', '=', userId).execute();

const CREATED =
  /^(\S+): API token ([0-9a-f-]{36}) "([^"]+)" created; api\.token\.created ([0-9a-f-]{36}) appended\ntoken: (c4m_rt_[A-Za-z0-9_-]{43})\nThis is the only time the token is shown: the server keeps only its SHA-256\.\n$/;

/** Creates a token through the command line: its id, secret and the event id it printed. */
async function create(email: string, name?: string) {
  const stdout = await ok(['tokens', 'create', email, ...(name === undefined ? [] : ['--name', name])]);
  const match = CREATED.exec(stdout);
  expect(match, stdout).not.toBeNull();
  const [, who, tokenId, printedName, eventId, secret] = match as unknown as string[];
  return { who, tokenId: tokenId!, name: printedName, eventId, secret: secret!, stdout };
}

describe('c4m tokens create', () => {
  it("prints a researcher's token once and stores only its SHA-256, with one api.token.created", async () => {
    const { userId, email } = await aUser('researcher');
    const made = await create(email.toUpperCase(), 'laptop');
    expect([made.who, made.name]).toEqual([email, 'laptop']);
    const [row] = await tokenRows(userId);
    expect(row).toMatchObject({
      token_id: made.tokenId,
      name: 'laptop',
      token_hash: createHash('sha256').update(made.secret).digest('hex'),
      revoked_at: null,
      last_used_at: null,
    });
    expect(JSON.stringify(row)).not.toContain(made.secret.slice(7));
    const events = await eventsOf(userId);
    expect(events.map((e) => [e.type, e.id, e.data])).toEqual([
      [
        'api.token.created',
        made.eventId,
        { tokenId: made.tokenId, name: 'laptop', createdAt: new Date(row!.created_at).toISOString() },
      ],
    ]);
    const stored = JSON.stringify(events);
    expect(stored).not.toContain(made.secret.slice(7));
    expect(stored).not.toContain(row!.token_hash);
    expect(await t.deps.db.selectFrom('account_outbox').selectAll().execute()).toEqual([]);
  });

  it('gives an admin tokens too, a new secret each time, named default when no --name is given', async () => {
    const { userId, email } = await aUser('admin');
    const first = await create(email);
    const second = await create(email, 'cluster job');
    expect(first.name).toBe('default');
    expect(first.secret).not.toBe(second.secret);
    expect((await tokenRows(userId)).map((r) => r.name).sort()).toEqual(['cluster job', 'default']);
  });

  it('refuses a plain user with exit 1 and the way to grant the role, storing and appending nothing', async () => {
    const { userId, email } = await aUser('user');
    const before = await lastSeq();
    expect(await c4m(['tokens', 'create', email])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `c4m: ${email} is a plain user: only researchers and admins hold API tokens ` +
        `(grant the role first: c4m users role ${email} researcher); nothing changed\n`,
    });
    expect(await tokenRows(userId)).toEqual([]);
    expect(await lastSeq()).toBe(before);
  });

  it('exits with 4 for an unknown e-mail', async () => {
    expect(await c4m(['tokens', 'create', 'nobody@example.org'])).toEqual({
      code: 4,
      stdout: '',
      stderr: 'c4m: no user with e-mail nobody@example.org\n',
    });
    expect((await c4m(['tokens', 'list', 'nobody@example.org'])).code).toBe(4);
  });
});

describe('c4m tokens list and revoke', () => {
  it('lists ids, names and times, never the secret; revoke appends one api.token.revoked, a repeat none', async () => {
    const { userId, email } = await aUser('researcher');
    expect(await ok(['tokens', 'list', email])).toBe(`${email} (researcher): no API tokens\n`);
    const laptop = await create(email, 'laptop');
    const job = await create(email, 'job');
    const listed = await ok(['tokens', 'list', email]);
    const lines = listed.trimEnd().split('\n');
    expect(lines[0]).toBe(`${email} (researcher): 2 API tokens`);
    expect(lines[1]).toMatch(/^token id +name +created +last used +revoked$/);
    expect(lines.slice(2).map((l) => l.split(/ {2,}/))).toEqual([
      [laptop.tokenId, 'laptop', expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), 'never', '-'],
      [job.tokenId, 'job', expect.stringMatching(/Z$/), 'never', '-'],
    ]);
    expect(listed).not.toContain('c4m_rt_');

    expect(await ok(['tokens', 'revoke', laptop.tokenId.toUpperCase()])).toMatch(
      new RegExp(
        `^API token ${laptop.tokenId} "laptop" of ${email}: revoked; api\\.token\\.revoked \\S+ appended\\n$`,
      ),
    );
    const [revoked] = await tokenRows(userId).then((rows) =>
      rows.filter((r) => r.token_id === laptop.tokenId),
    );
    expect(revoked?.revoked_at).toBeInstanceOf(Date);
    expect(await ok(['tokens', 'revoke', laptop.tokenId])).toBe(
      `API token ${laptop.tokenId} "laptop" of ${email}: already revoked at ` +
        `${new Date(revoked!.revoked_at!).toISOString().slice(0, 19)}Z; nothing appended\n`,
    );
    const after = (await ok(['tokens', 'list', email])).split('\n');
    expect(after[2]?.split(/ {2,}/).at(-1)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(after[3]?.split(/ {2,}/).at(-1)).toBe('-');
    const events = await eventsOf(userId);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['api.token.created', expect.objectContaining({ tokenId: laptop.tokenId })],
      ['api.token.created', expect.objectContaining({ tokenId: job.tokenId })],
      [
        'api.token.revoked',
        { tokenId: laptop.tokenId, revokedAt: new Date(revoked!.revoked_at!).toISOString() },
      ],
    ]);
  });

  it('exits with 4 for a token id that names no token, appending nothing', async () => {
    const before = await lastSeq();
    const missing = randomUUID();
    expect(await c4m(['tokens', 'revoke', missing])).toEqual({
      code: 4,
      stdout: '',
      stderr: `c4m: no API token ${missing}\n`,
    });
    expect(await lastSeq()).toBe(before);
  });
});
