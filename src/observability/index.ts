// Public surface of src/observability: the process's metrics registry and readiness checks, the metric families
// each role records into, and the /metrics and /health routes.
export {
  createObservability,
  type Dependency,
  type Observability,
  type ReadinessCheck,
} from './observability.js';
export { ensureHttpMetrics, type HttpMetrics, type HttpRequestLabels } from './http-metrics.js';
export {
  ensureModelMetrics,
  withModelMetrics,
  type ModelCallKind,
  type ModelMetrics,
} from './model-metrics.js';
export { ensureInferenceWorkerMetrics, type InferenceWorkerMetrics } from './inference-metrics.js';
export { ensureEventMetrics, withAppendCounts, type EventMetrics } from './event-metrics.js';
export {
  ensureProjectionPositionMetrics,
  ensureRunnerMetrics,
  RUNNER_STATES,
  type ProjectionPositionMetrics,
  type ProjectionPositions,
  type ReadModelMetrics,
  type RunnerErrorKind,
  type RunnerMetrics,
  type RunnerState,
} from './projection-metrics.js';
export {
  checkReadiness,
  natsReadiness,
  postgresReadiness,
  redisReadiness,
  type CheckResult,
  type Readiness,
} from './readiness.js';
export { registerObservabilityRoutes } from './observability-routes.js';
export { startMetricsServer, type RunningMetricsServer } from './start-metrics-server.js';
