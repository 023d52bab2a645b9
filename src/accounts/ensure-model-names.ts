// Startup step: every model of the registry has its `model_name` row under the registry's id (ids 1-4 are
// seeded by the migration with the Python server's names; our own models are added here).
import { sql } from 'kysely';
import type { Db } from '../platform/db.js';
import type { ModelRegistry } from '../inference/model-registry.js';

export async function ensureModelNames(db: Db, registry: ModelRegistry): Promise<void> {
  const rows = registry.models.map((m) => ({
    model_id: m.id,
    model_name: m.fullName,
    is_instruction_tuned: m.kind === 'chat',
  }));
  await db
    .insertInto('model_name')
    .values(rows)
    .onConflict((oc) =>
      oc.column('model_id').doUpdateSet((eb) => ({
        model_name: eb.ref('excluded.model_name'),
        is_instruction_tuned: eb.ref('excluded.is_instruction_tuned'),
      })),
    )
    .execute();
  await sql`SELECT setval(pg_get_serial_sequence('model_name', 'model_id'), (SELECT max(model_id) FROM model_name))`.execute(
    db,
  );
}
