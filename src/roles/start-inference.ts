// The inference role: model workers joined to each model's NATS queue group (src/inference/worker).
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import { startInferenceWorkers } from '../inference/worker/index.js';
import type { RunningRole } from './roles.js';

export async function startInferenceRole(config: Config, logger: Logger): Promise<RunningRole> {
  const workers = await startInferenceWorkers(config, logger.child({ role: 'inference' }));
  const models =
    config.inferenceModels.length > 0 ? `models ${config.inferenceModels.join(', ')}` : 'every model';
  return {
    role: 'inference',
    description: `inference workers for ${models} of ${config.modelRegistryFile}`,
    close: () => workers.close(),
  };
}
