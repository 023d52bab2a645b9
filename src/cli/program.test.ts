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
  });

  it('explains rebuild, its read models and --compare in rebuild --help', async () => {
    const { code, stdout } = await run('rebuild', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('sessions, queries, contexts or all');
    expect(stdout).toContain('--compare');
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
