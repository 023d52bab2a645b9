// `c4m metrics [filters]`: the Code4Me evaluation (src/evaluation) over a slice of the generations, printed as
// two tables. The rows come from a MetricsRowSource (the completions dataset query), passed in by program.ts.
import { InvalidArgumentError, type Command } from 'commander';
import {
  aggregateEvaluation,
  EVALUATION_DIMENSIONS,
  type CompletionEvaluationRow,
  type EvaluationDimension,
  type EvaluationSummary,
} from '../../evaluation/index.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { formatCount } from '../format.js';
import { formatTextTable, type TextColumn } from '../text-table.js';

/** The slice to evaluate, as the dataset filters name it (from ≤ meta_query.timestamp < to). */
export interface MetricsFilters {
  from?: Date;
  to?: Date;
  modelId?: number;
  languageId?: number;
  triggerTypeId?: number;
  userId?: string;
  projectId?: string;
  /** Read the rows as they were at this stream sequence. */
  asOfSeq?: number;
}

export interface EvaluationRowSlice {
  rows: AsyncIterable<CompletionEvaluationRow> | Iterable<CompletionEvaluationRow>;
  /** The stream sequence the rows are consistent with (the dataset's X-Stream-Sequence), when known. */
  streamSequence: number | null;
}

/** Opens what it needs (connections, a cursor), hands the slice to `consume`, closes all after it settles. */
export interface MetricsRowSource {
  withRows<T>(filters: MetricsFilters, consume: (slice: EvaluationRowSlice) => Promise<T>): Promise<T>;
}

const HELP_AFTER = `
Per model, language and trigger type (or the dimensions of --by) and overall: the acceptance rate over valid
suggestions (shown, non-empty after strip) with its 95 % Wilson interval, then exact match, edit similarity,
ROUGE-L and verbatim retention of accepted completions against the ground-truth snapshots the plugin sends
about 15, 45 and 90 s after the acceptance. Formulas and definitions: docs/evaluation.md. The same numbers are
the evaluation dataset.

Examples:
  npm run c4m -- metrics --from 2025-03-01 --to 2025-04-01
  npm run c4m -- metrics --model 1 --by language --as-of-seq 123456`;

/** What commander parses: the option names of the command line. */
interface MetricsOptions {
  from?: Date;
  to?: Date;
  model?: number;
  language?: number;
  trigger?: number;
  user?: string;
  project?: string;
  asOfSeq?: number;
  by: EvaluationDimension[];
}

export function registerMetricsCommand(
  program: Command,
  io: CliIo,
  exit: (code: ExitCode) => void,
  source: MetricsRowSource,
): void {
  program
    .command('metrics')
    .description(
      'evaluation metrics per model, language and trigger: acceptance, exact match, edit similarity, ROUGE-L',
    )
    .option('--from <time>', 'only queries at or after this ISO 8601 time (UTC unless it says)', parseTime)
    .option('--to <time>', 'only queries before this ISO 8601 time', parseTime)
    .option('--model <id>', 'only this model_id', parseId)
    .option('--language <id>', 'only this language_id', parseId)
    .option('--trigger <id>', 'only this trigger_type_id', parseId)
    .option('--user <uuid>', "only this user's queries", parseUuid)
    .option('--project <uuid>', "only this project's queries", parseUuid)
    .option('--as-of-seq <n>', 'the rows as of this stream sequence (a pinned, repeatable slice)', parseId)
    .option(
      '--by <dimensions>',
      'group by these, comma-separated (model,language,trigger), or none',
      parseBy,
      [...EVALUATION_DIMENSIONS],
    )
    .addHelpText('after', HELP_AFTER)
    .action(async (options: MetricsOptions) => exit(await runMetrics(io, source, options)));
}

async function runMetrics(io: CliIo, source: MetricsRowSource, options: MetricsOptions): Promise<ExitCode> {
  const filters = filtersOf(options);
  if (filters.from && filters.to && filters.from >= filters.to)
    throw new UsageError('--from must be before --to');
  const { summaries, streamSequence } = await source.withRows(filters, async (slice) => ({
    summaries: await aggregateEvaluation(slice.rows, { groupBy: options.by }),
    streamSequence: slice.streamSequence,
  }));
  io.stdout.write(formatMetricsReport(summaries, options.by));
  io.stdout.write(
    streamSequence === null
      ? '\nstream sequence unknown: the slice cannot be pinned\n'
      : `\nconsistent with stream sequence ${streamSequence} (pass it as --as-of-seq to repeat)\n`,
  );
  return ExitCode.done;
}

function filtersOf(o: MetricsOptions): MetricsFilters {
  const filters: MetricsFilters = {
    from: o.from,
    to: o.to,
    modelId: o.model,
    languageId: o.language,
    triggerTypeId: o.trigger,
    userId: o.user,
    projectId: o.project,
    asOfSeq: o.asOfSeq,
  };
  for (const key of Object.keys(filters) as (keyof MetricsFilters)[])
    if (filters[key] === undefined) delete filters[key];
  return filters;
}

const DIMENSION_COLUMNS: Record<EvaluationDimension, TextColumn> = {
  model: { header: 'model' },
  language: { header: 'language' },
  trigger: { header: 'trigger' },
};

/** The two tables: acceptance per group, and the snapshot metrics per group and slot. */
export function formatMetricsReport(
  summaries: readonly EvaluationSummary[],
  by: readonly EvaluationDimension[],
): string {
  const dims = EVALUATION_DIMENSIONS.filter((d) => by.includes(d));
  const groupColumns = dims.length > 0 ? dims.map((d) => DIMENSION_COLUMNS[d]) : [{ header: 'group' }];
  const right = (header: string): TextColumn => ({ header, align: 'right' });
  const acceptance = formatTextTable(
    [...groupColumns, ...['generations', 'shown', 'empty', 'valid', 'accepted', 'rate', '95% CI'].map(right)],
    summaries.map((s) => [
      ...groupCells(s, dims),
      ...[s.generations, s.shown, s.emptyPredictions, s.valid, s.accepted].map(formatCount),
      percent(s.acceptanceRate),
      s.acceptanceInterval
        ? `[${percent(s.acceptanceInterval.low)}, ${percent(s.acceptanceInterval.high)}]`
        : '-',
    ]),
  );
  const quality = formatTextTable(
    [...groupColumns, { header: 'snapshot' }, ...['n', 'EM', 'ES', 'ROUGE-L', 'retained'].map(right)],
    summaries.flatMap((s) =>
      s.slots.map((slot) => [
        ...groupCells(s, dims),
        slot.slot,
        formatCount(slot.n),
        ...[slot.exactMatch, slot.editSimilarity, slot.rougeL, slot.retained].map(score),
      ]),
    ),
  );
  return (
    'Acceptance: accepted / valid (shown, non-empty); 95% Wilson interval\n' +
    acceptance +
    '\nAccepted completions against ground-truth snapshots (means, 0-100)\n' +
    quality
  );
}

function groupCells(s: EvaluationSummary, dims: readonly EvaluationDimension[]): string[] {
  if (s.grouping.length === 0)
    return dims.length > 0 ? dims.map((_, i) => (i === 0 ? 'overall' : '')) : ['overall'];
  const names = { model: s.modelName, language: s.languageName, trigger: s.triggerTypeName };
  return dims.map((d) => names[d] ?? '(none)');
}

const percent = (p: number | null) => (p === null ? '-' : `${(100 * p).toFixed(1)}%`);
const score = (v: number | null) => (v === null ? '-' : v.toFixed(1));

/** An ISO 8601 date or date-time; one without a zone is UTC (as every time the platform stores). */
function parseTime(value: string): Date {
  const zoned = /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(value) || !value.includes('T') ? value : `${value}Z`;
  const time = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(zoned) : new Date(NaN);
  if (Number.isNaN(time.getTime()))
    throw new InvalidArgumentError('an ISO 8601 time, e.g. 2025-03-01 or 2025-03-01T12:00:00Z.');
  return time;
}

function parseId(value: string): number {
  const id = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(id)) throw new InvalidArgumentError('a whole number.');
  return id;
}

function parseUuid(value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
    throw new InvalidArgumentError('a UUID.');
  return value.toLowerCase();
}

function parseBy(value: string): EvaluationDimension[] {
  if (value === 'none') return [];
  const names = value.split(',').map((v) => v.trim());
  const unknown = names.filter((n) => !(EVALUATION_DIMENSIONS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0)
    throw new InvalidArgumentError(
      `model, language and/or trigger, comma-separated, or none (not ${unknown.join(',')}).`,
    );
  return names as EvaluationDimension[];
}
