// `c4m users verify|role|admin|config <email> ...` (alias `c4m user`): the operator's changes to an account
// (src/accounts/operator-user-changes.ts), each committed with its event and appended to the stream; one line
// says what changed.
import { randomUUID } from 'node:crypto';
import { Argument, InvalidArgumentError, type Command } from 'commander';
import { UserRoleSchema, type UserRole } from '../../../events/index.js';
import {
  assignUserConfig,
  findUserByEmail,
  setUserAdmin,
  setUserRole,
  setUserVerified,
  type OperatorChange,
  type UserRow,
} from '../../accounts/index.js';
import { AppError } from '../../platform/errors.js';
import {
  explainAppendFailure,
  withAccountChangeDeps,
  type AccountChangeDeps,
} from '../account-change-deps.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, NotFoundError } from '../exit-codes.js';

const HELP_AFTER = `
Each change is committed to the user's row together with its event (through the account outbox), then
appended to the event stream before the command ends. A value the account already has changes nothing and
appends nothing. No API route offers these changes: users cannot verify themselves or choose their config.

Roles: user (the plugin only), researcher (datasets, API tokens), admin (a researcher who also administers).

Examples:
  npm run c4m -- users verify ada@example.org
  npm run c4m -- users role ada@example.org researcher
  npm run c4m -- users admin ada@example.org --revoke
  npm run c4m -- users config ada@example.org 2`;

type OperatorDeps = AccountChangeDeps;

/** One operator change: how to make it, and what the result line says. */
interface UserChange {
  apply(deps: OperatorDeps, user: UserRow, correlationId: string): Promise<OperatorChange>;
  /** The new state, after `before` was changed (e.g. `verified`). */
  changed(before: UserRow): string;
  /** The state the account already had (e.g. `already verified`). */
  already: string;
}

export function registerUserCommand(program: Command, io: CliIo, exit: (code: ExitCode) => void): void {
  const user = program
    .command('users')
    .alias('user')
    .description("an operator's changes to a user account, each recorded as an event")
    .addHelpText('after', HELP_AFTER);
  const run = async (email: string, change: UserChange) => exit(await runUserChange(io, email, change));
  user
    .command('verify')
    .description('mark the account verified (user.updated); with --undo, unverified')
    .argument('<email>', "the user's e-mail address")
    .option('--undo', 'mark it unverified instead')
    .action((email: string, options: { undo?: boolean }) => run(email, verifyChange(options.undo !== true)));
  user
    .command('role')
    .description('give the account a role: user, researcher or admin (user.role.changed)')
    .argument('<email>', "the user's e-mail address")
    .addArgument(new Argument('<role>', 'the new role').choices(UserRoleSchema.options))
    .action((email: string, role: UserRole) => run(email, roleChange(role)));
  user
    .command('admin')
    .description('grant the admin role (user.role.changed); with --revoke, make an admin a plain user')
    .argument('<email>', "the user's e-mail address")
    .option('--revoke', 'take the admin role away instead')
    .action((email: string, options: { revoke?: boolean }) =>
      run(email, adminChange(options.revoke !== true)),
    );
  user
    .command('config')
    .description('assign a config, i.e. a study arm (user.updated); the config row must exist')
    .argument('<email>', "the user's e-mail address")
    .argument('<config-id>', 'the config_id of a row of the config table', parseConfigId)
    .action((email: string, configId: number) => run(email, configChange(configId)));
}

function verifyChange(verified: boolean): UserChange {
  return {
    apply: (deps, user, correlationId) => setUserVerified(deps, user.user_id, verified, correlationId),
    changed: () => (verified ? 'verified' : 'unverified'),
    already: verified ? 'already verified' : 'already unverified',
  };
}

function adminChange(isAdmin: boolean): UserChange {
  return {
    apply: (deps, user, correlationId) => setUserAdmin(deps, user.user_id, isAdmin, correlationId),
    changed: () => (isAdmin ? 'admin role granted' : 'admin role revoked'),
    already: isAdmin ? 'already an admin' : 'already not an admin',
  };
}

function roleChange(role: UserRole): UserChange {
  return {
    apply: (deps, user, correlationId) => setUserRole(deps, user.user_id, role, correlationId),
    changed: (before) => `role ${before.role} -> ${role}`,
    already: `already ${role === 'admin' ? 'an' : 'a'} ${role}`,
  };
}

function configChange(configId: number): UserChange {
  return {
    apply: (deps, user, correlationId) =>
      assignUserConfig(deps, user.user_id, configId, correlationId).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'config_not_found')
          throw new NotFoundError(`no config ${configId}: the config table has no such row`);
        throw err;
      }),
    changed: (before) => `config ${before.config_id} -> ${configId}`,
    already: `already on config ${configId}`,
  };
}

/** PostgreSQL's integer range: a larger id cannot name a config row. */
export function parseConfigId(value: string): number {
  const id = Number(value);
  if (!/^[0-9]+$/.test(value) || id < 1 || id > 2_147_483_647)
    throw new InvalidArgumentError('a config id is a whole number from 1 to 2147483647.');
  return id;
}

async function runUserChange(io: CliIo, email: string, change: UserChange): Promise<ExitCode> {
  return withAccountChangeDeps(io, 'c4m-user', async (deps) => {
    const before = await findUserByEmail(deps.db, email);
    if (!before) throw new NotFoundError(`no user with e-mail ${email}`);
    const result = await change.apply(deps, before, randomUUID()).catch((err: unknown) => {
      throw explainFailure(err, email);
    });
    const line = result.event
      ? `${change.changed(before)}; ${result.event.type} ${result.event.id} appended`
      : `${change.already}; nothing appended`;
    io.stdout.write(`${result.user.email}: ${line}\n`);
    return ExitCode.done;
  });
}

function explainFailure(err: unknown, email: string): unknown {
  // The user was found a moment ago and erased since.
  if (err instanceof AppError && err.code === 'user_not_found')
    return new NotFoundError(`no user with e-mail ${email}`);
  return explainAppendFailure(err, email);
}
