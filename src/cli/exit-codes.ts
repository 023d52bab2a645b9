// The exit codes of every c4m command, for scripts (also in `c4m --help` and docs/operations.md).
export const ExitCode = {
  /** The command did what it was asked. */
  done: 0,
  /** It failed; the reason is on stderr. */
  failed: 1,
  /** The command line was wrong (unknown command, option or argument). */
  usage: 2,
  /** `--compare` found differences. */
  differences: 3,
  /** What the command names (a user, a config, an API token) does not exist: trying again will not help. */
  notFound: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODES_HELP = `
Exit codes:
  0  done
  1  failed (the reason is on stderr)
  2  usage error (unknown command, option or argument)
  3  --compare found differences
  4  not found: the user, config or API token named does not exist`;

/** A command line that names something that does not exist; exits with ExitCode.usage. */
export class UsageError extends Error {
  readonly code = 'usage_error' as const;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command names a user, config or API token that does not exist; exits with ExitCode.notFound. */
export class NotFoundError extends Error {
  readonly code = 'not_found' as const;
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}
