// Fills the queries read model of a fresh, migrated database with generated completions (completion-mix.ts)
// straight through COPY, one COPY stream per table on a connection of its own, all fed from one pass over the
// generator; then the read models' checkpoints at the last sequence (a download's pin) and ANALYZE.
import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { copyColumnList, copyLine, type CopyKind } from '../../projections/bulk/copy-text.js';
import {
  BEHAVIORAL_COLUMNS,
  CONTEXT_COLUMNS,
  CONTEXTUAL_COLUMNS,
  FAILED_GENERATION_COLUMNS,
  FEEDBACK_COLUMNS,
  GROUND_TRUTH_COLUMNS,
  HAD_GENERATION_COLUMNS,
  QUERY_CONTEXT_FILE_COLUMNS,
} from '../../projections/queries/bulk-query-tables.js';
import { CompletionMix, type QueryMixRows } from './completion-mix.js';

type Columns = readonly (readonly [string, CopyKind])[];

const META_QUERY_COLUMNS: Columns = [
  ['meta_query_id', 'plain'],
  ['user_id', 'plain'],
  ['contextual_telemetry_id', 'plain'],
  ['behavioral_telemetry_id', 'plain'],
  ['context_id', 'plain'],
  ['session_id', 'plain'],
  ['project_id', 'plain'],
  ['multi_file_context_changes_indexes', 'json'],
  ['timestamp', 'plain'],
  ['total_serving_time', 'int'],
  ['server_version_id', 'int'],
  ['query_type', 'plain'],
  ['config_id', 'int'],
  ['plugin_version_id', 'int'],
  ['stream_seq', 'int'],
  ['request_seq', 'int'],
];
const COMPLETION_QUERY_COLUMNS: Columns = [
  ['meta_query_id', 'plain'],
  ['stream_seq', 'int'],
];

/** Each table with its columns and the rows of one query that go into it. */
const TABLES: [string, Columns, (q: QueryMixRows) => readonly object[]][] = [
  ['context', CONTEXT_COLUMNS, (q) => (q.context ? [q.context] : [])],
  ['contextual_telemetry', CONTEXTUAL_COLUMNS, (q) => (q.contextual ? [q.contextual] : [])],
  ['behavioral_telemetry', BEHAVIORAL_COLUMNS, (q) => (q.behavioral ? [q.behavioral] : [])],
  ['meta_query', META_QUERY_COLUMNS, (q) => [q.meta]],
  ['completion_query', COMPLETION_QUERY_COLUMNS, (q) => [q.meta]],
  ['query_context_file', QUERY_CONTEXT_FILE_COLUMNS, (q) => q.files],
  ['had_generation', HAD_GENERATION_COLUMNS, (q) => q.generations],
  ['failed_generation', FAILED_GENERATION_COLUMNS, (q) => q.failures],
  ['feedback', FEEDBACK_COLUMNS, (q) => q.feedback],
  ['ground_truth', GROUND_TRUTH_COLUMNS, (q) => q.truths],
];

export interface FillResult {
  queries: number;
  /** had_generation rows: the completions dataset's rows. */
  completions: number;
  rowsWritten: number;
  lastSeq: number;
  seconds: number;
  megabytes: number;
}

/** Queries are generated and written this many at a time (a write per table per chunk). */
const CHUNK = 500;

export async function fillDatabase(
  databaseUrl: string,
  completions: number,
  seed: number,
): Promise<FillResult> {
  const started = performance.now();
  const clients = TABLES.map(() => new pg.Client({ connectionString: databaseUrl }));
  await Promise.all(clients.map((c) => c.connect()));
  try {
    // The tables load side by side, so a child row may arrive before its parent: no foreign-key triggers
    // while loading (superuser only; every row's parent is in the same load).
    await Promise.all(clients.map((c) => c.query('SET session_replication_role = replica')));
    const indexes = await dropSecondaryIndexes(clients[0]!);
    const streams = TABLES.map(([table, columns], i) =>
      clients[i]!.query(copyFrom(`COPY "${table}" (${copyColumnList(columns)}) FROM STDIN`)),
    );
    const result = await writeRows(streams, completions, seed);
    await Promise.all(streams.map((s) => (s.end(), once(s, 'finish'))));
    const rowsWritten = streams.reduce((n, s) => n + s.rowCount, 0);
    await finish(clients, indexes, result.lastSeq);
    return { ...result, rowsWritten, seconds: (performance.now() - started) / 1000 };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

async function writeRows(
  streams: CopyStreamQuery[],
  target: number,
  seed: number,
): Promise<Omit<FillResult, 'rowsWritten' | 'seconds'>> {
  const mix = new CompletionMix(seed);
  let queries = 0;
  let completions = 0;
  let bytes = 0;
  while (completions < target) {
    const chunks = TABLES.map(() => '');
    for (let i = 0; i < CHUNK && completions < target; i++) {
      const q = mix.next();
      queries += 1;
      completions += q.generations.length;
      TABLES.forEach(([, columns, rows], t) => {
        for (const row of rows(q)) chunks[t] += copyLine(columns as never, row);
      });
    }
    await Promise.all(
      streams.map(async (s, t) => {
        bytes += chunks[t]!.length;
        if (chunks[t] && !s.write(chunks[t])) await once(s, 'drain');
      }),
    );
  }
  return { queries, completions, lastSeq: mix.seq, megabytes: bytes / 1e6 };
}

/** The secondary indexes of the loaded tables (dropped: building them once afterwards is faster). */
async function dropSecondaryIndexes(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [TABLES.map(([table]) => table)],
  );
  for (const { name } of rows) await client.query(`DROP INDEX "${name}"`);
  return rows.map((r) => r.definition);
}

/**
 * The indexes again (two at a time), every read model at the last sequence (so the current pin covers the
 * rows), then fresh statistics.
 */
async function finish(clients: pg.Client[], indexes: string[], lastSeq: number): Promise<void> {
  const [first, second] = [clients[0]!, clients[1]!];
  const queue = [...indexes];
  const build = async (c: pg.Client) => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await c.query(next);
  };
  await Promise.all([build(first), build(second)]);
  await first.query('SET session_replication_role = DEFAULT');
  await first.query(
    `INSERT INTO projection_checkpoint (projection, last_seq, updated_at)
     SELECT p, $1, now() FROM unnest($2::text[]) p`,
    [lastSeq, ['queries', 'contexts', 'sessions']],
  );
  await first.query('ANALYZE');
}
