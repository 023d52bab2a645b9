// `c4m configs list|show|create`: the plugin configs as data (docs/studies.md). A created config is committed
// with its config.created event and appended to the stream before the command ends; configs never change.
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import { loadModelRegistry } from '../../inference/model-registry.js';
import { loadConfig } from '../../platform/config.js';
import type { ConfigDocumentColumn } from '../../platform/db-schema.js';
import { createConfig, findConfig, listConfigs, type ConfigRecord } from '../../studies/index.js';
import { withAccountChangeDeps } from '../account-change-deps.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, NotFoundError } from '../exit-codes.js';
import { formatTextTable } from '../text-table.js';
import { parseConfigId } from './user.js';
import { studyCommandError } from './study-command-error.js';

const HELP_AFTER = `
A config is what the plugin gets at sign-in: the models offered and the default ones, and which modules are
on (telemetry, ground truth, multi-file context). A config never changes once created; a change is a new
config (--from copies another one's document, then the options change it).

Examples:
  npm run c4m -- configs list
  npm run c4m -- configs create --name no-telemetry --from 1 --no-telemetry
  npm run c4m -- configs create --name small --models 1,2 --defaults 1
  npm run c4m -- configs show 2`;

interface CreateOptions {
  name: string;
  from?: number;
  models?: number[];
  defaults?: number[];
  telemetry: boolean;
  groundTruth: boolean;
  multiFileContext: boolean;
}

export function registerConfigsCommand(program: Command, io: CliIo, exit: (code: ExitCode) => void): void {
  const configs = program
    .command('configs')
    .description('the plugin configs as data: list, show, create (config.created)')
    .addHelpText('after', HELP_AFTER);
  configs
    .command('list')
    .description('every config: id, name, models offered, defaults and modules')
    .action(async () =>
      exit(await withDeps(io, async (deps) => io.stdout.write(configTable(await listConfigs(deps.db))))),
    );
  configs
    .command('show')
    .description('one config as JSON (with the HOCON the plugin gets)')
    .argument('<config-id>', 'the config id', parseConfigId)
    .action(async (id: number) =>
      exit(
        await withDeps(io, async (deps) => {
          const config = await findConfig(deps.db, id);
          if (!config) throw new NotFoundError(`no config ${id}`);
          io.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
        }),
      ),
    );
  configs
    .command('create')
    .description('create a config from --from (default: config 1) changed by the options')
    .requiredOption('--name <name>', 'a name for people')
    .option('--from <config-id>', 'the config whose document is the starting point', parseConfigId)
    .option('--models <ids>', 'the model ids offered (comma-separated)', parseIds)
    .option('--defaults <ids>', 'the default model ids (comma-separated, among those offered)', parseIds)
    .option('--no-telemetry', 'switch the behavioral and contextual telemetry modules off')
    .option('--no-ground-truth', 'switch the ground-truth module off')
    .option('--no-multi-file-context', 'switch the multi-file context module off')
    .action(async (options: CreateOptions) => exit(await runCreate(io, options)));
}

async function runCreate(io: CliIo, options: CreateOptions): Promise<ExitCode> {
  const config = loadConfig(io.env);
  const registry = loadModelRegistry(config.modelRegistryFile);
  // As config 1 is rendered at the api role's start.
  const googleClientId = config.googleClientIds[0];
  return withDeps(io, async (deps) => {
    const fromId = options.from ?? 1;
    const from = await findConfig(deps.db, fromId);
    if (!from?.document) throw new NotFoundError(`no config ${fromId} with a document to start from`);
    const document: ConfigDocumentColumn = {
      models: {
        offered: options.models ?? from.document.models.offered,
        defaults: options.defaults ?? from.document.models.defaults,
      },
      modules: {
        telemetry: from.document.modules.telemetry && options.telemetry,
        groundTruth: from.document.modules.groundTruth && options.groundTruth,
        multiFileContext: from.document.modules.multiFileContext && options.multiFileContext,
      },
    };
    const input = { name: options.name, document, basedOn: options.from ?? null };
    const created = await createConfig({ ...deps, registry, googleClientId }, input, randomUUID());
    io.stdout.write(`config ${created.configId} created (${created.name}); config.created appended\n`);
  });
}

async function withDeps(
  io: CliIo,
  command: (deps: Parameters<Parameters<typeof withAccountChangeDeps>[2]>[0]) => Promise<unknown>,
): Promise<ExitCode> {
  await withAccountChangeDeps(io, 'c4m-configs', async (deps) => {
    await command(deps).catch((err: unknown) => {
      throw studyCommandError(err);
    });
  });
  return ExitCode.done;
}

function configTable(configs: ConfigRecord[]): string {
  const onOff = (on: boolean | undefined) => (on === undefined ? '-' : on ? 'on' : 'off');
  return formatTextTable(
    [
      { header: 'id', align: 'right' },
      { header: 'name' },
      { header: 'models' },
      { header: 'defaults' },
      { header: 'telemetry' },
      { header: 'ground truth' },
      { header: 'multi-file' },
    ],
    configs.map((c) => [
      String(c.configId),
      c.name ?? '(by hand)',
      c.document?.models.offered.join(',') ?? '-',
      c.document?.models.defaults.join(',') ?? '-',
      onOff(c.document?.modules.telemetry),
      onOff(c.document?.modules.groundTruth),
      onOff(c.document?.modules.multiFileContext),
    ]),
  );
}

export function parseIds(value: string): number[] {
  const ids = value.split(',').map((s) => s.trim());
  if (ids.some((s) => !/^[0-9]+$/.test(s) || Number(s) < 1 || Number(s) > 2_147_483_647))
    throw new InvalidArgumentError('a list of ids is whole numbers separated by commas, e.g. 1,2.');
  return ids.map(Number);
}
