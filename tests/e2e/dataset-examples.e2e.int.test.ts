// docs/datasets.md's readers' examples, run as they are written on a platform started as `npm start` starts it
// (api, inference with a test model, projections) and seeded through the plugin's routes: the shell block
// (curl, with a researcher's token made by the c4m command) downloads every dataset, every sql block runs in
// DuckDB on the Parquet files, and the python blocks (pyarrow, polars) run when C4M_TEST_PYTHON names a
// Python that has them (CI has none; that test is then skipped and says why).
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../../src/roles/start-platform.js';
import { runCli } from '../support/cli-process.js';
import { sectionCodeBlocks } from '../support/doc-code-blocks.js';
import { eventually } from '../support/eventually.js';
import { chatRequestBody, httpTarget, PluginClient } from '../support/plugin-client.js';
import {
  askCompletion,
  sendFeedback,
  signUpPlugin,
  signUpWithPassword,
} from '../support/research-platform.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const DOC = new URL('../../docs/datasets.md', import.meta.url);
const SECTION = 'Reading the datasets: DuckDB, pyarrow, polars';
/** The echo model of the e2e registry. */
const MODEL = 6;
const python = process.env.C4M_TEST_PYTHON;
const hasCurl = spawnSync('curl', ['--version']).status === 0;

let env: TestEnv;
let platform: RunningPlatform;
let apiUrl: string;
let token: string;
let datasets: string[];
/** Each dataset downloaded with fetch (as_of_seq = the pin of the completions), as `<name>.parquet|.arrows`. */
let downloads: string;

beforeAll(async () => {
  env = await createTestEnv({
    migrate: false,
    overrides: { modelRegistryFile: 'tests/e2e/registry.rebuild.e2e.json', rateLimitPerMinute: 1_000_000 },
  });
  platform = await startPlatform(['api', 'inference', 'projections'], env.config, pino({ level: 'silent' }));
  apiUrl = platform.roles.find((r) => r.role === 'api')!.url!;
  await seedThroughThePlugin();
  token = await researcherToken('ada@example.org');
  await caughtUp();
  datasets = (await getJson<{ datasets: { name: string }[] }>('/api/datasets')).datasets.map((d) => d.name);
  downloads = mkdtempSync(path.join(os.tmpdir(), 'c4m-dataset-examples-'));
  const seq = await pinOf('completions');
  for (const name of datasets) {
    for (const [format, extension] of [
      ['parquet', 'parquet'],
      ['arrow', 'arrows'],
    ] as const) {
      const res = await get(`/api/datasets/${name}?format=${format}&as_of_seq=${seq}`);
      expect(res.status, `${name} as ${format}`).toBe(200);
      writeFileSync(path.join(downloads, `${name}.${extension}`), Buffer.from(await res.arrayBuffer()));
    }
  }
}, 120_000);

afterAll(async () => {
  if (downloads) rmSync(downloads, { recursive: true, force: true });
  await platform?.close();
  await env?.cleanup();
});

/** Two completions (one accepted, with a ground-truth snapshot; one rejected) and a context update. */
async function seedThroughThePlugin(): Promise<void> {
  const alice = await signUpPlugin(httpTarget(apiUrl), 'alice@example.org', { store_context: true });
  const accepted = await askCompletion(alice, {
    models: [MODEL],
    prefix: 'def add(a, b):\n    return ',
    storeContext: true,
  });
  await sendFeedback(alice, accepted, MODEL, true);
  await sendFeedback(alice, accepted, MODEL, true, '    return a + b');
  const rejected = await askCompletion(alice, { models: [MODEL], prefix: 'x = ', storeContext: true });
  await sendFeedback(alice, rejected, MODEL, false);
  await alice.plugin.ok('POST', '/api/completion/multi-file-context/update', {
    context_updates: {
      'util.py': [
        { change_type: 'insert', start_line: 0, end_line: 2, new_lines: ['def helper():', '    return 42'] },
      ],
    },
  });
  // A chat of the registry's test chat model (id 7): two turns.
  const chatId = randomUUID();
  const first = await alice.plugin.chat(
    chatRequestBody(chatId, [['user', 'What does add do?']], { model_ids: [7] }),
  );
  const answer = first.history[0]?.assistant_responses[0]?.completion ?? '';
  const turns: Array<[string, string]> = [
    ['user', 'What does add do?'],
    ['assistant', answer],
    ['user', 'Thanks'],
  ];
  await alice.plugin.chat(chatRequestBody(chatId, turns, { model_ids: [7] }));
}

/** The README's token step: a plain sign-up, then `c4m users role` and `c4m tokens create`. */
async function researcherToken(email: string): Promise<string> {
  await signUpWithPassword(new PluginClient(httpTarget(apiUrl)), email);
  const role = await runCli(env.config, ['users', 'role', email, 'researcher']);
  expect(role.code, role.stderr).toBe(0);
  const created = await runCli(env.config, ['tokens', 'create', email, '--name', 'docs']);
  expect(created.code, created.stderr).toBe(0);
  const secret = /token: (c4m_rt_\S+)/.exec(created.stdout)?.[1];
  if (!secret) throw new Error(`no token in: ${created.stdout}`);
  return secret;
}

function get(pathAndQuery: string, method = 'GET'): Promise<Response> {
  return fetch(apiUrl + pathAndQuery, { method, headers: { authorization: `Bearer ${token}` } });
}

async function getJson<T>(pathAndQuery: string): Promise<T> {
  const res = await get(pathAndQuery);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function pinOf(dataset: string): Promise<number> {
  const res = await get(`/api/datasets/${dataset}`, 'HEAD');
  expect(res.status).toBe(200);
  return Number(res.headers.get('x-stream-sequence'));
}

/** Every read model has applied the stream's last event (the events dataset's pin is the stream's end). */
async function caughtUp(): Promise<void> {
  await eventually(async () => {
    const end = await pinOf('events');
    for (const d of ['completions', 'context-changes', 'sessions']) expect(await pinOf(d), d).toBe(end);
  }, 20_000);
}

describe(`docs/datasets.md, "${SECTION}"`, () => {
  const sql = sectionCodeBlocks(DOC, SECTION, 'sql');
  const shell = sectionCodeBlocks(DOC, SECTION, 'sh');
  const pythonBlocks = sectionCodeBlocks(DOC, SECTION, 'python');

  it('has a DuckDB example for every dataset of the catalog', () => {
    const read = new Set(sql.flatMap((q) => [...q.matchAll(/'([a-z-]+)\.parquet'/g)].map((m) => m[1])));
    expect(datasets.filter((name) => !read.has(name))).toEqual([]);
  });

  it.skipIf(!hasCurl)(
    'downloads every dataset with its curl commands, the same bytes as the same pin downloaded again',
    async () => {
      expect(shell).toHaveLength(1);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'c4m-dataset-curl-'));
      try {
        const script = shell[0]!.replaceAll('http://localhost:8008', apiUrl);
        // Asynchronously: the API answering curl runs in this process.
        await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
          cwd: dir,
          env: { PATH: process.env.PATH, C4M_TOKEN: token },
        });
        for (const name of datasets) {
          for (const file of [`${name}.parquet`, `${name}.arrows`]) {
            expect(readFileSync(path.join(dir, file)), file).toEqual(
              readFileSync(path.join(downloads, file)),
            );
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('runs every DuckDB example on the Parquet downloads, each answering rows', async () => {
    expect(sql.length).toBeGreaterThanOrEqual(datasets.length);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      await duck.run(`SET file_search_path = '${downloads.replaceAll("'", "''")}'`);
      for (const query of sql) {
        const result = await duck.runAndReadAll(query).catch((err: unknown) => {
          throw new Error(`${String(err)} in:\n${query}`);
        });
        expect(result.currentRowCount, query).toBeGreaterThan(0);
      }
      const count = await duck.runAndReadAll(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE accepted)::int AS accepted FROM 'completions.parquet'`,
      );
      expect(count.getRowObjectsJson()).toEqual([{ n: 2, accepted: 1 }]);
    } finally {
      duck.closeSync();
    }
  });

  it.skipIf(!python)(
    'runs the pyarrow and polars examples (skipped unless C4M_TEST_PYTHON names a Python with pyarrow and polars)',
    () => {
      expect(pythonBlocks.length).toBeGreaterThanOrEqual(2);
      const check = spawnSync(python!, ['-c', 'import pyarrow, polars'], { encoding: 'utf8' });
      expect(check.status, `C4M_TEST_PYTHON=${python} lacks pyarrow or polars: ${check.stderr}`).toBe(0);
      pythonBlocks.forEach((code, i) => {
        const file = path.join(downloads, `example-${i}.py`);
        writeFileSync(file, code);
        const run = spawnSync(python!, [file], { cwd: downloads, encoding: 'utf8' });
        expect(run.status, `${run.stderr}\nin:\n${code}`).toBe(0);
      });
    },
  );
});
