// Reads a CSV download back as an analyst's DuckDB does (read_csv with its type detection), into plain rows.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export async function readCsvWithDuckDb(text: string): Promise<Array<Record<string, unknown>>> {
  const dir = await mkdtemp(join(tmpdir(), 'c4m-csv-'));
  const path = join(dir, 'dataset.csv');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await writeFile(path, text);
    const reader = await connection.runAndReadAll(`SELECT * FROM read_csv('${path}', header = true)`);
    return reader.getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}
