// The document of config 1: every model of the registry offered, the registry's defaults, every module on.
import type { ModelRegistry } from '../../inference/model-registry.js';
import type { ConfigDocumentColumn } from '../../platform/db-schema.js';

export function defaultConfigDocument(registry: ModelRegistry): ConfigDocumentColumn {
  return {
    models: {
      offered: registry.models.map((m) => m.id),
      defaults: registry.models.filter((m) => m.isDefault).map((m) => m.id),
    },
    modules: { telemetry: true, groundTruth: true, multiFileContext: true },
  };
}
