// One rebuild per read model at a time, across processes: a PostgreSQL advisory lock per read model, held on
// a connection of its own for the whole rebuild. It dies with the process (even on SIGKILL), which is how the
// next rebuild knows that a shadow schema left behind belongs to nobody.
import pg from 'pg';
import { lockKey } from '../runner/projection-lock.js';
import { RebuildBusyError } from './rebuild-errors.js';

/** First key of the two-key advisory lock: the rebuild namespace (the runner's is 0x0c4d). */
const REBUILD_LOCK_CLASS = 0x0c4e;

export interface RebuildLocks {
  release(): Promise<void>;
}

/** Takes the rebuild lock of every named read model, or none: throws RebuildBusyError if one is held. */
export async function takeRebuildLocks(
  databaseUrl: string,
  readModels: readonly string[],
): Promise<RebuildLocks> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  client.on('error', () => undefined); // a lost lock connection surfaces as the next query's error
  try {
    for (const name of readModels) {
      const got = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
        REBUILD_LOCK_CLASS,
        lockKey(name),
      ]);
      if (!got.rows[0]?.locked) throw new RebuildBusyError(name);
    }
  } catch (err) {
    await client.end(); // releases the locks taken so far
    throw err;
  }
  return { release: () => client.end() };
}
