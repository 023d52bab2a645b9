// The c4m command line: commander for parsing and help, every command registered here, and one place that
// turns outcomes and failures into the documented exit codes.
import { Command, CommanderError } from 'commander';
import type { CliIo } from './cli-io.js';
import { registerMetricsCommand } from './commands/metrics.js';
import { registerRebuildCommand } from './commands/rebuild.js';
import { registerReplayCommand } from './commands/replay.js';
import { registerTokensCommand } from './commands/tokens.js';
import { registerUserCommand } from './commands/user.js';
import { registerConfigsCommand } from './commands/configs.js';
import { registerStudiesCommand } from './commands/studies.js';
import { EXIT_CODES_HELP, ExitCode, NotFoundError, UsageError } from './exit-codes.js';
import { createMetricsRowSource } from './metrics-row-source.js';

export function createProgram(io: CliIo, exit: (code: ExitCode) => void): Command {
  const program = new Command('c4m')
    .description('The Code4me platform tool: maintenance and research commands over the event stream.')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .showHelpAfterError('(run c4m --help for the commands and options)')
    .addHelpText(
      'after',
      `${EXIT_CODES_HELP}\n\nConfiguration comes from the environment (docs/configuration.md).`,
    );
  registerRebuildCommand(program, io, exit);
  registerUserCommand(program, io, exit);
  registerTokensCommand(program, io, exit);
  registerReplayCommand(program, io, exit);
  registerMetricsCommand(program, io, exit, createMetricsRowSource(io));
  registerConfigsCommand(program, io, exit);
  registerStudiesCommand(program, io, exit);
  return program;
}

/** Runs one command line (without the node and script arguments); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = ExitCode.done;
  const program = createProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    // Help and version end in a CommanderError with exit code 0; every other one is a usage error.
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.done : ExitCode.usage;
    if (err instanceof UsageError) {
      io.stderr.write(`error: ${err.message}\n`);
      return ExitCode.usage;
    }
    io.stderr.write(`c4m: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof NotFoundError ? ExitCode.notFound : ExitCode.failed;
  }
}
