// The reference data as snapshots (event data without the hash): every config row, and every row of the
// lookup tables whose ids completion events carry. Rows in id order, so equal tables give equal snapshots.
import { createHash } from 'node:crypto';
import type { EventDataMap } from '../../events/index.js';
import type { Db } from '../platform/db.js';

export type ConfigSnapshot = Omit<EventDataMap['config.published'], 'contentHash'>;
export type ReferenceSnapshot = Omit<EventDataMap['reference.published'], 'contentHash'>;

export async function loadConfigSnapshot(db: Db): Promise<ConfigSnapshot> {
  const rows = await db.selectFrom('config').selectAll().orderBy('config_id').execute();
  return { configs: rows.map((r) => ({ configId: Number(r.config_id), configData: r.config_data })) };
}

export async function loadReferenceSnapshot(db: Db): Promise<ReferenceSnapshot> {
  const [models, versions, triggers, languages] = await Promise.all([
    db.selectFrom('model_name').selectAll().orderBy('model_id').execute(),
    db.selectFrom('plugin_version').selectAll().orderBy('version_id').execute(),
    db.selectFrom('trigger_type').selectAll().orderBy('trigger_type_id').execute(),
    db.selectFrom('programming_language').selectAll().orderBy('language_id').execute(),
  ]);
  return {
    modelNames: models.map((m) => ({
      modelId: Number(m.model_id),
      modelName: m.model_name,
      isInstructionTuned: m.is_instruction_tuned,
    })),
    pluginVersions: versions.map((v) => ({
      versionId: Number(v.version_id),
      versionName: v.version_name,
      ideType: v.ide_type,
      description: v.description,
    })),
    triggerTypes: triggers.map((t) => ({
      triggerTypeId: Number(t.trigger_type_id),
      triggerTypeName: t.trigger_type_name,
    })),
    languages: languages.map((l) => ({ languageId: Number(l.language_id), languageName: l.language_name })),
  };
}

/** sha256 (hex) of the snapshot's JSON: the snapshots are built in a fixed key and row order. */
export function contentHash(snapshot: ConfigSnapshot | ReferenceSnapshot): string {
  return createHash('sha256').update(JSON.stringify(snapshot)).digest('hex');
}
