// Runs the c4m command line in this process against a test configuration: what the command tests use where
// the child process itself is not under test (a spawn costs seconds on a busy machine; see cli-process.ts).
import { runCli } from '../../src/cli/program.js';
import type { Config } from '../../src/platform/config.js';
import { cliEnvOf } from './cli-process.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `c4m <args>` with stdout and stderr collected as text; `isTTY` makes stdout claim to be a terminal. */
export async function runCliInProcess(
  config: Config,
  args: readonly string[],
  options: { isTTY?: boolean } = {},
): Promise<InProcessRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    stdout: { write: (s: string) => out.push(s), isTTY: options.isTTY ?? false },
    stderr: { write: (s: string) => err.push(s) },
    env: cliEnvOf(config),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
