// Public surface of the generic projection runner.
export {
  ProjectionRejectedError,
  projectEvent,
  required,
  type Projector,
  type Projectors,
  type BulkFold,
  type ReadModel,
  type Trx,
} from './read-model.js';
export {
  applyBatch,
  isPermanent,
  type BatchOutcome,
  type StreamMessage,
  type TransactionGuard,
} from './apply-batch.js';
export { readCheckpoint } from './checkpoint.js';
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
export { resetReadModel, ReadModelBusyError } from './reset-read-model.js';
export { waitForCheckpoint } from './wait-for-checkpoint.js';
