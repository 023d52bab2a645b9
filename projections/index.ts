// Public surface of the projections: the workers, rebuilds and the read models.
export {
  createProjectionWorkers,
  rebuildReadModel,
  type ProjectionDeps,
  type ProjectionWorkers,
  type RunnerTuning,
} from './projection-workers.js';
export { readModels, findReadModel } from './read-models.js';
export {
  applyBatch,
  consumerName,
  readCheckpoint,
  waitForCheckpoint,
  ReadModelBusyError,
  type ReadModel,
  type Projector,
  type StreamMessage,
} from './runner/index.js';
