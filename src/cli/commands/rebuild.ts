// `c4m rebuild <read model|all> [--compare]`: a thin layer over projections/rebuild. Opens the connections
// from the configuration, shows progress, prints a one-line summary (and with --compare the differences).
import type { Command } from 'commander';
import {
  findReadModel,
  readModels as allReadModels,
  rebuildReadModels,
  type RebuildProgress,
  type RebuildReport,
  type ReadModel,
  type TableDifference,
} from '../../../projections/index.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { CliIo } from '../cli-io.js';
import { formatCount, formatDuration } from '../format.js';
import { withPlatformConnections } from '../platform-connections.js';
import { createProgressReporter, type ProgressUpdate } from '../progress.js';

const HELP_AFTER = `
Rebuilds from the start of the event stream while the platform keeps running: each read model is built
into a shadow schema, caught up with the stream, then swapped in in one transaction (readers never see a
half-built table; the live projection goes on from there). An interrupted rebuild leaves the live tables
as they were. With --compare nothing is swapped: the differences from the live tables are listed.

Examples:
  npm run c4m -- rebuild all
  npm run c4m -- rebuild queries --compare`;

export function registerRebuildCommand(program: Command, io: CliIo, exit: (code: ExitCode) => void): void {
  const names = allReadModels.map((m) => m.name);
  program
    .command('rebuild')
    .description('rebuild read models from the event stream into shadow tables and swap them in')
    .argument('<read-model>', `${names.join(', ')} or all`)
    .option('--compare', 'build the shadow and report how the live tables differ from it; change nothing')
    .addHelpText('after', HELP_AFTER)
    .action(async (target: string, options: { compare?: boolean }) => {
      exit(await runRebuild(io, selectReadModels(target), options.compare === true));
    });
}

export function selectReadModels(target: string): ReadModel[] {
  if (target === 'all') return [...allReadModels];
  const found = findReadModel(target);
  if (!found) {
    const names = [...allReadModels.map((m) => m.name), 'all'].join(', ');
    throw new UsageError(`unknown read model '${target}' (one of ${names})`);
  }
  return [found];
}

async function runRebuild(io: CliIo, readModels: ReadModel[], compare: boolean): Promise<ExitCode> {
  const connections = { clientName: 'c4m-rebuild', dbPoolSize: 4 };
  return withPlatformConnections(io, connections, async ({ db, nats, config, logger }) => {
    const progress = createProgressReporter(io.stdout);
    // Ctrl-C (or SIGTERM) stops the rebuild at the next batch and drops its shadows; a second one kills it.
    const interrupt = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => interrupt.abort(new Error(`interrupted by ${signal}`));
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    try {
      const report = await rebuildReadModels({
        db,
        nats,
        config,
        logger,
        readModels,
        mode: compare ? 'compare' : 'swap',
        signal: interrupt.signal,
        onProgress: (p) => progress.update(progressUpdate(p)),
      });
      progress.stop();
      return printReport(io, report);
    } finally {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      progress.stop();
    }
  });
}

function progressUpdate(p: RebuildProgress): ProgressUpdate {
  const unit = p.phase === 'load' || p.phase === 'catch-up' ? 'events' : 'read models';
  return { ...p, unit };
}

function printReport(io: CliIo, report: RebuildReport): ExitCode {
  const what = report.differences ? 'compared' : 'rebuilt';
  const rate = `${formatCount(report.eventsPerSecond)} events/s`;
  const seqs = `stream sequence ${formatCount(report.pinnedSeq)} pinned, ${formatCount(report.finalSeq)} reached`;
  const differences = report.differences ?? [];
  for (const d of differences) io.stdout.write(`${describeDifference(d)}\n`);
  const outcome = report.differences
    ? differences.length === 0
      ? '; no differences'
      : `; ${differences.length} tables differ`
    : '';
  io.stdout.write(
    `${what} ${report.readModels.join(', ')}: ${formatCount(report.events)} events in ` +
      `${formatDuration(report.durationMs)} (${rate}); ${seqs}${outcome}\n`,
  );
  return differences.length > 0 ? ExitCode.differences : ExitCode.done;
}

function describeDifference(d: TableDifference): string {
  const samples = (rows: Record<string, unknown>[]) =>
    rows.length > 0 ? ` e.g. ${rows.map((r) => JSON.stringify(r)).join(' ')}` : '';
  return (
    `${d.readModel}.${d.table}: ${formatCount(d.onlyInLive)} rows only in live${samples(d.samplesOnlyInLive)}; ` +
    `${formatCount(d.onlyInShadow)} only in the rebuild${samples(d.samplesOnlyInShadow)}`
  );
}
