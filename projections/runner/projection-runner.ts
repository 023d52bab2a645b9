// Runs one read model: take its lock, position its durable consumer at the checkpoint, then consume →
// one transaction per batch {skip done, apply, advance checkpoint} → ack. A failed transaction is never
// acked: its messages are nak'ed, the runner backs off and repositions the consumer at the checkpoint. It
// halts while its checkpoint is ahead of the stream and waits at an event only newer code knows; each of
// these shows in the log and in its metrics (src/observability/projection-metrics.ts), and none ever skips a message.
import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { EventDecoder } from '../../events/index.js';
import type { Db } from '../../src/platform/db.js';
import type { Logger } from '../../src/platform/logger.js';
import { applyBatch, type TransactionGuard } from './apply-batch.js';
import { BatchStoppedError, WaitingForNewerCodeError } from './apply-errors.js';
import { consumeInBatches, type BatchSource } from './batch-source.js';
import type { BatchOutcome } from './batch-outcome.js';
import { readCheckpointRow } from './checkpoint.js';
import { consumerName, positionConsumer } from './consumer-position.js';
import { DeliveryGapError, untilDeliveryGap } from './delivery-gap.js';
import { ACK_CHECK_IDLE_MS, checkAcksArrived, LostAcksError } from './lost-acks.js';
import { withProjectionLock } from './projection-lock.js';
import type { ReadModel } from './read-model.js';
import { CheckpointAheadError, describeFailure } from './runner-failure.js';
import { ensureRunnerMetrics, type RunnerMetrics, type RunnerState } from '../../src/observability/index.js';

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
  /** How often a read model waiting at an event from newer code looks again (default 5 s). */
  newerCodePollMs?: number;
  /** decodeEvent unless given (tests pass decoders of their own). */
  decode?: EventDecoder;
  /** Where the metrics go: ensureRunnerMetrics(), on prom-client's default registry, unless given. */
  metrics?: RunnerMetrics;
  /** Told the checkpoint after each committed batch (live dashboards: projection-workers.ts announces it). */
  onCommitted?: (checkpoint: number) => void;
  /** How long a wait for messages lasts before the consumer is asked whether the acks arrived (lost-acks.ts). */
  ackCheckIdleMs?: number;
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
  const firstRetryDelay = opts.retryDelayMs ?? 1_000;
  const maxRetryDelay = opts.maxRetryDelayMs ?? 30_000;
  const log = opts.logger.child({ readModel: readModel.name });
  const metrics = (opts.metrics ?? ensureRunnerMetrics()).forReadModel(readModel.name);
  let stopping = false;
  let loop: Promise<void> | undefined;
  let source: BatchSource | undefined;
  let wake: (() => void) | undefined;
  let retryDelay = firstRetryDelay;
  let state: RunnerState | undefined;
  let lastApplied = 0;
  /** The checkpoint row as it was when the runner halted; it stays halted until the row changes. */
  let haltedAt: { seq: number; updatedAt: number } | undefined;
  /** The stream sequence of the event from newer code being waited at (logged once per wait). */
  let waitingAt: number | undefined;

  const setState = (next: RunnerState): void => {
    if (next === 'running' && state !== 'running')
      log.info({ checkpoint: lastApplied, was: state }, 'projecting');
    state = next;
    metrics.setState(next);
  };

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const committed = (outcome: BatchOutcome, checkpoint: number): void => {
    metrics.countApplied(outcome.applied, outcome.deadLettered);
    lastApplied = Math.max(lastApplied, checkpoint);
    metrics.setLastAppliedSeq(lastApplied);
    if (outcome.deadLettered > 0) log.warn({ ...outcome }, 'dead-lettered messages');
    opts.onCommitted?.(lastApplied);
  };

  const handle = async (batch: JsMsg[], guard: TransactionGuard): Promise<void> => {
    const t0 = Date.now();
    let outcome: BatchOutcome;
    try {
      outcome = await applyBatch(db, readModel, batch, guard, { decode: opts.decode });
    } catch (err) {
      if (err instanceof BatchStoppedError) committed(err.outcome, err.checkpoint);
      for (const m of batch) m.nak(firstRetryDelay);
      throw err;
    }
    for (const m of batch) m.ack();
    committed(outcome, batch[batch.length - 1]!.seq); // batches are in stream order
    log.debug({ ...outcome, size: batch.length, ms: Date.now() - t0 }, 'batch');
    if (waitingAt !== undefined) log.info({ seq: waitingAt }, 'the event from newer code is known now');
    waitingAt = undefined;
    retryDelay = firstRetryDelay;
    setState('running');
  };

  /** The checkpoint to go on from; throws CheckpointAheadError while it belongs to an older stream. */
  const checkStreamPosition = async (): Promise<number> => {
    const row = await readCheckpointRow(db, readModel.name);
    const { state: stream } = await opts.jsm.streams.info(opts.streamName);
    const checkpoint = row?.seq ?? 0;
    const unchanged = row && row.seq === haltedAt?.seq && row.updatedAt.getTime() === haltedAt.updatedAt;
    if (row && (checkpoint > stream.last_seq || unchanged)) {
      haltedAt = { seq: row.seq, updatedAt: row.updatedAt.getTime() };
      throw new CheckpointAheadError(readModel.name, checkpoint, stream.last_seq);
    }
    if (haltedAt) log.info({ checkpoint, streamLastSeq: stream.last_seq }, 'checkpoint reset: resuming');
    haltedAt = undefined;
    return checkpoint;
  };

  const lead = async (guard: TransactionGuard): Promise<void> => {
    const checkpoint = await checkStreamPosition();
    lastApplied = checkpoint;
    metrics.setLastAppliedSeq(checkpoint);
    const target = { streamName: opts.streamName, prefix: opts.prefix, readModel: readModel.name };
    await positionConsumer(opts.jsm, target, checkpoint);
    const consumer = await opts.js.consumers.get(opts.streamName, consumerName(readModel.name));
    const batches = await consumeInBatches(consumer, batchSize * 2);
    source = batches;
    if (stopping) batches.stop();
    // A failing or waiting read model is running again only once a batch commits.
    if (state !== 'failing' && state !== 'waiting-for-newer-code') setState('running');
    const ackCheckIdleMs = opts.ackCheckIdleMs ?? ACK_CHECK_IDLE_MS;
    const consumerTarget = { ...target, consumer: consumerName(readModel.name) };
    try {
      let expected: number | undefined;
      for (
        let batch = await batches.next(batchSize, ackCheckIdleMs);
        batch && !stopping;
        batch = await batches.next(batchSize, ackCheckIdleMs)
      ) {
        if (batch.length === 0) {
          await checkAcksArrived(opts.jsm, consumerTarget, lastApplied);
          continue;
        }
        const { contiguous, gap } = untilDeliveryGap(batch, expected);
        if (contiguous.length > 0) await handle(contiguous, guard);
        if (gap) {
          const { expected: want, at } = gap;
          throw new DeliveryGapError(readModel.name, want, at.info.deliverySequence, at.seq);
        }
        expected = batch[batch.length - 1]!.info.deliverySequence + 1;
      }
    } finally {
      batches.stop(); // messages received but not applied stay unacked: the next lead repositions before them
      source = undefined;
    }
  };

  /** Records a failed lead (state, metric, log) and says how long to wait before the next one. */
  const onFailure = (err: unknown): number => {
    if (err instanceof WaitingForNewerCodeError) {
      setState('waiting-for-newer-code');
      const pollMs = opts.newerCodePollMs ?? 5_000;
      const fields = { seq: err.seq, subject: err.subject, type: err.type, version: err.version, pollMs };
      if (waitingAt === err.seq) log.debug(fields, 'still waiting for newer code');
      else log.warn(fields, `waiting for newer code to project this event: ${err.message}`);
      waitingAt = err.seq;
      return pollMs;
    }
    if (err instanceof DeliveryGapError) {
      // Expected when a consumer's leader dies in a cluster: not a failure of the read model.
      log.warn({ expected: err.expected, got: err.got, seq: err.seq }, err.message);
      return firstRetryDelay;
    }
    if (err instanceof LostAcksError) {
      // The same: acks sent while the consumer's leader changed.
      log.warn({ pending: err.pending, checkpoint: err.checkpoint }, err.message);
      return firstRetryDelay;
    }
    if (err instanceof CheckpointAheadError) {
      setState('halted-checkpoint-ahead');
      metrics.countError('checkpoint-ahead');
      const { checkpoint, streamLastSeq, fix } = err;
      log.error({ checkpoint, streamLastSeq, fix, retryInMs: maxRetryDelay }, err.message);
      return maxRetryDelay;
    }
    setState('failing');
    const { kind, fields } = describeFailure(err);
    metrics.countError(kind);
    log.error({ err, ...fields, retryInMs: retryDelay }, 'projection failed; retrying from the checkpoint');
    const delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, maxRetryDelay);
    return delay;
  };

  const run = async (): Promise<void> => {
    while (!stopping) {
      try {
        const led = await withProjectionLock(db, readModel.name, lead);
        if (!led && !stopping) {
          setState('standby');
          await pause(opts.standbyPollMs ?? 2_000);
        }
      } catch (err) {
        if (stopping) break;
        await pause(onFailure(err));
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
