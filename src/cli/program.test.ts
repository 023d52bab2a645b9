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
    expect(stdout).toContain('4  not found: the user or config named does not exist');
    expect(stdout).toMatch(/^ {2}user {2,}an operator's changes/m);
  });

  it('explains rebuild, its read models and --compare in rebuild --help', async () => {
    const { code, stdout } = await run('rebuild', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('sessions, queries, contexts or all');
    expect(stdout).toContain('--compare');
  });

  it('lists the user subcommands in user --help and explains each in its own --help', async () => {
    const { code, stdout } = await run('user', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/verify \[options\] <email>/);
    expect(stdout).toMatch(/admin \[options\] <email>/);
    expect(stdout).toMatch(/config <email> <config-id>/);
    expect(stdout).toContain('appends nothing');
    for (const [sub, option] of [
      ['verify', '--undo'],
      ['admin', '--revoke'],
      ['config', 'config-id'],
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
      expect(stderr, argv.join(' ')).toMatch(argv.length === 1 ? /^Usage: c4m user / : /^error: /);
    }
    const { stderr } = await run('user', 'config', 'a@example.org', 'two');
    expect(stderr).toContain('a config id is a whole number from 1 to 2147483647');
  });

  it('exits with 2 for an unknown command, an unknown option or a missing argument', async () => {
    for (const argv of [['frob'], ['rebuild'], ['rebuild', 'all', '--frob'], []]) {
      expect((await run(...argv)).code, argv.join(' ')).toBe(2);
    }
  });

  it('exits with 2 and names the read models for an unknown read model, before connecting to anything', async () => {
    const { code, stderr } = await run('rebuild', 'nope');
    expect(code).toBe(2);
    expect(stderr).toBe("error: unknown read model 'nope' (one of sessions, queries, contexts, all)\n");
  });

  it('exits with 1 and says why when a service cannot be reached', async () => {
    const { code, stderr } = await run('rebuild', 'all');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^c4m: /);
  });
});
