// `c4m tokens create|list|revoke`: researchers' API tokens (src/accounts/api-tokens.ts). A token's secret is
// printed once, when it is created; only its hash is stored, and listings show ids, names and times only.
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import {
  ApiTokenNameSchema,
  createApiToken,
  findUserByEmail,
  findUserById,
  listApiTokens,
  revokeApiToken,
  type ApiTokenRow,
} from '../../accounts/index.js';
import { isUuid } from '../../auth/index.js';
import { AppError } from '../../platform/errors.js';
import { explainAppendFailure, withAccountChangeDeps } from '../account-change-deps.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, NotFoundError } from '../exit-codes.js';
import { withPlatformConnections } from '../platform-connections.js';

const HELP_AFTER = `
A researcher's API token authenticates dataset downloads (Authorization: Bearer c4m_rt_...). Only
researchers and admins hold tokens (c4m users role <email> researcher), and the holder's role is checked on
every use: a demoted user's tokens stop working. The secret is printed once, at creation; the server keeps
only its SHA-256. Creation and revocation are recorded as events (api.token.created, api.token.revoked),
without the secret or its hash; a revocation applies to the next request.

Examples:
  npm run c4m -- tokens create ada@example.org --name laptop
  npm run c4m -- tokens list ada@example.org
  npm run c4m -- tokens revoke 0b5e9a52-6f0c-4d57-9a51-5c1ad3f0e2a7`;

export function registerTokensCommand(program: Command, io: CliIo, exit: (code: ExitCode) => void): void {
  const tokens = program
    .command('tokens')
    .description("researchers' API tokens for dataset downloads: create, list, revoke")
    .addHelpText('after', HELP_AFTER);
  tokens
    .command('create')
    .description('create an API token for a researcher or admin and print it, this once')
    .argument('<email>', "the holder's e-mail address")
    .option('--name <name>', 'a label to tell the tokens apart (1-100 characters)', parseTokenName, 'default')
    .action(async (email: string, options: { name: string }) =>
      exit(await runCreate(io, email, options.name)),
    );
  tokens
    .command('list')
    .description("list the user's API tokens: id, name, created, last used, revoked (never the secret)")
    .argument('<email>', "the holder's e-mail address")
    .action(async (email: string) => exit(await runList(io, email)));
  tokens
    .command('revoke')
    .description('revoke an API token; requests with it fail from now on')
    .argument('<token-id>', 'the id that create and list print', parseTokenId)
    .action(async (tokenId: string) => exit(await runRevoke(io, tokenId)));
}

function parseTokenName(value: string): string {
  const parsed = ApiTokenNameSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`${parsed.error.issues[0]?.message ?? 'bad name'}.`);
  return parsed.data;
}

function parseTokenId(value: string): string {
  if (!isUuid(value)) throw new InvalidArgumentError('a token id is a UUID, as c4m tokens list prints it.');
  return value.toLowerCase();
}

async function runCreate(io: CliIo, email: string, name: string): Promise<ExitCode> {
  return withAccountChangeDeps(io, 'c4m-tokens', async (deps) => {
    const user = await findUserByEmail(deps.db, email);
    if (!user) throw new NotFoundError(`no user with e-mail ${email}`);
    const created = await createApiToken(deps, {
      userId: user.user_id,
      name,
      correlationId: randomUUID(),
    }).catch((err: unknown) => {
      throw explainCreateFailure(err, user.email);
    });
    io.stdout.write(
      `${user.email}: API token ${created.token.token_id} "${name}" created; ` +
        `${created.event.type} ${created.event.id} appended\n` +
        `token: ${created.secret}\n` +
        'This is the only time the token is shown: the server keeps only its SHA-256.\n',
    );
    return ExitCode.done;
  });
}

function explainCreateFailure(err: unknown, email: string): unknown {
  if (err instanceof AppError && err.code === 'user_not_found')
    return new NotFoundError(`no user with e-mail ${email}`);
  if (err instanceof AppError && err.code === 'api_token_role_required')
    return new Error(
      `${email} is a plain user: only researchers and admins hold API tokens ` +
        `(grant the role first: c4m users role ${email} researcher); nothing changed`,
    );
  return explainAppendFailure(err, email);
}

async function runList(io: CliIo, email: string): Promise<ExitCode> {
  const connections = { clientName: 'c4m-tokens', dbPoolSize: 1 };
  return withPlatformConnections(io, connections, async ({ db }) => {
    const user = await findUserByEmail(db, email);
    if (!user) throw new NotFoundError(`no user with e-mail ${email}`);
    const rows = await listApiTokens(db, user.user_id);
    io.stdout.write(formatTokenList(user.email, user.role, rows));
    return ExitCode.done;
  });
}

async function runRevoke(io: CliIo, tokenId: string): Promise<ExitCode> {
  return withAccountChangeDeps(io, 'c4m-tokens', async (deps) => {
    const result = await revokeApiToken(deps, tokenId, randomUUID()).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'api_token_not_found')
        throw new NotFoundError(`no API token ${tokenId}`);
      throw explainAppendFailure(err, `API token ${tokenId}`);
    });
    const holder = (await findUserById(deps.db, result.token.user_id))?.email ?? result.token.user_id;
    const line = result.event
      ? `revoked; ${result.event.type} ${result.event.id} appended`
      : `already revoked at ${isoTime(result.token.revoked_at)}; nothing appended`;
    io.stdout.write(`API token ${tokenId} "${result.token.name}" of ${holder}: ${line}\n`);
    return ExitCode.done;
  });
}

/** One line per token, columns aligned; times in UTC. */
function formatTokenList(email: string, role: string, rows: readonly ApiTokenRow[]): string {
  const head = `${email} (${role}): ${rows.length === 0 ? 'no' : rows.length} API token${rows.length === 1 ? '' : 's'}\n`;
  if (rows.length === 0) return head;
  const table = [
    ['token id', 'name', 'created', 'last used', 'revoked'],
    ...rows.map((r) => [
      r.token_id,
      r.name,
      isoTime(r.created_at),
      r.last_used_at ? isoTime(r.last_used_at) : 'never',
      r.revoked_at ? isoTime(r.revoked_at) : '-',
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const lines = table.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
  return head + lines.map((l) => `${l}\n`).join('');
}

function isoTime(value: Date | string | null): string {
  return value === null ? '-' : `${new Date(value).toISOString().slice(0, 19)}Z`;
}
