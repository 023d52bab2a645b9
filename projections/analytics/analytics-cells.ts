// What one query adds to the aggregate tables, as cells (a table, its primary key, its counts), and the
// difference between two states of a query: the projectors and the bulk fold both apply a query's change as
// "retract what its old state added, add what its new state adds", so both write the same rows.
import { BIN_KIND } from '../../src/analytics/bin-kinds.js';
import { confidenceBin, confidenceMicros } from '../../src/analytics/confidence-bins.js';
import { latencyBin } from '../../src/analytics/latency-bins.js';
import { stripPython } from '../../src/evaluation/strip-python.js';
import { SNAPSHOT_SLOTS, slotSnapshots } from '../../src/evaluation/snapshot-slots.js';
import type { GenerationRecord, QueryState, RequestRecord } from './analytics-state.js';

export type HourlyTable = 'analytics_hourly' | 'analytics_hourly_bins' | 'analytics_hourly_pairs';
export type RollupTable =
  | `analytics_all_${'hourly' | 'daily'}${'' | '_bins' | '_pairs'}`
  | `analytics_user_daily${'' | '_bins' | '_pairs'}`;

export interface Rollup {
  table: RollupTable;
  grainMs: number;
  grain: 'hour' | 'day';
  /** Keyed by user too (then erasure deletes its rows; the all-users rollups are subtracted from). */
  perUser: boolean;
}
export type CellTable = HourlyTable | RollupTable;

/** Each hourly table's rollups: all users by hour and by UTC day, each user by UTC day. */
export const ROLLUPS_OF: Record<HourlyTable, Rollup[]> = {
  analytics_hourly: rollups(''),
  analytics_hourly_bins: rollups('_bins'),
  analytics_hourly_pairs: rollups('_pairs'),
};

function rollups(suffix: '' | '_bins' | '_pairs'): Rollup[] {
  const day = 86_400_000;
  return [
    { table: `analytics_all_hourly${suffix}`, grainMs: 3_600_000, grain: 'hour', perUser: false },
    { table: `analytics_all_daily${suffix}`, grainMs: day, grain: 'day', perUser: false },
    { table: `analytics_user_daily${suffix}`, grainMs: day, grain: 'day', perUser: true },
  ];
}

export interface Cell {
  table: CellTable;
  /** The primary key's values in AGGREGATE_TABLES' order (bucket as epoch ms). */
  key: (number | string)[];
  values: number[];
}

export type Cells = Map<string, Cell>;

/** Primary key and count columns of each aggregate table, in order. */
const HOURLY_TABLES: Record<HourlyTable, { key: string[]; values: string[] }> = {
  analytics_hourly: {
    key: ['bucket', 'model_id', 'language_id', 'trigger_type_id', 'plugin_version_id', 'user_id'],
    values: ['generated', 'shown', 'accepted', 'shown_chars', 'accepted_chars'],
  },
  analytics_hourly_bins: {
    key: [
      'bucket',
      'model_id',
      'language_id',
      'trigger_type_id',
      'plugin_version_id',
      'user_id',
      'kind',
      'bin',
    ],
    values: ['n', 'hits', 'total', 'total_square', 'total_hit'],
  },
  analytics_hourly_pairs: {
    key: ['bucket', 'model_a', 'model_b', 'language_id', 'trigger_type_id', 'plugin_version_id', 'user_id'],
    values: ['both_accepted', 'only_a', 'only_b', 'neither'],
  },
};

const withoutUser = (t: { key: string[]; values: string[] }) => ({
  key: t.key.filter((c) => c !== 'user_id'),
  values: t.values,
});

export const AGGREGATE_TABLES = Object.fromEntries([
  ...Object.entries(HOURLY_TABLES),
  ...(Object.entries(ROLLUPS_OF) as [HourlyTable, Rollup[]][]).flatMap(([hourly, rs]) =>
    rs.map((r) => [r.table, r.perUser ? HOURLY_TABLES[hourly] : withoutUser(HOURLY_TABLES[hourly])]),
  ),
]) as Record<CellTable, { key: string[]; values: string[] }>;

export const isHourlyTable = (table: CellTable): table is HourlyTable => table in HOURLY_TABLES;

/** The rollup cells an hourly cell adds to: its hour and day for all users (without the user), its day. */
export function rollupCellsOf(cell: Cell, rollups?: (r: Rollup) => boolean): Cell[] {
  const table = cell.table as HourlyTable;
  const userAt = HOURLY_TABLES[table].key.indexOf('user_id');
  return ROLLUPS_OF[table].filter(rollups ?? (() => true)).map((r) => {
    const key = r.perUser ? [...cell.key] : cell.key.filter((_, i) => i !== userAt);
    key[0] = Math.floor((key[0] as number) / r.grainMs) * r.grainMs;
    return { table: r.table, key, values: cell.values };
  });
}

/** Every cell the query's state contributes to (hourly, and the daily rollups); nothing before its request. */
export function queryCells(state: QueryState): Cells {
  const cells: Cells = new Map();
  const r = state.request;
  if (!r) return cells;
  for (const g of state.generations) generationCells(cells, r, g);
  const shown = state.generations.filter((g) => g.shown);
  for (let i = 0; i < shown.length; i++) {
    for (let j = i + 1; j < shown.length; j++) {
      const a = shown[i]!.accepted;
      const b = shown[j]!.accepted;
      const key = [r.bucket, shown[i]!.modelId, shown[j]!.modelId, ...dims(r)];
      add(cells, 'analytics_hourly_pairs', key, [+(a && b), +(a && !b), +(!a && b), +(!a && !b)]);
    }
  }
  for (const cell of [...cells.values()]) {
    for (const rollup of rollupCellsOf(cell)) add(cells, rollup.table, rollup.key, [...rollup.values]);
  }
  return cells;
}

function generationCells(cells: Cells, r: RequestRecord, g: GenerationRecord): void {
  const accepted = g.shown && g.accepted;
  const base = [r.bucket, g.modelId, ...dims(r)];
  add(cells, 'analytics_hourly', base, [
    1,
    +g.shown,
    +accepted,
    g.shown ? g.chars : 0,
    accepted ? g.chars : 0,
  ]);
  add(
    cells,
    'analytics_hourly_bins',
    [...base, BIN_KIND.generationMs, latencyBin(g.generationMs)],
    [1, 0, 0, 0, 0],
  );
  add(
    cells,
    'analytics_hourly_bins',
    [...base, BIN_KIND.servingMs, latencyBin(g.servingMs)],
    [1, 0, 0, 0, 0],
  );
  if (g.shown && g.confidence !== null) {
    const c = confidenceMicros(g.confidence);
    const y = +g.accepted;
    add(
      cells,
      'analytics_hourly_bins',
      [...base, BIN_KIND.confidence, confidenceBin(g.confidence)],
      [1, y, c, c * c, c * y],
    );
  }
  // src/evaluation's accepted: shown, accepted, and not empty once stripped.
  if (!accepted || stripPython(g.completion).length === 0) return;
  const snapshots = g.truths.map((t) => ({ text: '', at: new Date(t.at), truth: t }));
  const { chosen } = slotSnapshots(snapshots, new Date(g.acceptedAt ?? r.requestedAt));
  chosen.forEach((s, i) => {
    if (!s) return;
    const { truth } = s as (typeof snapshots)[number];
    const key = [...base, BIN_KIND.survival, SNAPSHOT_SLOTS[i]!.nominalSeconds];
    add(cells, 'analytics_hourly_bins', key, [1, +truth.retained, truth.es, 0, 0]);
  });
}

function dims(r: RequestRecord): (number | string)[] {
  return [r.languageId, r.triggerTypeId, r.pluginVersionId, r.userId];
}

function add(cells: Cells, table: CellTable, key: (number | string)[], values: number[]): void {
  const id = `${table}|${key.join('|')}`;
  const found = cells.get(id);
  if (!found) {
    cells.set(id, { table, key, values });
    return;
  }
  for (let i = 0; i < values.length; i++) found.values[i]! += values[i]!;
}

/** after − before, cell by cell, leaving out cells that do not change. */
export function cellChanges(before: Cells, after: Cells): Cell[] {
  const out: Cell[] = [];
  for (const [id, cell] of after) {
    const old = before.get(id);
    const values = cell.values.map((v, i) => v - (old?.values[i] ?? 0));
    if (values.some((v) => v !== 0)) out.push({ ...cell, values });
  }
  for (const [id, cell] of before) {
    if (!after.has(id)) out.push({ ...cell, values: cell.values.map((v) => -v) });
  }
  return out;
}
