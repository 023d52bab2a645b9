// One transaction per batch: skip what the checkpoint says is done, dead-letter what cannot be used, apply
// the rest, advance the checkpoint. A batch refused for an event's fault (event-fault.ts) is retried message
// by message so only the offending message is dead-lettered; any other failure is thrown, nothing set aside.
// A message this code cannot decode yet (newer code wrote it, or the decoder broke) ends the batch before it.
// An erased user's event after their user.erased (erased-users.ts) is ignored, never applied.
import { decodeEvent, type DomainEvent, type EventDecoder } from '../../events/index.js';
import type { Db } from '../../src/platform/db.js';
import {
  ApplyFailedError,
  BatchStoppedError,
  DecodeFailedError,
  WaitingForNewerCodeError,
} from './apply-errors.js';
import { addOutcome, emptyOutcome, type BatchOutcome, type StreamMessage } from './batch-outcome.js';
import { advanceCheckpoint, lockCheckpoint } from './checkpoint.js';
import { recordDeadLetter } from './dead-letter.js';
import { decodeMessage, handledTypeTokens, type Decoded } from './decode-message.js';
import { loadErasedUsers, saveErasedUsers } from './erased-users.js';
import { eventFaultReason, isEventFault } from './event-fault.js';
import { projectEvent, type ReadModel, type Trx } from './read-model.js';

/** Checked inside every transaction, e.g. that this process still holds the read model's lock. */
export type TransactionGuard = (trx: Trx) => Promise<void>;

export interface ApplyOptions {
  /** Defaults to decodeEvent; tests pass decoders of their own. */
  decode?: EventDecoder;
}

/**
 * Applies the messages in stream order; throws a BatchStoppedError (after committing the messages before
 * it) at a message that cannot be decoded yet, and any error that is not the event's fault as it is.
 */
export async function applyBatch(
  db: Db,
  readModel: ReadModel,
  messages: readonly StreamMessage[],
  guard?: TransactionGuard,
  opts: ApplyOptions = {},
): Promise<BatchOutcome> {
  const handled = handledTypeTokens(readModel);
  const decode = opts.decode ?? decodeEvent;
  const decoded = messages.map((m) => decodeMessage(m, handled, decode));
  try {
    return await applyInOneTransaction(db, readModel, messages, decoded, guard);
  } catch (err) {
    if (!isEventFault(readModel, err)) throw err;
    if (messages.length === 1) {
      return deadLetterOne(db, readModel, messages[0]!, eventFaultReason(readModel, err), guard);
    }
    const total = emptyOutcome();
    try {
      for (const message of messages)
        addOutcome(total, await applyBatch(db, readModel, [message], guard, opts));
    } catch (stopped) {
      if (stopped instanceof BatchStoppedError) addOutcome(stopped.outcome, total);
      throw stopped;
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
  const outcome = emptyOutcome();
  let stop: { message: StreamMessage; result: Decoded & { ok: 'newer' | 'broken' } } | undefined;
  const checkpoint = await db.transaction().execute(async (trx) => {
    await guard?.(trx);
    const start = await lockCheckpoint(trx, readModel.name);
    const erased = await loadErasedUsers(trx, messages);
    let last = start;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i]!;
      const result = decoded[i]!;
      if (message.seq <= last) {
        outcome.skipped += 1; // a redelivery or replay of something already committed
        continue;
      }
      if (result.ok === 'newer' || result.ok === 'broken') {
        stop = { message, result };
        break;
      }
      if (erased.isStraggler(message)) {
        outcome.ignored += 1;
      } else if (result.ok === 'not handled') {
        outcome.ignored += 1;
      } else if (!result.ok) {
        await recordDeadLetter(trx, deadLetterOf(readModel, message, result.reason));
        outcome.deadLettered += 1;
      } else if (await applyOne(trx, readModel, message, result.event)) {
        outcome.applied += 1;
      } else {
        outcome.ignored += 1;
      }
      last = message.seq;
    }
    await saveErasedUsers(trx, erased.takeNoted());
    if (last > start) await advanceCheckpoint(trx, readModel.name, last);
    return last;
  });
  if (stop?.result.ok === 'newer')
    throw new WaitingForNewerCodeError(stop.message, stop.result.error, outcome, checkpoint);
  if (stop) throw new DecodeFailedError(stop.message, stop.result.error, outcome, checkpoint);
  return outcome;
}

async function applyOne(
  trx: Trx,
  readModel: ReadModel,
  message: StreamMessage,
  event: DomainEvent,
): Promise<boolean> {
  try {
    return await projectEvent(trx, readModel, event, message.seq);
  } catch (err) {
    throw new ApplyFailedError(message.seq, message.subject, event.type, err);
  }
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
      return { ...emptyOutcome(), skipped: 1 };
    }
    await recordDeadLetter(trx, deadLetterOf(readModel, message, reason));
    await advanceCheckpoint(trx, readModel.name, message.seq);
    return { ...emptyOutcome(), deadLettered: 1 };
  });
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
