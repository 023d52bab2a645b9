// Public surface of src/studies: configs as data, studies (create, end, the schedule, the per-user arm sync)
// and their evaluation.
export { listConfigs, findConfig, type ConfigRecord } from './config-repository.js';
export { createConfig, checkDocument, type NewConfig } from './create-config.js';
export { armIndexOf, armOf } from './arm-of.js';
export { createStudy, type NewStudy } from './create-study.js';
export { endStudy } from './end-study.js';
export {
  listStudyRows,
  findStudyRow,
  toStudyRecord,
  statusAt,
  type StudyRecord,
  type StudyStatus,
} from './study-repository.js';
export { syncUserArm, type ArmSync } from './sync-user-arm.js';
export {
  createStudySchedule,
  runStudySchedule,
  DEFAULT_STUDY_SCHEDULE_INTERVAL_MS,
  type SchedulePass,
} from './study-schedule.js';
export { studyReport, type StudyReport, type ArmReport } from './study-report.js';
export {
  clusterBootstrapDifference,
  pooledRate,
  quantile,
  DEFAULT_BOOTSTRAP,
  type BootstrapDifference,
  type UserCounts,
} from './cluster-bootstrap.js';
export { loadArmUserTallies, type ArmUserTally } from './study-tallies.js';
export { StudyErrors } from './study-errors.js';
export type { StudyDeps, ConfigDeps } from './study-deps.js';
