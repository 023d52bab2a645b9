// recordDeadLetters against a real database: many letters in few statements, each recorded once per
// (projection, stream sequence), as one recordDeadLetter per letter would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/platform/db.js';
import { createTestEnv, type TestEnv } from '../../tests/support/test-env.js';
import { recordDeadLetter, recordDeadLetters, type DeadLetter } from './dead-letter.js';

let env: TestEnv;
let db: Db;

beforeAll(async () => {
  env = await createTestEnv();
  db = createDb(env.config.databaseUrl, 2);
});
afterAll(async () => {
  await db?.destroy();
  await env?.cleanup();
});

const letter = (streamSeq: number, reason = `bad ${streamSeq}`): DeadLetter => ({
  projection: 'bulk',
  streamSeq,
  subject: `p.evt.session_started.${streamSeq}`,
  reason,
  payload: new TextEncoder().encode(`payload ${streamSeq}`),
});

describe('recordDeadLetters', () => {
  it('records more letters than one statement holds, each once, keeping a letter already recorded', async () => {
    await db.transaction().execute((trx) => recordDeadLetter(trx, letter(3, 'first reason')));
    const letters = Array.from({ length: 1_203 }, (_, i) => letter(i + 1));
    letters.push(letter(700, 'a second letter for 700'));
    await db.transaction().execute((trx) => recordDeadLetters(trx, letters));
    const rows = await db
      .selectFrom('projection_dead_letter')
      .select(['stream_seq', 'subject', 'reason', 'payload'])
      .where('projection', '=', 'bulk')
      .orderBy('stream_seq')
      .execute();
    expect(rows.map((r) => Number(r.stream_seq))).toEqual(letters.slice(0, 1_203).map((l) => l.streamSeq));
    expect(rows[2]!.reason).toBe('first reason');
    expect(rows[699]!.reason).toBe('bad 700');
    expect(rows[1_202]).toMatchObject({ subject: 'p.evt.session_started.1203', reason: 'bad 1203' });
    expect(Buffer.from(rows[1_202]!.payload).toString()).toBe('payload 1203');
  });

  it('records nothing for no letters', async () => {
    await db.transaction().execute((trx) => recordDeadLetters(trx, []));
    const { n } = await db
      .selectFrom('projection_dead_letter')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('projection', '=', 'bulk')
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(1_203);
  });
});
