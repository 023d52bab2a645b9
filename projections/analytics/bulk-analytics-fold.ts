// The analytics read model folded in memory for a rebuild into empty tables: the same transitions and cell
// changes as the projectors (so the rows and their stream_seq come out the same), each query's state in a
// map, each aggregate row in another, all written with COPY at the end.
import { foldWith, type FoldHandlers } from '../bulk/fold-handlers.js';
import type { DomainEvent } from '../../events/index.js';
import { copyRows, linesOf } from '../bulk/copy-rows.js';
import { copyLine, type CopyColumns, type CopyKind } from '../bulk/copy-text.js';
import { required, type BulkFold } from '../runner/read-model.js';
import {
  AGGREGATE_TABLES,
  cellChanges,
  isHourlyTable,
  queryCells,
  rollupCellsOf,
  type Cell,
} from './analytics-cells.js';
import { cellRow, generationRow, requestRow, type GenerationRow, type RequestRow } from './analytics-rows.js';
import {
  applyFeedback,
  applyGenerated,
  applyRequested,
  applyShown,
  emptyQueryState,
  type QueryState,
} from './analytics-state.js';

const REQUEST_COLUMNS: CopyColumns<RequestRow> = [
  ['meta_query_id', 'plain'],
  ['user_id', 'plain'],
  ['requested_at', 'plain'],
  ['bucket', 'plain'],
  ['language_id', 'int'],
  ['trigger_type_id', 'int'],
  ['plugin_version_id', 'int'],
  ['config_id', 'int'],
  ['stream_seq', 'int'],
];
const GENERATION_COLUMNS: CopyColumns<GenerationRow> = [
  ['meta_query_id', 'plain'],
  ['model_id', 'int'],
  ['user_id', 'plain'],
  ['confidence', 'float'],
  ['completion', 'text'],
  ['chars', 'int'],
  ['generation_ms', 'int'],
  ['serving_ms', 'int'],
  ['shown', 'bool'],
  ['accepted', 'bool'],
  ['accepted_at', 'plain'],
  ['feedback_seq', 'int'],
  ['truths', 'json'],
  ['stream_seq', 'int'],
];

interface AggregateRow {
  cell: Cell;
  seq: number;
}

export function createAnalyticsBulkFold(): BulkFold {
  const queries = new Map<string, QueryState>();
  const aggregates = new Map<string, AggregateRow>();

  const step = <T extends DomainEvent>(
    e: T,
    seq: number,
    transition: (s: QueryState, e: T, seq: number) => QueryState,
  ): void => {
    const id = required(e.queryId, 'queryId').toLowerCase();
    const before = queries.get(id) ?? emptyQueryState();
    const after = transition(before, e, seq);
    if (after === before) return;
    queries.set(id, after);
    for (const change of cellChanges(queryCells(before), queryCells(after))) {
      const key = `${change.table}|${change.key.join('|')}`;
      const row = aggregates.get(key);
      if (!row) aggregates.set(key, { cell: change, seq });
      else {
        change.values.forEach((v, i) => (row.cell.values[i]! += v));
        row.seq = seq;
      }
    }
  };

  /** As the projector: the user's hourly rows are subtracted from the rollups, then dropped. */
  const erase = (e: DomainEvent<'user.erased'>, seq: number): void => {
    if (!e.data.deleteData) return;
    const user = required(e.userId, 'userId').toLowerCase();
    for (const [id, q] of queries) {
      const request = q.request?.userId === user ? null : q.request;
      const generations = q.generations.filter((g) => g.userId !== user);
      if (request === null && generations.length === 0) queries.delete(id);
      else if (request !== q.request || generations.length !== q.generations.length)
        queries.set(id, { request, generations });
    }
    for (const [key, row] of aggregates) {
      if (!row.cell.key.includes(user)) continue;
      aggregates.delete(key);
      if (!isHourlyTable(row.cell.table)) continue; // the user's own daily rollup: deleted with them
      for (const rollup of rollupCellsOf(row.cell, (r) => !r.perUser)) {
        const target = aggregates.get(`${rollup.table}|${rollup.key.join('|')}`)!;
        rollup.values.forEach((v, i) => (target.cell.values[i]! -= v));
        target.seq = seq;
      }
    }
  };

  const handlers: FoldHandlers = {
    'completion.requested': (e, seq) => step(e, seq, applyRequested),
    'completion.generated': (e, seq) => step(e, seq, applyGenerated),
    'completion.shown': (e, seq) => step(e, seq, applyShown),
    'completion.feedback': (e, seq) => step(e, seq, applyFeedback),
    'user.erased': (e, seq) => erase(e, seq),
  };

  return {
    add: foldWith(handlers),
    async write(client) {
      const states = [...queries.values()];
      let written = await copyRows(
        client,
        'analytics_request',
        REQUEST_COLUMNS,
        linesOf(
          states.filter((q) => q.request),
          (q) => copyLine(REQUEST_COLUMNS, requestRow(q.request!)),
        ),
      );
      const generations = function* () {
        for (const q of states) for (const g of q.generations) yield generationRow(g);
      };
      written += await copyRows(
        client,
        'analytics_generation',
        GENERATION_COLUMNS,
        linesOf(generations(), (r) => copyLine(GENERATION_COLUMNS, r)),
      );
      for (const table of Object.keys(AGGREGATE_TABLES) as (keyof typeof AGGREGATE_TABLES)[]) {
        written += await writeAggregates(client, table, aggregates);
      }
      return written;
    },
  };
}

async function writeAggregates(
  client: import('pg').ClientBase,
  table: keyof typeof AGGREGATE_TABLES,
  aggregates: Map<string, AggregateRow>,
): Promise<number> {
  const { key, values } = AGGREGATE_TABLES[table];
  const columns = [...key, ...values, 'stream_seq'].map(
    (c, i) =>
      [c, i === 0 || c === 'user_id' ? 'plain' : 'int'] as const satisfies readonly [string, CopyKind],
  );
  const rows = function* () {
    for (const r of aggregates.values()) if (r.cell.table === table) yield cellRow(r.cell, r.seq);
  };
  return copyRows(
    client,
    table,
    columns,
    linesOf(rows(), (r) => copyLine(columns, r)),
  );
}
