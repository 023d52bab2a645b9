// The inference role: model workers joined to each model's NATS queue group (src/inference/worker).
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import { startInferenceWorkers } from '../inference/worker/index.js';
import type { Observability } from '../observability/index.js';
import type { RunningRole } from './roles.js';

type Started = Awaited<ReturnType<typeof startInferenceWorkers>>;

/** Which models answer and which do not (and why), so the startup line never promises a model that is down. */
export function describeModels(
  workers: Pick<Started, 'serving' | 'unavailable'>,
  registryFile: string,
): string {
  const serving = workers.serving.map((m) => `${m.id} ${m.name}`).join(', ') || 'none';
  const down = workers.unavailable.map((m) => `${m.id} ${m.name}`).join(', ');
  const rest = down ? `; unavailable (see the warnings above): ${down}` : '';
  return `models of ${registryFile} serving: ${serving}${rest}`;
}

export async function startInferenceRole(
  config: Config,
  logger: Logger,
  observability?: Observability,
): Promise<RunningRole> {
  const workers = await startInferenceWorkers(config, logger.child({ role: 'inference' }), observability);
  return {
    role: 'inference',
    description: describeModels(workers, config.modelRegistryFile),
    close: () => workers.close(),
  };
}
