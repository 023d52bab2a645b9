// The log scan: a whole plugin session over real HTTP against the api, inference and projections roles (and a
// researcher's download with an API token), every role logging at debug level into one buffer, the c4m command
// line at debug too. No line may hold a password, an auth or session token, the API token, or the code.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger.js';
import { startPlatform, type RunningPlatform } from '../../src/roles/start-platform.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { PluginClient, chatRequestBody, httpTarget } from '../support/plugin-client.js';
import { chatModelEntry, startTestChatServer, type TestChatServer } from '../support/test-chat-server.js';
import { testModelEntry } from '../support/test-models.js';
import { runCliInProcess } from '../support/cli-in-process.js';

const COMPLETION_MODEL = 1;
const CHAT_MODEL = 7;
const PASSWORD = 'Orig1nal-Passw0rd-kq93';
const NEW_PASSWORD = 'Chang3d-Passw0rd-zv47';
const WRONG_PASSWORD = 'Wr0ng-Passw0rd-pp18';
const SECRET = 'AKIAZ7QXLOGSCAN4TEST';
// Each piece of code carries a name found nowhere else, so a line that quotes any of it is found.
const CODE = {
  prefix: `def settle_ledger_qx17(db):\n    key = "${SECRET}"\n    return db.`,
  suffix: '\n\nprint(settle_ledger_qx17)\n',
  context: 'class LedgerVault_mw52:\n    pass',
  groundTruth: 'return db.fetch_ledger_rows_hc38()',
  chat: 'Why does reconcile_accounts_jb64 fail?',
  invalid: 'def broken_parser_tn29(',
};

let env: TestEnv;
let platform: RunningPlatform;
let chatServer: TestChatServer;
let registryDir: string;
const lines: string[] = [];
const secrets: Record<string, string> = {
  password: PASSWORD,
  'new password': NEW_PASSWORD,
  'wrong password': WRONG_PASSWORD,
  'secret in the code': SECRET,
  ...Object.fromEntries(
    Object.entries(CODE).map(([k, v]) => [`code (${k})`, v.split('\n').find(Boolean) ?? v]),
  ),
  'code identifier': 'settle_ledger_qx17',
};

function writeRegistry(chatUrl: string): string {
  registryDir = mkdtempSync(join(tmpdir(), 'c4m-log-scan-'));
  const file = join(registryDir, 'registry.json');
  const models = [
    { ...testModelEntry(COMPLETION_MODEL, 'echo-model', 'echo'), isDefault: true },
    { ...chatModelEntry(CHAT_MODEL, 'scan-chat', chatUrl), isDefault: true },
  ];
  writeFileSync(file, JSON.stringify({ models }));
  return file;
}

beforeAll(async () => {
  chatServer = await startTestChatServer();
  env = await createTestEnv({
    migrate: false,
    overrides: { modelRegistryFile: writeRegistry(chatServer.url), logLevel: 'debug', cliLogLevel: 'debug' },
  });
  const logger = createLogger('debug', 'code4me', { write: (line: string) => void lines.push(line) });
  platform = await startPlatform(['api', 'inference', 'projections'], env.config, logger);
}, 120_000);

let closed = false;

afterAll(async () => {
  if (!closed) await platform?.close();
  await chatServer?.close();
  await env?.cleanup();
  if (registryDir) rmSync(registryDir, { recursive: true, force: true });
});

function apiUrl(): string {
  const url = platform.roles.find((r) => r.role === 'api')?.url;
  if (!url) throw new Error('the api role did not start');
  return url;
}

const completionBody = (prefix: string) => ({
  model_ids: [COMPLETION_MODEL],
  context: { prefix, suffix: CODE.suffix, file_name: 'ledger.py', context_files: ['vault.py'] },
  contextual_telemetry: { version_id: 3, trigger_type_id: 1, language_id: 47, file_path: '/src/ledger.py' },
  behavioral_telemetry: { time_since_last_shown: 0, time_since_last_accepted: 0, typing_speed: 3 },
  store_context: true,
  store_contextual_telemetry: true,
  store_behavioral_telemetry: true,
});

/** Sign-up to erasure as the plugin does it, with the mistakes a user makes on the way. */
async function pluginSession(plugin: PluginClient, email: string): Promise<void> {
  const account = { email, name: 'Scan', config_id: 1, token: '', provider: 'no_provider' };
  await plugin.ok('POST', '/api/user/create', { ...account, password: PASSWORD });
  const wrong = await plugin.call('POST', '/api/user/authenticate', { ...account, password: WRONG_PASSWORD });
  expect(wrong.status).toBe(401);
  await plugin.ok('POST', '/api/user/authenticate', { ...account, password: PASSWORD });
  secrets['auth token'] = plugin.jar.get('auth_token') ?? '';
  await plugin.ok('PUT', '/api/user/update', { preference: { store_context: true } });
  await plugin.ok('PUT', '/api/user/update', { previous_password: PASSWORD, password: NEW_PASSWORD });
  await plugin.ok('GET', '/api/user/get');
  await plugin.ok('GET', '/api/session/acquire');
  secrets['session token'] = plugin.jar.get('session_token') ?? '';
  const project = await plugin.ok<{ project_token: string }>('POST', '/api/project/create', {
    project_name: 'ledger',
  });
  await plugin.ok('PUT', '/api/project/activate', { project_id: project.project_token });
  await plugin.ok('POST', '/api/completion/multi-file-context/update', {
    context_updates: {
      'vault.py': [
        { change_type: 'insert', start_line: 0, end_line: 2, new_lines: CODE.context.split('\n') },
      ],
    },
  });
  const done = await plugin.ok<{ data: { meta_query_id: string } }>(
    'POST',
    '/api/completion/request',
    completionBody(CODE.prefix),
  );
  const queryId = done.data.meta_query_id;
  const invalid = await plugin.call('POST', '/api/completion/request', {
    ...completionBody(CODE.invalid),
    model_ids: 'one',
  });
  expect(invalid.status).toBe(422);
  const feedback = { meta_query_id: queryId, model_id: COMPLETION_MODEL, was_accepted: true };
  await plugin.ok('POST', '/api/completion/feedback', feedback);
  await plugin.ok('POST', '/api/completion/feedback', { ...feedback, ground_truth: CODE.groundTruth });
  await plugin.ok('GET', `/api/completion/${queryId}`);
  await plugin.chat(chatRequestBody(randomUUID(), [['user', CODE.chat]], { model_ids: [CHAT_MODEL] }));
  await plugin.ok('PUT', '/api/session/deactivate/');
  await plugin.ok('POST', '/api/user/authenticate', { ...account, password: NEW_PASSWORD });
  await plugin.ok('DELETE', '/api/user/delete?delete_data=true');
}

/** A researcher made with the command line downloads a dataset with their API token, and once with a bad one. */
async function researcherDownload(email: string): Promise<void> {
  const plugin = new PluginClient(httpTarget(apiUrl()));
  await plugin.ok('POST', '/api/user/create', {
    email,
    name: 'Res',
    password: PASSWORD,
    config_id: 1,
    token: '',
    provider: 'no_provider',
  });
  const role = await runCliInProcess(env.config, ['users', 'role', email, 'researcher']);
  const created = await runCliInProcess(env.config, ['tokens', 'create', email, '--name', 'scan']);
  lines.push(role.stderr, created.stderr);
  const token = /token: (c4m_rt_\S+)/.exec(created.stdout)?.[1];
  if (!token) throw new Error(`no token in: ${created.stdout}`);
  secrets['API token'] = token;
  const res = await fetch(`${apiUrl()}/api/datasets`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const forged = `${token.slice(0, -4)}zzzz`;
  secrets['forged API token'] = forged;
  const refused = await fetch(`${apiUrl()}/api/datasets`, { headers: { authorization: `Bearer ${forged}` } });
  expect(refused.status).toBe(401);
}

describe('the log of a whole plugin session at debug level', () => {
  it('holds no password, token or code', async () => {
    await pluginSession(new PluginClient(httpTarget(apiUrl())), 'scan@example.org');
    await researcherDownload('researcher@example.org');
    await platform.close();
    closed = true;
    const log = lines.join('');
    // The scan reads a real log: the session's own lines are in it, at debug level.
    expect(log).toContain('"msg":"user erased"');
    expect(log).toContain('"level":20');
    for (const [what, value] of Object.entries(secrets)) {
      expect(value.length, what).toBeGreaterThan(5);
      const leaks = log.split('\n').filter((line) => line.includes(value));
      expect({ what, leaks }).toEqual({ what, leaks: [] });
    }
  });
});

describe('the logger', () => {
  it('censors credentials wherever a log call puts them', () => {
    const out: string[] = [];
    const logger = createLogger('debug', 'code4me', { write: (line: string) => void out.push(line) });
    const cookie = `auth_token=${randomUUID()}; session_token=${randomUUID()}`;
    const bearer = `Bearer c4m_rt_${randomUUID()}`;
    logger.info({ password: PASSWORD, body: { previous_password: NEW_PASSWORD } }, 'account');
    logger.info({ req: { headers: { cookie, authorization: bearer } } }, 'request');
    logger.info({ headers: { cookie, authorization: bearer }, token: SECRET, authToken: SECRET }, 'headers');
    logger.info({ res: { headers: { 'set-cookie': cookie } } }, 'response');
    const text = out.join('');
    for (const value of [PASSWORD, NEW_PASSWORD, cookie, bearer, SECRET]) expect(text).not.toContain(value);
    expect(out).toHaveLength(4);
  });
});
