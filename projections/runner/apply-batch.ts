// One transaction per batch: skip what the checkpoint says is done, dead-letter what cannot be used, apply
// the rest, advance the checkpoint. A batch refused by the database for its data (constraint, bad value) is
// retried message by message so only the offending message is dead-lettered.
import {
  decodeEvent,
  EventValidationError,
  typeToken,
  eventTypes,
  type DomainEvent,
} from '../../events/index.js';
import type { Db } from '../../src/platform/db.js';
import { advanceCheckpoint, lockCheckpoint } from './checkpoint.js';
import { recordDeadLetter } from './dead-letter.js';
import { ProjectionRejectedError, projectEvent, type ReadModel, type Trx } from './read-model.js';

/** The part of a stream message the runner needs (a JsMsg has all of it). */
export interface StreamMessage {
  seq: number;
  subject: string;
  data: Uint8Array;
}

export interface BatchOutcome {
  applied: number;
  ignored: number;
  skipped: number;
  deadLettered: number;
}

/** Checked inside every transaction, e.g. that this process still holds the read model's lock. */
export type TransactionGuard = (trx: Trx) => Promise<void>;

type Decoded = { ok: true; event: DomainEvent } | { ok: false; reason: string } | { ok: 'not handled' };

export async function applyBatch(
  db: Db,
  readModel: ReadModel,
  messages: readonly StreamMessage[],
  guard?: TransactionGuard,
): Promise<BatchOutcome> {
  const handled = handledTypeTokens(readModel);
  const decoded = messages.map((m) => decode(m, handled));
  try {
    return await applyInOneTransaction(db, readModel, messages, decoded, guard);
  } catch (err) {
    if (!isPermanent(err) || messages.length === 1) {
      if (isPermanent(err)) return deadLetterOne(db, readModel, messages[0]!, reasonOf(err), guard);
      throw err;
    }
    const total: BatchOutcome = { applied: 0, ignored: 0, skipped: 0, deadLettered: 0 };
    for (const message of messages) {
      const one = await applyBatch(db, readModel, [message], guard);
      for (const key of Object.keys(total) as (keyof BatchOutcome)[]) total[key] += one[key];
    }
    return total;
  }
}

async function applyInOneTransaction(
  db: Db,
  readModel: ReadModel,
  messages: readonly StreamMessage[],
  decoded: readonly Decoded[],
  guard: TransactionGuard | undefined,
): Promise<BatchOutcome> {
  return db.transaction().execute(async (trx) => {
    await guard?.(trx);
    const outcome: BatchOutcome = { applied: 0, ignored: 0, skipped: 0, deadLettered: 0 };
    const start = await lockCheckpoint(trx, readModel.name);
    let last = start;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i]!;
      const result = decoded[i]!;
      if (message.seq <= last) {
        outcome.skipped += 1; // a redelivery or replay of something already committed
        continue;
      }
      if (result.ok === 'not handled') {
        outcome.ignored += 1;
      } else if (!result.ok) {
        await recordDeadLetter(trx, deadLetterOf(readModel, message, result.reason));
        outcome.deadLettered += 1;
      } else if (await projectEvent(trx, readModel, result.event)) {
        outcome.applied += 1;
      } else {
        outcome.ignored += 1;
      }
      last = message.seq;
    }
    if (last > start) await advanceCheckpoint(trx, readModel.name, last);
    return outcome;
  });
}

async function deadLetterOne(
  db: Db,
  readModel: ReadModel,
  message: StreamMessage,
  reason: string,
  guard: TransactionGuard | undefined,
): Promise<BatchOutcome> {
  return db.transaction().execute(async (trx) => {
    await guard?.(trx);
    if (message.seq <= (await lockCheckpoint(trx, readModel.name))) {
      return { applied: 0, ignored: 0, skipped: 1, deadLettered: 0 };
    }
    await recordDeadLetter(trx, deadLetterOf(readModel, message, reason));
    await advanceCheckpoint(trx, readModel.name, message.seq);
    return { applied: 0, ignored: 0, skipped: 0, deadLettered: 1 };
  });
}

/**
 * A message whose subject names a type this read model does not handle is not even decoded (the read model
 * that handles it dead-letters it if need be); a subject naming no known type is decoded, and dead-lettered.
 */
function decode(message: StreamMessage, handled: ReadonlyMap<string, boolean>): Decoded {
  const token = message.subject.split('.')[2] ?? '';
  if (handled.get(token) === false) return { ok: 'not handled' };
  try {
    const event = decodeEvent(message.data);
    if (typeToken(event.type) !== token)
      return { ok: false, reason: `subject ${message.subject} does not match type ${event.type}` };
    return { ok: true, event };
  } catch (err) {
    if (err instanceof EventValidationError) return { ok: false, reason: err.message };
    throw err;
  }
}

const tokenCache = new WeakMap<ReadModel, ReadonlyMap<string, boolean>>();

/** Every known type token → whether the read model handles that type. */
function handledTypeTokens(readModel: ReadModel): ReadonlyMap<string, boolean> {
  let tokens = tokenCache.get(readModel);
  if (!tokens) {
    tokens = new Map(eventTypes.map((t) => [typeToken(t), readModel.projectors[t] !== undefined]));
    tokenCache.set(readModel, tokens);
  }
  return tokens;
}

function deadLetterOf(readModel: ReadModel, message: StreamMessage, reason: string) {
  return {
    projection: readModel.name,
    streamSeq: message.seq,
    subject: message.subject,
    reason,
    payload: message.data,
  };
}

/**
 * Errors that replaying the same message would hit again: the projector's refusal, or PostgreSQL refusing the
 * data (SQLSTATE class 22 data exception, 23 integrity violation). Everything else (connection lost,
 * serialization failure, a missing table) is treated as passing and retried.
 */
export function isPermanent(err: unknown): boolean {
  if (err instanceof ProjectionRejectedError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

function reasonOf(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; detail?: unknown };
  const detail = typeof e.detail === 'string' ? ` (${e.detail})` : '';
  const code = typeof e.code === 'string' ? `${e.code}: ` : '';
  return `apply failed: ${code}${String(e.message ?? err)}${detail}`;
}
