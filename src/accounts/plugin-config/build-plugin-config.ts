// Builds the plugin's `config` HOCON document (protocol §5) from the model registry, so model ids and
// names have one source. Served verbatim as `config` by authenticate and user/get.
import type { ModelRegistry } from '../../inference/model-registry.js';
import type { ConfigDocumentColumn } from '../../platform/db-schema.js';
import { renderHocon, type HoconValue } from './hocon.js';
import { DEFAULT_MODULE_CATEGORIES, DEFAULT_PLUGIN_MODULES, modulesOf } from './modules.js';
import { pluginLanguages } from './languages.js';

export const DEFAULT_SYSTEM_PROMPT =
  'You are a helpful assistant that provides information and answers questions to the best of your ability. ' +
  'Please respond in a clear and concise manner.';

export interface PluginConfigOptions {
  /** Shown to the plugin as auth.google.clientId (parsed, unused by the plugin); '' when none is configured. */
  googleClientId?: string;
  systemPrompt?: string;
  /** A config as data (docs/studies.md): which models are offered and default, which modules are on. */
  document?: ConfigDocumentColumn;
}

export function buildPluginConfig(registry: ModelRegistry, opts: PluginConfigOptions = {}): string {
  const doc = opts.document;
  const models = registry.models
    .filter((m) => !doc || doc.models.offered.includes(m.id))
    .map((m) => ({
      id: m.id,
      name: m.name,
      isChatModel: m.kind === 'chat',
      isDefault: doc ? doc.models.defaults.includes(m.id) : m.isDefault,
    }));
  const languages: Record<string, HoconValue> = {};
  for (const { name, id } of pluginLanguages()) languages[name] = id;
  const config: Record<string, HoconValue> = {
    modules: {
      available: doc ? modulesOf(doc.modules) : [...DEFAULT_PLUGIN_MODULES],
      categories: { ...DEFAULT_MODULE_CATEGORIES },
    },
    server: { host: 'http://127.0.0.1', port: 8008, contextPath: '', timeout: 5000 },
    auth: { google: { clientId: opts.googleClientId ?? '' } },
    models: { available: models, systemPrompt: opts.systemPrompt ?? DEFAULT_SYSTEM_PROMPT },
    languages,
  };
  return renderHocon({ config });
}
