// Creating a config: the document is checked against the model registry, rendered to the plugin's HOCON
// (the same builder as config 1) and committed with its config.created event. A config never changes once
// created: completion events name the config they were served under, so an edit would rewrite history; a
// change is a new config (basedOn names the one it came from).
import { makeEvent, ConfigDocumentSchema } from '../../events/index.js';
import { buildPluginConfig } from '../accounts/index.js';
import { commitWithEvents } from '../accounts/account-outbox.js';
import type { ConfigDocumentColumn } from '../platform/db-schema.js';
import type { ModelRegistry } from '../inference/model-registry.js';
import { findConfig, type ConfigRecord } from './config-repository.js';
import type { ConfigDeps } from './study-deps.js';
import { StudyErrors } from './study-errors.js';

export interface NewConfig {
  name: string;
  document: ConfigDocumentColumn;
  basedOn?: number | null;
}

export async function createConfig(
  deps: ConfigDeps,
  input: NewConfig,
  correlationId: string,
): Promise<ConfigRecord> {
  const document = checkDocument(deps.registry, input.document);
  const name = input.name.trim();
  if (name === '' || name.length > 200) throw StudyErrors.invalidConfig('a name has 1 to 200 characters.');
  const basedOn = input.basedOn ?? null;
  if (basedOn !== null && !(await findConfig(deps.db, basedOn))) throw StudyErrors.configNotFound(basedOn);
  const configData = buildPluginConfig(deps.registry, { document, googleClientId: deps.googleClientId });
  const createdAt = deps.clock.now();
  const configId = await commitWithEvents(deps, async (trx) => {
    const row = await trx
      .insertInto('config')
      .values({
        config_data: configData,
        name,
        document: JSON.stringify(document),
        based_on: basedOn,
        created_at: createdAt,
      })
      .returning('config_id')
      .executeTakeFirstOrThrow();
    const id = Number(row.config_id);
    const data = { configId: id, name, document, configData, basedOn, createdAt: createdAt.toISOString() };
    return {
      result: id,
      events: [makeEvent('config.created', { userId: null, correlationId }, data, { occurredAt: createdAt })],
    };
  });
  return { configId, name, document, basedOn, createdAt: createdAt.toISOString(), configData };
}

/** The document if it is one the registry can serve; 422 naming what is wrong otherwise. */
export function checkDocument(registry: ModelRegistry, input: unknown): ConfigDocumentColumn {
  const parsed = ConfigDocumentSchema.safeParse(input);
  if (!parsed.success) throw StudyErrors.invalidConfig(parsed.error.issues.map(issueText).join('; '));
  const doc = parsed.data;
  const known = new Map(registry.models.map((m) => [m.id, m]));
  const unknown = doc.models.offered.filter((id) => !known.has(id));
  if (unknown.length > 0) throw StudyErrors.invalidConfig(`no model ${unknown.join(', ')} in the registry.`);
  const notOffered = doc.models.defaults.filter((id) => !doc.models.offered.includes(id));
  if (notOffered.length > 0)
    throw StudyErrors.invalidConfig(`default model ${notOffered.join(', ')} is not offered.`);
  const completionDefault = doc.models.defaults.some((id) => known.get(id)?.kind !== 'chat');
  if (!completionDefault)
    throw StudyErrors.invalidConfig('one default must be a completion model (the plugin asks for it).');
  const unique = (ids: number[]) => [...new Set(ids)];
  return { ...doc, models: { offered: unique(doc.models.offered), defaults: unique(doc.models.defaults) } };
}

function issueText(issue: { path: PropertyKey[]; message: string }): string {
  return issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}
