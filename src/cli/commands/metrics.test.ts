// `c4m metrics` with a fake row source: the filters it passes on, the tables it prints, the usage errors.
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CompletionEvaluationRow } from '../../evaluation/index.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { registerMetricsCommand, type MetricsFilters, type MetricsRowSource } from './metrics.js';

const requestedAt = new Date('2025-03-01T10:00:00Z');
const row = (overrides: Partial<CompletionEvaluationRow>): CompletionEvaluationRow => ({
  modelId: 1,
  modelName: 'deepseek-coder-1.3b',
  languageId: 1,
  languageName: 'python',
  triggerTypeId: 1,
  triggerTypeName: 'manual',
  completion: 'foo(a, b)',
  wasAccepted: false,
  shown: true,
  requestedAt,
  acceptedAt: requestedAt,
  groundTruths: [],
  ...overrides,
});
const accepted = row({
  wasAccepted: true,
  groundTruths: [{ text: 'foo(a, c)', at: new Date(requestedAt.getTime() + 45_000) }],
});

async function run(rows: CompletionEvaluationRow[], ...argv: string[]) {
  const out: string[] = [];
  const asked: MetricsFilters[] = [];
  const source: MetricsRowSource = {
    withRows: async (filters, consume) => {
      asked.push(filters);
      return consume({ rows, streamSequence: 42 });
    },
  };
  let code: ExitCode | undefined;
  const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => true }, env: {} };
  const program = new Command('c4m')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerMetricsCommand(program, io, (c) => (code = c), source);
  await program.parseAsync(['metrics', ...argv], { from: 'user' });
  return { code, stdout: out.join(''), asked };
}

describe('c4m metrics', () => {
  it('passes the filters on to the row source', async () => {
    const user = '0195a3e2-7c1d-7aaa-8bbb-123456789abc';
    const { asked } = await run(
      [],
      ...['--from', '2025-03-01', '--to', '2025-03-02T12:00:00', '--model', '2', '--language', '3'],
      ...['--trigger', '1', '--user', user.toUpperCase(), '--project', user, '--as-of-seq', '99'],
    );
    expect(asked).toEqual([
      {
        from: new Date('2025-03-01T00:00:00Z'),
        to: new Date('2025-03-02T12:00:00Z'),
        modelId: 2,
        languageId: 3,
        triggerTypeId: 1,
        userId: user,
        projectId: user,
        asOfSeq: 99,
      },
    ]);
  });

  it('prints acceptance with its interval and the snapshot metrics per group, and the stream sequence', async () => {
    const { code, stdout } = await run([accepted, row({})]);
    expect(code).toBe(ExitCode.done);
    const lines = stdout.split('\n');
    // 1 of 2 valid accepted: 50.0 %, Wilson [9.5 %, 90.5 %].
    expect(lines).toContain(
      'deepseek-coder-1.3b  python    manual             2      2      0      2         1  50.0%  [9.5%, 90.5%]',
    );
    // At 45 s: em 0, es 200·8/18 = 88.9, ROUGE-L 5/6 = 83.3, not retained.
    expect(lines).toContain(
      'deepseek-coder-1.3b  python    manual   45s       1  0.0  88.9     83.3       0.0',
    );
    expect(lines).toContain(
      'overall                                           2      2      0      2         1  50.0%  [9.5%, 90.5%]',
    );
    expect(stdout).toContain('consistent with stream sequence 42');
  });

  it('groups by --by only, and shows the total alone with --by none', async () => {
    const byModel = await run([accepted], '--by', 'model');
    expect(byModel.stdout).toMatch(/^model +generations/m);
    expect(byModel.stdout).not.toContain('python');
    const none = await run([accepted], '--by', 'none');
    expect(none.stdout).toMatch(/^group +generations/m);
    expect(none.stdout).toMatch(/^overall {2}/m);
  });

  it('refuses bad filters before asking for rows', async () => {
    for (const argv of [
      ['--from', 'yesterday'],
      ['--model', 'one'],
      ['--user', 'not-a-uuid'],
      ['--as-of-seq', '-1'],
      ['--by', 'model,ide'],
    ]) {
      const attempt = run([], ...argv);
      await expect(attempt, argv.join(' ')).rejects.toBeInstanceOf(CommanderError);
    }
    await expect(run([], '--from', '2025-03-02', '--to', '2025-03-01')).rejects.toBeInstanceOf(UsageError);
  });
});
