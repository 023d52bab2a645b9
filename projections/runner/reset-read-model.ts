// Resetting a read model for a rebuild: its tables, checkpoint and dead letters go in one transaction, then
// its consumer; the next runner replays the whole stream into the same tables. Refused while a runner of
// this read model is active in any process (it holds the lock).
import { sql } from 'kysely';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { Db } from '../../src/platform/db.js';
import { deleteConsumer } from './consumer-position.js';
import { withProjectionLock } from './projection-lock.js';
import type { ReadModel } from './read-model.js';

export class ReadModelBusyError extends Error {
  readonly code = 'read_model_busy' as const;
  constructor(readModel: string) {
    super(`read model ${readModel} is being projected by another process; stop it first`);
    this.name = 'ReadModelBusyError';
  }
}

export async function resetReadModel(
  db: Db,
  jsm: JetStreamManager,
  streamName: string,
  readModel: ReadModel,
): Promise<void> {
  const done = await withProjectionLock(db, readModel.name, async () => {
    await db.transaction().execute(async (trx) => {
      const tables = sql.join(readModel.tables.map((t) => sql.table(t)));
      await sql`TRUNCATE TABLE ${tables}`.execute(trx);
      await trx.deleteFrom('projection_checkpoint').where('projection', '=', readModel.name).execute();
      await trx.deleteFrom('projection_dead_letter').where('projection', '=', readModel.name).execute();
    });
    await deleteConsumer(jsm, streamName, readModel.name);
  });
  if (!done) throw new ReadModelBusyError(readModel.name);
}
