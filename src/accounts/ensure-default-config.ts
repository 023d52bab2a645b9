// Startup step: config 1 (the config every new user gets) is the HOCON generated from the model registry,
// so the plugin's model list always matches the models the workers serve. Other configs (study arms) are
// left as they are.
import { sql } from 'kysely';
import type { Db } from '../platform/db.js';
import type { ModelRegistry } from '../inference/model-registry.js';
import { buildPluginConfig, type PluginConfigOptions } from './plugin-config/build-plugin-config.js';
import { defaultConfigDocument } from './plugin-config/default-config-document.js';

export const DEFAULT_CONFIG_ID = 1;

export async function ensureDefaultConfig(
  db: Db,
  registry: ModelRegistry,
  opts: PluginConfigOptions = {},
): Promise<void> {
  const config_data = buildPluginConfig(registry, opts);
  const columns = { config_data, name: 'default', document: JSON.stringify(defaultConfigDocument(registry)) };
  await db
    .insertInto('config')
    .values({ config_id: DEFAULT_CONFIG_ID, ...columns })
    .onConflict((oc) => oc.column('config_id').doUpdateSet(columns))
    .execute();
  await sql`SELECT setval(pg_get_serial_sequence('config', 'config_id'), (SELECT max(config_id) FROM config))`.execute(
    db,
  );
}
