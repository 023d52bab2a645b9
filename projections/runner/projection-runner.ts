// Runs one read model: take its lock, position its durable consumer at the checkpoint, then consume →
// one transaction per batch {skip done, apply, advance checkpoint} → ack. A failed transaction is never
// acked: its messages are nak'ed, the runner backs off and repositions the consumer at the checkpoint.
import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { Db } from '../../src/platform/db.js';
import type { Logger } from '../../src/platform/logger.js';
import { applyBatch, type TransactionGuard } from './apply-batch.js';
import { consumeInBatches, type BatchSource } from './batch-source.js';
import { readCheckpoint } from './checkpoint.js';
import { consumerName, positionConsumer } from './consumer-position.js';
import { withProjectionLock } from './projection-lock.js';
import type { ReadModel } from './read-model.js';

export interface ProjectionRunnerOptions {
  db: Db;
  js: JetStreamClient;
  jsm: JetStreamManager;
  streamName: string;
  prefix: string;
  readModel: ReadModel;
  logger: Logger;
  /** Most messages applied in one transaction. */
  batchSize?: number;
  /** First back-off after a failure; doubles up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** How often a standby process tries to take the read model's lock. */
  standbyPollMs?: number;
}

export interface ProjectionRunner {
  readonly readModel: ReadModel;
  start(): void;
  /** Stops after the batch in progress; unacked messages are redelivered to the next runner. */
  stop(): Promise<void>;
}

export function createProjectionRunner(opts: ProjectionRunnerOptions): ProjectionRunner {
  const { db, readModel } = opts;
  const batchSize = opts.batchSize ?? 100;
  const log = opts.logger.child({ readModel: readModel.name });
  let stopping = false;
  let loop: Promise<void> | undefined;
  let source: BatchSource | undefined;
  let wake: (() => void) | undefined;
  let retryDelay = opts.retryDelayMs ?? 1_000;

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const handle = async (batch: JsMsg[], guard: TransactionGuard): Promise<void> => {
    try {
      const t0 = Date.now();
      const outcome = await applyBatch(db, readModel, batch, guard);
      log.debug({ ...outcome, size: batch.length, ms: Date.now() - t0 }, 'batch');
      if (outcome.deadLettered > 0) log.warn({ ...outcome }, 'dead-lettered messages');
    } catch (err) {
      for (const m of batch) m.nak(opts.retryDelayMs ?? 1_000);
      throw err;
    }
    for (const m of batch) m.ack();
  };

  const lead = async (guard: TransactionGuard): Promise<void> => {
    const checkpoint = await readCheckpoint(db, readModel.name);
    const { state } = await opts.jsm.streams.info(opts.streamName);
    if (checkpoint > state.last_seq) {
      // Only a stream deleted and created again gets here: new events would be skipped until it catches up.
      log.error(
        { checkpoint, streamLastSeq: state.last_seq },
        'checkpoint is ahead of the stream; rebuild this read model',
      );
    }
    const target = { streamName: opts.streamName, prefix: opts.prefix, readModel: readModel.name };
    await positionConsumer(opts.jsm, target, checkpoint);
    const consumer = await opts.js.consumers.get(opts.streamName, consumerName(readModel.name));
    const batches = await consumeInBatches(consumer, batchSize * 2);
    source = batches;
    if (stopping) batches.stop();
    log.info({ checkpoint }, 'projecting');
    try {
      for (
        let batch = await batches.next(batchSize);
        batch && !stopping;
        batch = await batches.next(batchSize)
      ) {
        await handle(batch, guard);
        retryDelay = opts.retryDelayMs ?? 1_000;
      }
    } finally {
      batches.stop(); // messages received but not applied stay unacked: the next lead repositions before them
      source = undefined;
    }
  };

  const run = async (): Promise<void> => {
    while (!stopping) {
      try {
        const led = await withProjectionLock(db, readModel.name, lead);
        if (!led && !stopping) await pause(opts.standbyPollMs ?? 2_000);
      } catch (err) {
        if (stopping) break;
        log.error({ err, retryInMs: retryDelay }, 'projection failed; retrying from the checkpoint');
        await pause(retryDelay);
        retryDelay = Math.min(retryDelay * 2, opts.maxRetryDelayMs ?? 30_000);
      }
    }
  };

  return {
    readModel,
    start() {
      if (loop) return;
      stopping = false;
      loop = run();
    },
    async stop() {
      stopping = true;
      source?.stop(); // wakes a lead waiting for messages
      wake?.();
      await loop;
      loop = undefined;
    },
  };
}
