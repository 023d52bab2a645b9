// Public surface of the inference worker.
export { startInferenceWorkers } from './start-inference-workers.js';
export {
  createInferenceWorker,
  INFERENCE_QUEUE_GROUP,
  type InferenceWorker,
  type InferenceWorkerOptions,
} from './create-inference-worker.js';
export { runWithDeadline, type DeadlineResult } from './run-with-deadline.js';
