// Public surface of the generic projection runner.
export {
  ProjectionRejectedError,
  projectEvent,
  required,
  type EventFault,
  type Projector,
  type Projectors,
  type BulkFold,
  type ReadModel,
  type Trx,
} from './read-model.js';
export { applyBatch, type ApplyOptions, type TransactionGuard } from './apply-batch.js';
export { decodeMessage, handledTypeTokens, type Decoded } from './decode-message.js';
export type { BatchOutcome, StreamMessage } from './batch-outcome.js';
export {
  ApplyFailedError,
  BatchStoppedError,
  DecodeFailedError,
  WaitingForNewerCodeError,
} from './apply-errors.js';
export { isEventFault } from './event-fault.js';
export { readCheckpoint } from './checkpoint.js';
export { loadErasedUsers, saveErasedUsers } from './erased-users.js';
export {
  consumerName,
  deleteConsumer,
  positionConsumer,
  ACK_WAIT_NS,
  MAX_ACK_PENDING,
} from './consumer-position.js';
export { withProjectionLock, ProjectionLockLostError } from './projection-lock.js';
export {
  createProjectionRunner,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
} from './projection-runner.js';
export { CheckpointAheadError } from './runner-failure.js';
export {
  ensureRunnerMetrics,
  RUNNER_STATES,
  type ReadModelMetrics,
  type RunnerErrorKind,
  type RunnerMetrics,
  type RunnerState,
} from '../../src/observability/index.js';
export { resetReadModel, ReadModelBusyError } from './reset-read-model.js';
export { waitForCheckpoint } from './wait-for-checkpoint.js';
