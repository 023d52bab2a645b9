// The c4m command line without services: help for every command, and the exit codes scripts rely on.
import { describe, expect, it } from 'vitest';
import { runCli } from './program.js';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', NATS_URL: 'nats://127.0.0.1:1' };
  const code = await runCli(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('c4m', () => {
  it('lists its commands and the exit codes in --help, and exits with 0', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/rebuild \[options\] <read-model>/);
    expect(stdout).toContain('3  --compare found differences');
    expect(stdout).toContain('4  not found: the user, config or API token named does not exist');
    expect(stdout).toMatch(/^ {2}users\|user {2,}an operator's changes/m);
    expect(stdout).toMatch(/^ {2}tokens {2,}researchers' API tokens/m);
  });

  it('explains rebuild, its read models and --compare in rebuild --help', async () => {
    const { code, stdout } = await run('rebuild', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('sessions, queries, contexts, analytics, chats, studies or all');
    expect(stdout).toContain('--compare');
  });

  it('lists the user subcommands in user --help and explains each in its own --help', async () => {
    const { code, stdout } = await run('user', '--help');
    expect(code).toBe(0);
    expect((await run('users', '--help')).stdout).toBe(stdout);
    expect(stdout).toMatch(/verify \[options\] <email>/);
    expect(stdout).toMatch(/role <email> <role>/);
    expect(stdout).toMatch(/admin \[options\] <email>/);
    expect(stdout).toMatch(/config <email> <config-id>/);
    expect(stdout).toContain('appends nothing');
    for (const [sub, option] of [
      ['verify', '--undo'],
      ['admin', '--revoke'],
      ['config', 'config-id'],
      ['role', '(choices: "user", "researcher", "admin")'],
    ] as const) {
      const help = await run('user', sub, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(option);
    }
  });

  it('exits with 2 for a user command without its subcommand, e-mail or a whole config id, before connecting', async () => {
    const usage = [
      ['user'],
      ['user', 'frob', 'a@example.org'],
      ['user', 'verify'],
      ['user', 'verify', 'a@example.org', '--revoke'],
      ['user', 'admin', 'a@example.org', 'b@example.org'],
      ['user', 'config', 'a@example.org'],
      ['user', 'config', 'a@example.org', 'two'],
      ['user', 'config', 'a@example.org', '0'],
      ['user', 'config', 'a@example.org', '1.5'],
      ['user', 'config', 'a@example.org', '2147483648'],
    ];
    for (const argv of usage) {
      const { code, stderr } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      // A group without its subcommand shows its help; everything else says what is wrong.
      expect(stderr, argv.join(' ')).toMatch(argv.length === 1 ? /^Usage: c4m users\|user / : /^error: /);
    }
    const { stderr } = await run('user', 'config', 'a@example.org', 'two');
    expect(stderr).toContain('a config id is a whole number from 1 to 2147483647');
  });

  it('exits with 2 for a role that is not user, researcher or admin, naming the three, before connecting', async () => {
    for (const argv of [
      ['users', 'role', 'a@example.org', 'owner'],
      ['users', 'role', 'a@example.org', 'Researcher'],
      ['users', 'role', 'a@example.org'],
    ]) {
      const { code, stderr } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr, argv.join(' ')).toMatch(/^error: /);
    }
    const { stderr } = await run('users', 'role', 'a@example.org', 'owner');
    expect(stderr).toContain('Allowed choices are user, researcher, admin.');
  });

  it('exits with 2 for a tokens command without its subcommand, e-mail, a usable name or a token id', async () => {
    const usage: [string[], string][] = [
      [['tokens'], 'Usage: c4m tokens '],
      [['tokens', 'create'], "error: missing required argument 'email'"],
      [['tokens', 'create', 'a@example.org', '--name', '  '], 'a token name is 1 to 100 characters'],
      [
        ['tokens', 'create', 'a@example.org', '--name', 'x'.repeat(101)],
        'a token name is 1 to 100 characters',
      ],
      [['tokens', 'create', 'a@example.org', '--name', 'a\tb'], 'a token name has no control characters'],
      [['tokens', 'list'], "error: missing required argument 'email'"],
      [['tokens', 'revoke', 'c4m_rt_abc'], 'a token id is a UUID, as c4m tokens list prints it'],
    ];
    for (const [argv, says] of usage) {
      const { code, stderr } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr, argv.join(' ')).toContain(says);
    }
    const help = await run('tokens', 'create', '--help');
    expect(help.stdout).toContain('--name <name>');
  });

  it('exits with 2 for an unknown command, an unknown option or a missing argument', async () => {
    for (const argv of [['frob'], ['rebuild'], ['rebuild', 'all', '--frob'], []]) {
      expect((await run(...argv)).code, argv.join(' ')).toBe(2);
    }
  });

  it('exits with 2 and names the read models for an unknown read model, before connecting to anything', async () => {
    const { code, stderr } = await run('rebuild', 'nope');
    expect(code).toBe(2);
    expect(stderr).toBe(
      "error: unknown read model 'nope' (one of sessions, queries, contexts, analytics, chats, studies, all)\n",
    );
  });

  it('exits with 1 and says why when a service cannot be reached', async () => {
    const { code, stderr } = await run('rebuild', 'all');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^c4m: /);
  });
});
