// Pass `copy`: PostgreSQL's own COPY (<the completions dataset's SELECT>) TO STDOUT of the same rows, in the
// transaction the row source reads in (REPEATABLE READ, read only, jit off), the text drained and counted.
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Db } from '../../src/platform/db.js';
import { completionsQuery } from '../../src/datasets/catalog/completions-query.js';
import { inlineParameters } from './inline-sql.js';

export interface CopyOutcome {
  rows: number;
  bytes: number;
}

export async function copyCompletions(db: Db, databaseUrl: string, pin: number): Promise<CopyOutcome> {
  const select = inlineParameters(completionsQuery({}, pin).compile(db));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query('SET LOCAL jit = off');
    const stream = client.query(copyTo(`COPY (${select}) TO STDOUT`));
    let bytes = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) bytes += chunk.length;
    await client.query('ROLLBACK');
    return { rows: stream.rowCount, bytes };
  } finally {
    await client.end();
  }
}
