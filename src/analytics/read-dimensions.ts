// The names behind the filters' ids: models, languages, triggers, plugin versions and (researchers only)
// users, from the lookup tables. Id 0 is the aggregates' "unknown" (the request kept no telemetry).
import type { Db } from '../platform/db.js';

export interface NamedId<T = number> {
  id: T;
  name: string;
}

export interface Dimensions {
  models: NamedId[];
  languages: NamedId[];
  triggers: NamedId[];
  versions: NamedId[];
  users?: NamedId<string>[];
}

export const UNKNOWN_LABEL = 'unknown';

export async function readDimensions(db: Db, withUsers: boolean): Promise<Dimensions> {
  const [models, languages, triggers, versions] = await Promise.all([
    db
      .selectFrom('model_name')
      .select(['model_id as id', 'model_name as name'])
      .orderBy('model_id')
      .execute(),
    db
      .selectFrom('programming_language')
      .select(['language_id as id', 'language_name as name'])
      .orderBy('language_id')
      .execute(),
    db
      .selectFrom('trigger_type')
      .select(['trigger_type_id as id', 'trigger_type_name as name'])
      .orderBy('trigger_type_id')
      .execute(),
    db
      .selectFrom('plugin_version')
      .select(['version_id as id', 'version_name as name'])
      .orderBy('version_id')
      .execute(),
  ]);
  const out: Dimensions = { models, languages, triggers, versions };
  if (withUsers)
    out.users = await db.selectFrom('user').select(['user_id as id', 'name']).orderBy('name').execute();
  return out;
}
