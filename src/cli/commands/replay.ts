// `c4m replay [filters] [--format ndjson|arrow] [--out FILE]`: a thin layer over src/replay. Parses the slice
// (usage errors before anything is opened), reads it up to its pin, streams the bytes to a file or stdout
// and ends with a summary on stderr that names the pin, so the same slice can be asked for again.
import { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import {
  encodeReplay,
  InvalidEventSliceError,
  parseEventSlice,
  REPLAY_FORMATS,
  selectEvents,
  type EventSlice,
  type ReplayFormat,
  type SelectionCounts,
} from '../../replay/index.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { formatCount } from '../format.js';
import { withPlatformConnections } from '../platform-connections.js';
import { isStdout, writeToFile, writeToStdout } from '../write-output.js';

const HELP_AFTER = `
Reads the event stream in order with an ordered consumer, from its start up to --until-seq or, without it,
the stream's last sequence when the replay starts, and writes the events of the slice (stream sequence,
subject, envelope and data, upcast to the latest version) as NDJSON lines or one Arrow IPC stream.
Filters combine (all must hold); --from is inclusive, --to exclusive, both compared with the envelope's
occurredAt. The same slice with the same --until-seq gives the same bytes. The summary (on stderr) names
the pin. An event that cannot be decoded stops the replay unless --skip-undecodable. See docs/replay.md.

Examples:
  npm run c4m -- replay --from 2026-03-01 --to 2026-04-01 --type completion.generated --out march.ndjson
  npm run c4m -- replay --model 5 --format arrow --out model5.arrows --until-seq 123456`;

interface ReplayOptions {
  from?: string;
  to?: string;
  type?: string[];
  user?: string;
  project?: string;
  model?: string;
  untilSeq?: string;
  format: ReplayFormat;
  out?: string;
  skipUndecodable?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',')];

export function registerReplayCommand(program: Command, io: CliIo, exit: (code: ExitCode) => void): void {
  program
    .command('replay')
    .description('write the events of a slice of the stream (by time, type, user, project, model) in order')
    .option('--from <time>', 'events that occurred at or after this ISO-8601 time or date (inclusive)')
    .option('--to <time>', 'events that occurred before this ISO-8601 time or date (exclusive)')
    .option('--type <type>', 'an event type, e.g. completion.generated (repeatable)', collect)
    .option('--user <user-id>', "one user's events")
    .option('--project <project-id>', "one project's events")
    .option('--model <model-id>', 'events that name this model (completion requests, generations, ...)')
    .option('--until-seq <seq>', 'read up to this stream sequence (the pin a summary named)')
    .addOption(new Option('--format <format>', 'output format').choices(REPLAY_FORMATS).default('ndjson'))
    .option('--out <file>', 'write to this file (written as FILE.partial, then renamed); - is stdout')
    .option('--skip-undecodable', 'skip and count events this code cannot decode instead of failing')
    .addHelpText('after', HELP_AFTER)
    .action(async (options: ReplayOptions) => exit(await runReplay(io, options)));
}

function sliceOfOptions(options: ReplayOptions): EventSlice {
  try {
    return parseEventSlice({
      from: options.from,
      to: options.to,
      types: options.type,
      userId: options.user,
      projectId: options.project,
      modelId: options.model,
      untilSeq: options.untilSeq,
    });
  } catch (err) {
    throw asUsageError(err);
  }
}

function asUsageError(err: unknown): unknown {
  return err instanceof InvalidEventSliceError ? new UsageError(err.message) : err;
}

function checkDestination(io: CliIo, options: ReplayOptions): void {
  if (options.format !== 'arrow' || !isStdout(options.out)) return;
  if (io.stdout.isTTY === true)
    throw new UsageError('arrow output is binary: write it to a file with --out FILE, or pipe it');
  if (!(io.stdout instanceof Writable)) throw new UsageError('arrow output needs --out FILE here');
}

async function runReplay(io: CliIo, options: ReplayOptions): Promise<ExitCode> {
  const slice = sliceOfOptions(options);
  checkDestination(io, options);
  const connections = { clientName: 'c4m-replay', dbPoolSize: 1 };
  return withPlatformConnections(io, connections, async ({ nats, config }) => {
    const onUndecodable = options.skipUndecodable === true ? 'skip' : 'fail';
    const selection = await selectEvents(nats.js, config.streamName, config.natsPrefix, slice, {
      onUndecodable,
    }).catch((err: unknown) => {
      throw asUsageError(err);
    });
    // Ctrl-C (or SIGTERM) stops the replay; a file being written is removed.
    const interrupt = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => interrupt.abort(new Error(`interrupted by ${signal}`));
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    try {
      const bytes = encodeReplay(options.format, selection, slice);
      if (isStdout(options.out)) await writeToStdout(bytes, io.stdout, interrupt.signal);
      else await writeToFile(bytes, options.out as string, interrupt.signal);
    } finally {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    }
    io.stderr.write(summary(selection.counts(), selection.untilSeq, slice, options));
    return ExitCode.done;
  });
}

function summary(
  counts: SelectionCounts,
  untilSeq: number,
  slice: EventSlice,
  options: ReplayOptions,
): string {
  const where = isStdout(options.out) ? 'stdout' : options.out;
  const pin =
    slice.untilSeq === null
      ? `; add --until-seq ${untilSeq} to replay exactly this slice again`
      : ` (--until-seq ${untilSeq})`;
  const lines = [
    `replayed ${formatCount(counts.selected)} events (${formatCount(counts.read)} read) as ` +
      `${options.format} to ${where}, up to stream sequence ${untilSeq}${pin}`,
  ];
  if (counts.undecodable > 0) {
    const samples = counts.undecodableSamples.map((u) => `seq ${u.seq}: ${u.reason}`).join('; ');
    lines.push(`skipped ${formatCount(counts.undecodable)} undecodable events (${samples})`);
  }
  return lines.map((l) => `${l}\n`).join('');
}
