// `c4m studies create|list|show|end|report`: studies over configs (docs/studies.md). Create and end commit
// with their events (study.created; study.ended and the participants' study.arm.released) before the command
// ends; report prints each arm's figures and its difference to the default arm.
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import { systemClock } from '../../platform/clock.js';
import { isUuid } from '../../auth/index.js';
import {
  createStudy,
  endStudy,
  findStudyRow,
  listStudyRows,
  studyReport,
  toStudyRecord,
  type StudyRecord,
} from '../../studies/index.js';
import { withAccountChangeDeps, type AccountChangeDeps } from '../account-change-deps.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, NotFoundError } from '../exit-codes.js';
import { formatTextTable } from '../text-table.js';
import { parseConfigId } from './user.js';
import { parseIds } from './configs.js';
import { studyCommandError } from './study-command-error.js';
import { formatStudyReport } from './study-report-text.js';

const HELP_AFTER = `
A study compares configs (its arms) over verified users: from its start each user is assigned one arm by a
hash of the study id and the user id (the same user always gets the same arm), which the plugin gets at the
next sign-in; at its end everyone gets their previous config back. One study runs at a time.

Examples:
  npm run c4m -- studies create --name telemetry-off --configs 1,2 --default 1 --starts now --ends 2026-12-31T00:00:00Z
  npm run c4m -- studies list
  npm run c4m -- studies report <study-id>
  npm run c4m -- studies end <study-id>`;

interface CreateOptions {
  name: string;
  description?: string;
  configs: number[];
  default: number;
  starts: Date;
  ends?: Date;
}

export function registerStudiesCommand(program: Command, io: CliIo, exit: (code: ExitCode) => void): void {
  const studies = program
    .command('studies')
    .description('studies (A/B experiments over configs): create, list, show, end, report')
    .addHelpText('after', HELP_AFTER);
  const run = (command: (deps: AccountChangeDeps) => Promise<string>) => async () =>
    exit(await withDeps(io, command));
  studies
    .command('create')
    .description('create a study (study.created)')
    .requiredOption('--name <name>', 'a name for people')
    .option('--description <text>', 'what it tests')
    .requiredOption('--configs <ids>', 'the config ids of its arms (comma-separated, at least two)', parseIds)
    .requiredOption('--default <config-id>', 'the default (control) arm, one of --configs', parseConfigId)
    .requiredOption('--starts <instant>', 'when it starts: an ISO instant with a zone, or now', parseInstant)
    .option('--ends <instant>', 'when it ends (ISO instant with a zone); none: until ended', parseInstant)
    .action((o: CreateOptions) => run((deps) => create(deps, o))());
  studies
    .command('list')
    .description('every study with its status now')
    .action(() =>
      run(async (deps) =>
        studyTable((await listStudyRows(deps.db)).map((r) => toStudyRecord(r, deps.clock.now()))),
      )(),
    );
  studies
    .command('show')
    .description('one study as JSON')
    .argument('<study-id>', 'the study id', parseStudyId)
    .action((id: string) => run(async (deps) => `${JSON.stringify(await show(deps, id), null, 2)}\n`)());
  studies
    .command('end')
    .description('end it now: participants get their previous config back (study.ended, study.arm.released)')
    .argument('<study-id>', 'the study id', parseStudyId)
    .action((id: string) =>
      run(async (deps) => {
        const ended = await endStudy(deps, id);
        return `study ${ended.studyId} ended at ${ended.endsAt}; study.ended appended\n`;
      })(),
    );
  studies
    .command('report')
    .description(
      'per arm: users, completions, acceptance, edit similarity, latency, difference to the default',
    )
    .argument('<study-id>', 'the study id', parseStudyId)
    .option('--json', 'print the report as JSON (the same as GET /api/studies/{id}/report)')
    .action((id: string, o: { json?: boolean }) =>
      run(async (deps) => {
        const report = await studyReport(deps, id);
        return o.json ? `${JSON.stringify(report, null, 2)}\n` : formatStudyReport(report);
      })(),
    );
}

async function create(deps: AccountChangeDeps, o: CreateOptions): Promise<string> {
  const input = {
    name: o.name,
    description: o.description,
    configIds: o.configs,
    defaultConfigId: o.default,
    startsAt: o.starts,
    endsAt: o.ends ?? null,
  };
  const study = await createStudy(deps, input, randomUUID());
  return `study ${study.studyId} created (${study.status}); study.created appended\n`;
}

async function show(deps: AccountChangeDeps, id: string): Promise<StudyRecord> {
  const row = await findStudyRow(deps.db, id);
  if (!row) throw new NotFoundError(`no study ${id}`);
  return toStudyRecord(row, deps.clock.now());
}

async function withDeps(io: CliIo, command: (deps: AccountChangeDeps) => Promise<string>): Promise<ExitCode> {
  await withAccountChangeDeps(io, 'c4m-studies', async (deps) => {
    const out = await command(deps).catch((err: unknown) => {
      throw studyCommandError(err);
    });
    io.stdout.write(out);
  });
  return ExitCode.done;
}

function studyTable(studies: StudyRecord[]): string {
  return formatTextTable(
    [
      { header: 'study' },
      { header: 'name' },
      { header: 'status' },
      { header: 'arms' },
      { header: 'default', align: 'right' },
      { header: 'starts' },
      { header: 'ends' },
    ],
    studies.map((s) => [
      s.studyId,
      s.name,
      s.status,
      s.configIds.join(','),
      String(s.defaultConfigId),
      s.startsAt,
      s.endsAt ?? '-',
    ]),
  );
}

function parseInstant(value: string): Date {
  if (value === 'now') return systemClock.now();
  const at = new Date(value);
  if (!/(Z|[+-]\d\d:\d\d)$/.test(value) || Number.isNaN(at.getTime()))
    throw new InvalidArgumentError('an instant is ISO 8601 with a zone (2026-12-01T09:00:00Z) or now.');
  return at;
}

function parseStudyId(value: string): string {
  if (!isUuid(value)) throw new InvalidArgumentError('a study id is a UUID (c4m studies list shows them).');
  return value;
}
