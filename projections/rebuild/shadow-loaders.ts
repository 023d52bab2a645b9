// What a pass over the stream feeds, one per read model: a bulk fold (events folded in memory, written once
// with COPY into the empty shadow tables), or the ordinary projectors through applyBatch in large
// transactions. Either leaves the shadow's checkpoint at the last message it took.
import { advanceCheckpoint } from '../runner/checkpoint.js';
import { recordDeadLetters } from '../runner/dead-letter.js';
import { applyBatch, type BulkFold, type ReadModel, type StreamMessage } from '../runner/index.js';
import { readModelTakes, type DecodedBatch, type DecodeOnce } from './decode-once.js';
import { connectToShadow, type Shadow } from './shadow-schema.js';

export interface ShadowLoader {
  readonly readModel: ReadModel;
  /** Takes the messages of the batch up to the loader's last sequence. */
  take(batch: DecodedBatch): Promise<void>;
  /**
   * Takes one message at once, when the loader only folds in memory (a bulk fold): a pass whose loaders all
   * have it hands each message over as it arrives, with no batches.
   */
  offer?(slot: DecodeOnce): void;
  /** Writes what is still in memory; returns the rows written by a bulk fold (0 otherwise). */
  finish(): Promise<number>;
}

/** Messages per applyBatch transaction when a read model has no bulk fold. */
export const APPLY_BATCH_SIZE = 1_000;

/** Takes the messages after `after` up to `until` (those up to `after` are already in the shadow). */
export function createApplyLoader(shadow: Shadow, after: number, until: number): ShadowLoader {
  return {
    readModel: shadow.readModel,
    async take(batch) {
      const messages = batch.messages.filter((m) => m.seq > after && m.seq <= until);
      for (let i = 0; i < messages.length; i += APPLY_BATCH_SIZE)
        await applyBatch(shadow.db, shadow.readModel, messages.slice(i, i + APPLY_BATCH_SIZE));
    },
    finish: () => Promise.resolve(0),
  };
}

interface Letter {
  message: StreamMessage;
  reason: string;
}

/**
 * A letter kept until the fold is written, its payload copied: the message's data is a view into the NATS
 * client's read buffer, and keeping the view would keep that whole buffer alive.
 */
function keepLetter(message: StreamMessage, reason: string): Letter {
  const { seq, subject, data } = message;
  return { message: { seq, subject, data: new Uint8Array(data) }, reason };
}

export function createFoldLoader(shadow: Shadow, fold: BulkFold, until: number): ShadowLoader {
  const { readModel } = shadow;
  const letters: Letter[] = [];
  let last = 0;
  return {
    readModel,
    offer(slot) {
      const message = slot.message;
      if (message.seq > until) return;
      last = message.seq;
      if (slot.straggler || !readModelTakes(readModel, slot.token)) return;
      const decoded = slot.get();
      const reason = decoded.ok ? fold.add(decoded.event, message.seq) : decoded.reason;
      if (reason !== null) letters.push(keepLetter(message, reason));
    },
    take(batch) {
      for (let i = 0; i < batch.messages.length; i++) {
        const message = batch.messages[i]!;
        if (message.seq > until) break;
        last = message.seq;
        if (batch.stragglers[i] || !readModelTakes(readModel, batch.tokens[i]!)) continue;
        const decoded = batch.decodedAt(i);
        const reason = decoded.ok ? fold.add(decoded.event, message.seq) : decoded.reason;
        if (reason !== null) letters.push(keepLetter(message, reason));
      }
      return Promise.resolve();
    },
    async finish() {
      const client = await connectToShadow(shadow.databaseUrl, shadow.schema);
      let rows: number;
      try {
        rows = await fold.write(client);
      } finally {
        await client.end();
      }
      // Not in the fold's transaction: a rebuild that dies here never swaps this shadow in.
      await shadow.db.transaction().execute(async (trx) => {
        await recordDeadLetters(
          trx,
          letters.map(({ message: { seq: streamSeq, subject, data: payload }, reason }) => ({
            projection: readModel.name,
            streamSeq,
            subject,
            reason,
            payload,
          })),
        );
        if (last > 0) await advanceCheckpoint(trx, readModel.name, last);
      });
      return rows;
    },
  };
}
