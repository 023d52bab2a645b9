// Public surface of rebuilds: read models rebuilt from the stream into shadow schemas, swapped in or compared.
export { rebuildReadModels, type RebuildOptions, type RebuildReport } from './rebuild-read-models.js';
export type { RebuildPhase, RebuildProgress } from './rebuild-passes.js';
export type { TableDifference } from './compare-with-live.js';
export { RebuildBusyError, RebuildRefusedError } from './rebuild-errors.js';
