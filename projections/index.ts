// Public surface of the projections: the workers, the read models and rebuilds.
export {
  createProjectionWorkers,
  type ProjectionDeps,
  type ProjectionWorkers,
  type RunnerTuning,
} from './projection-workers.js';
export { readModels, findReadModel, projectionPoolSize } from './read-models.js';
export { readProjectionPositions } from './projection-positions.js';
export {
  rebuildReadModels,
  RebuildBusyError,
  RebuildRefusedError,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildReport,
  type TableDifference,
} from './rebuild/index.js';
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
