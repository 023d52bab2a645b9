// Child process of the benchmark: the inference worker with the instant model alone, as `npm run start:inference`
// runs it beside the API in a deployment of separate roles (docs/operations.md). Prints one line when it serves.
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { startInferenceWorkers } from '../../src/inference/worker/index.js';

const workers = await startInferenceWorkers(loadConfig(process.env), createLogger('warn', 'bench-worker'));
process.stdout.write('serving\n');

process.on('SIGTERM', () => {
  void workers.close().then(() => process.exit(0));
});
