// Messages a read model cannot use (undecodable, or refused by its projector) are kept with the reason
// instead of blocking the read model; recorded once per (projection, stream sequence).
import type { Trx } from './read-model.js';

export interface DeadLetter {
  projection: string;
  streamSeq: number;
  subject: string;
  reason: string;
  payload: Uint8Array;
}

export async function recordDeadLetter(trx: Trx, letter: DeadLetter): Promise<void> {
  await trx
    .insertInto('projection_dead_letter')
    .values({
      projection: letter.projection,
      stream_seq: letter.streamSeq,
      subject: letter.subject,
      reason: letter.reason.slice(0, 4000),
      payload: Buffer.from(letter.payload),
      received_at: new Date(),
    })
    .onConflict((oc) => oc.columns(['projection', 'stream_seq']).doNothing())
    .execute();
}

/** Letters per INSERT statement: 6 parameters each, well under PostgreSQL's 65,535. */
const LETTERS_PER_INSERT = 500;

/** Records many letters with one multi-row INSERT per few hundred, each once, as recordDeadLetter does. */
export async function recordDeadLetters(trx: Trx, letters: readonly DeadLetter[]): Promise<void> {
  const receivedAt = new Date();
  for (let i = 0; i < letters.length; i += LETTERS_PER_INSERT) {
    await trx
      .insertInto('projection_dead_letter')
      .values(
        letters.slice(i, i + LETTERS_PER_INSERT).map((letter) => ({
          projection: letter.projection,
          stream_seq: letter.streamSeq,
          subject: letter.subject,
          reason: letter.reason.slice(0, 4000),
          payload: Buffer.from(letter.payload),
          received_at: receivedAt,
        })),
      )
      .onConflict((oc) => oc.columns(['projection', 'stream_seq']).doNothing())
      .execute();
  }
}
