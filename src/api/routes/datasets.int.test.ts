// GET /api/datasets and /api/datasets/{name} on the real platform: plugin traffic through the plugin's own
// routes, projected by the real read models, downloaded by a researcher and read back as analysts do
// (apache-arrow for Arrow, DuckDB for Parquet and CSV); access, filters and their errors, compression.
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { tableFromIPC, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetCatalog, findDataset } from '../../datasets/index.js';
import { canonicalArrowRows, readParquetWithDuckDb } from '../../datasets/formats/testing/read-back.js';
import {
  askCompletion,
  createResearcher,
  MODELS,
  sendFeedback,
  signUpPlugin,
  startResearchPlatform,
  type PluginUser,
  type ResearchPlatform,
} from '../../../tests/support/research-platform.js';
import { readCsvWithDuckDb } from '../../../tests/support/dataset-read-back.js';

let platform: ResearchPlatform;
let researcher: Record<string, string>;
let alice: PluginUser;
let bob: PluginUser;
const q: Record<'aliceFirst' | 'aliceSecond' | 'bob', string> = { aliceFirst: '', aliceSecond: '', bob: '' };
let lastSeq = 0;

beforeAll(async () => {
  platform = await startResearchPlatform();
  const app = platform.app;
  researcher = await createResearcher(platform, 'rosalind@example.org');
  alice = await signUpPlugin(app, 'alice@example.org', { store_context: true });
  bob = await signUpPlugin(app, 'bob@example.org');
  await alice.plugin.ok('POST', '/api/completion/multi-file-context/update', {
    context_updates: {
      'util.py': [
        { change_type: 'insert', start_line: 0, end_line: 0, new_lines: ['def sq(x):', '    return x * x'] },
      ],
    },
  });
  q.aliceFirst = await askCompletion(alice, {
    models: [MODELS.echo, MODELS.failing, MODELS.silent],
    prefix: 'def add(a, b):\n    return a',
    triggerTypeId: 2,
    storeContext: true,
    contextFiles: ['util.py'],
  });
  await sendFeedback(alice, q.aliceFirst, MODELS.echo, true);
  await sendFeedback(alice, q.aliceFirst, MODELS.echo, true, 'return a + b');
  await sendFeedback(alice, q.aliceFirst, MODELS.echo, true, 'return a + b  # sum');
  q.aliceSecond = await askCompletion(alice, { models: [MODELS.echo], prefix: 'x = 1\ny = x' });
  q.bob = await askCompletion(bob, { models: [MODELS.echo], prefix: 'print(1)', storeTelemetry: false });
  await sendFeedback(bob, q.bob, MODELS.echo, false);
  await bob.plugin.ok('PUT', '/api/session/deactivate/');
  lastSeq = await platform.caughtUp();
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

function get(path: string, headers: Record<string, string> = researcher): Promise<Response> {
  return Promise.resolve(platform.app.request(path, { headers }));
}

async function arrow(path: string): Promise<{ table: Table; res: Response }> {
  const res = await get(path);
  expect(res.status, await cloneText(res)).toBe(200);
  return { table: tableFromIPC(new Uint8Array(await res.arrayBuffer())), res };
}

async function cloneText(res: Response): Promise<string> {
  return res.status === 200 ? '' : res.clone().text();
}

const rowsOf = (name: string, table: Table) => canonicalArrowRows(findDataset(name)!.schema, table);

describe('GET /api/datasets', () => {
  it('lists every dataset with its description, typed and described columns, filters and formats', async () => {
    const res = await get('/api/datasets');
    expect(res.status).toBe(200);
    const { datasets } = (await res.json()) as { datasets: Array<Record<string, unknown>> };
    expect(datasets.map((d) => d.name)).toEqual([
      'completions',
      'queries',
      'feedback',
      'ground-truth',
      'context-changes',
      'sessions',
      'events',
      'evaluation',
      'chats',
      'study-arms',
    ]);
    const completions = datasets[0] as {
      columns: Array<{ name: string; type: string; nullable: boolean; description: string }>;
      filters: string[];
      formats: string[];
    };
    expect(completions.filters).toEqual([
      'model_id',
      'from',
      'to',
      'language_id',
      'trigger_type_id',
      'user_id',
      'project_id',
      'as_of_seq',
    ]);
    expect(completions.formats).toEqual(['arrow', 'parquet', 'ndjson', 'csv']);
    const byName = new Map(completions.columns.map((c) => [c.name, c]));
    expect(byName.get('logprobs')).toMatchObject({ type: 'list<float64>', nullable: false });
    expect(byName.get('model_name')?.type).toBe('dictionary<int32, string>');
    expect(byName.get('ground_truths')?.type).toBe(
      'list<struct<ground_truth: string, truth_timestamp: timestamp[us, UTC]>>',
    );
    for (const d of datasets) {
      for (const c of d.columns as Array<{ description: string }>)
        expect(c.description.length).toBeGreaterThan(10);
    }
  });

  it('describes both routes and the download parameters in /openapi.json', async () => {
    const doc = (await (await get('/openapi.json', {})).json()) as {
      paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }>;
    };
    expect(doc.paths['/api/datasets']?.get).toBeDefined();
    expect(doc.paths['/api/datasets/{name}']?.get?.parameters?.map((p) => p.name)).toEqual([
      'name',
      'format',
      'from',
      'to',
      'model_id',
      'language_id',
      'trigger_type_id',
      'user_id',
      'project_id',
      'as_of_seq',
    ]);
  });
});

describe('access', () => {
  it('answers 401 without credentials and with a token that does not exist', async () => {
    for (const path of ['/api/datasets', '/api/datasets/completions']) {
      const none = await get(path, {});
      expect(none.status).toBe(401);
      expect(none.headers.get('content-type')).toBe('application/problem+json');
      const bad = await get(path, { authorization: 'Bearer c4m_not_a_token' });
      expect(bad.status).toBe(401);
    }
  });

  it('answers 403 to a signed-in user who is not a researcher', async () => {
    const res = await get('/api/datasets/completions', {
      cookie: `auth_token=${alice.plugin.jar.get('auth_token')}`,
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { status: number }).status).toBe(403);
  });
});

describe('completions', () => {
  it('has the typed schema, with each field described in its metadata', async () => {
    const { table } = await arrow('/api/datasets/completions');
    const field = (name: string) => table.schema.fields.find((f) => f.name === name)!;
    expect(String(field('query_id').type)).toBe('Utf8');
    expect(String(field('model_name').type)).toBe('Dictionary<Int32, Utf8>');
    expect(String(field('requested_at').type)).toBe('Timestamp<MICROSECOND, UTC>');
    expect(String(field('logprobs').type)).toBe('List<Float64>');
    expect(String(field('tokens').type)).toBe('List<Utf8>');
    expect(String(field('ground_truths').type)).toBe(
      'List<Struct<{ground_truth:Utf8, truth_timestamp:Timestamp<MICROSECOND, UTC>}>>',
    );
    expect(String(field('stream_seq').type)).toBe('Int64');
    for (const column of findDataset('completions')!.schema.columns) {
      expect(field(column.name).metadata.get('description')).toBe(column.description);
    }
    expect(table.schema.metadata.get('stream_sequence')).toBe(String(lastSeq));
  });

  it('holds one row per generation in request order, with what was shown, accepted and the ground truths', async () => {
    const { table, res } = await arrow('/api/datasets/completions');
    expect(res.headers.get('x-stream-sequence')).toBe(String(lastSeq));
    const rows = rowsOf('completions', table);
    expect(rows.map((r) => [r.query_id, r.model_id])).toEqual([
      [q.aliceFirst, MODELS.echo],
      [q.aliceFirst, MODELS.silent],
      [q.aliceSecond, MODELS.echo],
      [q.bob, MODELS.echo],
    ]);
    const [first, silent, second, ofBob] = rows as Array<Record<string, unknown>>;
    expect(first).toMatchObject({
      user_id: alice.userId,
      project_id: alice.projectId,
      model_name: 'test/echo-model',
      completion: 'a nruter',
      language_id: 47,
      language: 'Python',
      trigger_type_id: 2,
      trigger_type: 'auto',
      plugin_version_id: 3,
      prefix: 'def add(a, b):\n    return a',
      file_name: 'main.py',
      caret_line: 4,
      time_since_last_shown: 1200n,
      shown: true,
      accepted: true,
      feedback_count: 3,
      tokens: [...'a nruter'],
      multi_file_context_changes_indexes: JSON.stringify({ 'util.py': 1 }),
    });
    expect((first!.logprobs as number[]).length).toBe(8);
    expect(first!.confidence).toBeGreaterThan(0);
    expect(first!.context_files).toEqual([
      { file_path: 'util.py', change_count: 1, lines: ['def sq(x):', '    return x * x'], omitted: null },
    ]);
    expect((first!.ground_truths as Array<{ ground_truth: string }>).map((g) => g.ground_truth)).toEqual([
      'return a + b',
      'return a + b  # sum',
    ]);
    expect(first!.total_serving_time).toBeGreaterThanOrEqual(first!.serving_time as number);
    expect(first!.accepted_at).toBeLessThan(
      (first!.ground_truths as Array<{ truth_timestamp: bigint }>)[0]!.truth_timestamp,
    );
    expect(silent).toMatchObject({
      model_name: 'test/silent-model',
      confidence: null,
      logprobs: [],
      accepted: false,
    });
    expect(second).toMatchObject({
      trigger_type_id: 1,
      trigger_type: 'manual',
      prefix: null,
      context_files: [],
    });
    expect(ofBob).toMatchObject({
      user_id: bob.userId,
      language_id: null,
      trigger_type: null,
      typing_speed: null,
      accepted: false,
      feedback_count: 1,
      ground_truths: [],
    });
  });

  it('is the same rows and types in Parquet, read by DuckDB', async () => {
    const schema = findDataset('completions')!.schema;
    const { table } = await arrow('/api/datasets/completions');
    const res = await get('/api/datasets/completions?format=parquet');
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    const parquet = await readParquetWithDuckDb(schema, new Uint8Array(await res.arrayBuffer()));
    expect(parquet.rows).toEqual(canonicalArrowRows(schema, table));
    expect(parquet.types).toMatchObject({
      query_id: 'VARCHAR',
      model_id: 'INTEGER',
      stream_seq: 'BIGINT',
      requested_at: 'TIMESTAMP WITH TIME ZONE',
      logprobs: 'DOUBLE[]',
      accepted: 'BOOLEAN',
      ground_truths: 'STRUCT(ground_truth VARCHAR, truth_timestamp TIMESTAMP WITH TIME ZONE)[]',
    });
  });

  it('is the same rows in NDJSON and CSV', async () => {
    const ndjson = await (await get('/api/datasets/completions?format=ndjson')).text();
    const lines = ndjson
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.query_id)).toEqual([q.aliceFirst, q.aliceFirst, q.aliceSecond, q.bob]);
    expect(lines[0]).toMatchObject({ model_id: MODELS.echo, accepted: true, feedback_count: 3 });
    const csv = await get('/api/datasets/completions?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = await readCsvWithDuckDb(await csv.text());
    expect(rows.map((r) => [r.query_id, r.accepted])).toEqual([
      [q.aliceFirst, true],
      [q.aliceFirst, false],
      [q.aliceSecond, false],
      [q.bob, false],
    ]);
  });

  it('selects by model, user, language, trigger and time', async () => {
    const ids = async (query: string) =>
      rowsOf('completions', (await arrow(`/api/datasets/completions?${query}`)).table).map((r) => r.query_id);
    expect(await ids(`model_id=${MODELS.silent}`)).toEqual([q.aliceFirst]);
    expect(await ids(`user_id=${bob.userId}`)).toEqual([q.bob]);
    expect(await ids(`project_id=${alice.projectId}&trigger_type_id=1`)).toEqual([q.aliceSecond]);
    expect(await ids('language_id=47&trigger_type_id=2')).toEqual([q.aliceFirst, q.aliceFirst]);
    expect(await ids('from=2000-01-01&to=2000-01-02')).toEqual([]);
    // Bob's request kept no telemetry, but has its time.
    expect(await ids(`from=${new Date(Date.now() - 3_600_000).toISOString()}`)).toEqual([
      q.aliceFirst,
      q.aliceFirst,
      q.aliceSecond,
      q.bob,
    ]);
  });
});

describe('the other datasets', () => {
  it('queries: one row per request, with its generation count and the models that failed', async () => {
    const rows = rowsOf('queries', (await arrow('/api/datasets/queries')).table);
    expect(rows.map((r) => [r.query_id, r.generation_count])).toEqual([
      [q.aliceFirst, 2],
      [q.aliceSecond, 1],
      [q.bob, 1],
    ]);
    expect(rows[0]!.failed_generations).toEqual([
      expect.objectContaining({ model_id: MODELS.failing, error_code: 'model_failed' }),
    ]);
    expect(rows[0]).toMatchObject({ query_type: 'completion', shown: true, language: 'Python' });
  });

  it('feedback: every call in stream order; ground-truth: the snapshots', async () => {
    const feedback = rowsOf('feedback', (await arrow('/api/datasets/feedback')).table);
    expect(feedback.map((r) => [r.query_id, r.accepted, r.ground_truth])).toEqual([
      [q.aliceFirst, true, null],
      [q.aliceFirst, true, 'return a + b'],
      [q.aliceFirst, true, 'return a + b  # sum'],
      [q.bob, false, null],
    ]);
    expect(feedback[3]).toMatchObject({ user_id: bob.userId, model_name: 'test/echo-model' });
    const ids = async (query: string) =>
      rowsOf('feedback', (await arrow(`/api/datasets/feedback?${query}`)).table).map((r) => r.query_id);
    expect(await ids('trigger_type_id=2&language_id=47')).toEqual([q.aliceFirst, q.aliceFirst, q.aliceFirst]);
    expect(await ids(`project_id=${bob.projectId}`)).toEqual([q.bob]);
    expect(await ids(`model_id=${MODELS.silent}`)).toEqual([]);
    const truths = rowsOf(
      'ground-truth',
      (await arrow(`/api/datasets/ground-truth?user_id=${alice.userId}`)).table,
    );
    expect(truths.map((r) => r.ground_truth)).toEqual(['return a + b', 'return a + b  # sum']);
    expect(
      rowsOf('ground-truth', (await arrow(`/api/datasets/ground-truth?user_id=${bob.userId}`)).table),
    ).toEqual([]);
  });

  it("context-changes: alice's update with its changes", async () => {
    const rows = rowsOf('context-changes', (await arrow('/api/datasets/context-changes')).table);
    expect(rows).toEqual([
      expect.objectContaining({
        user_id: alice.userId,
        file_path: 'util.py',
        stored: true,
        changes_omitted: null,
        line_count: 2,
        change_count: 1,
      }),
    ]);
    expect(JSON.parse(rows[0]!.changes as string)).toEqual([
      { change_type: 'insert', start_line: 0, end_line: 0, new_lines: ['def sq(x):', '    return x * x'] },
    ]);
  });

  it('sessions: each with its project, and whether it had ended', async () => {
    const rows = rowsOf('sessions', (await arrow('/api/datasets/sessions')).table);
    const byUser = new Map(rows.map((r) => [r.user_id, r]));
    expect(byUser.get(alice.userId)).toMatchObject({
      ended: false,
      end_time: null,
      project_ids: [alice.projectId],
    });
    expect(byUser.get(bob.userId)).toMatchObject({ ended: true, project_ids: [bob.projectId] });
    const ofProject = rowsOf(
      'sessions',
      (await arrow(`/api/datasets/sessions?project_id=${bob.projectId}`)).table,
    );
    const bobsSession = byUser.get(bob.userId)?.session_id;
    // The row names the session by its id, never by the token the plugin holds.
    expect(bobsSession).not.toBe(bob.sessionToken);
    expect(ofProject.map((r) => r.session_id)).toEqual([bobsSession]);
  });

  it('events: the stream itself up to the pin, in order', async () => {
    const { table, res } = await arrow('/api/datasets/events');
    expect(res.headers.get('x-stream-sequence')).toBe(String(lastSeq));
    const rows = rowsOf('events', table);
    const seqs = rows.map((r) => Number(r.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs.at(-1)).toBe(lastSeq);
    const ofBob = rowsOf('events', (await arrow(`/api/datasets/events?user_id=${bob.userId}`)).table);
    expect(new Set(ofBob.map((r) => r.user_id))).toEqual(new Set([bob.userId]));
    expect(ofBob.map((r) => r.type)).toContain('session.ended');
  });
});

describe('refusals', () => {
  async function problem(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await get(path);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('names every dataset when the one asked for does not exist', async () => {
    const { status, body } = await problem('/api/datasets/generations');
    expect(status).toBe(404);
    expect(body).toMatchObject({
      status: 404,
      code: 'unknown_dataset',
      detail: `There is no dataset 'generations'. Datasets: ${datasetCatalog.map((d) => d.schema.name).join(', ')}.`,
    });
  });

  it.each([
    ['/api/datasets/sessions?model_id=1', /^The filter 'model_id' does not apply to the sessions dataset/],
    ['/api/datasets/completions?model_id=abc', /model_id must be a whole number/],
    ['/api/datasets/completions?user_id=1', /user_id must be a UUID/],
    ['/api/datasets/completions?from=tomorrow', /is not an ISO-8601 time/],
    ['/api/datasets/completions?limit=10', /^Unknown parameter 'limit'/],
    ['/api/datasets/completions?format=xlsx', /arrow, parquet, ndjson, csv/],
    ['/api/datasets/completions?as_of_seq=x', /as_of_seq must be a whole number/],
  ])('%s is a 400 that says why', async (path, detail) => {
    const { status, body } = await problem(path);
    expect(status).toBe(400);
    expect(body.detail).toMatch(detail);
  });

  it('refuses a pin beyond the end of the stream with 422', async () => {
    const { status, body } = await problem(`/api/datasets/completions?as_of_seq=${lastSeq + 1000}`);
    expect(status).toBe(422);
    expect(body.detail).toBe(
      `as_of_seq ${lastSeq + 1000} is beyond the event stream, whose last sequence is ${lastSeq}.`,
    );
  });
});

describe('compression', () => {
  it.each([
    ['gzip', gunzipSync],
    ['br', brotliDecompressSync],
  ] as const)('a %s answer decodes to the same bytes', async (coding, decode) => {
    const plain = Buffer.from(await (await get('/api/datasets/completions')).arrayBuffer());
    const res = await get('/api/datasets/completions', { ...researcher, 'accept-encoding': coding });
    expect(res.headers.get('content-encoding')).toBe(coding);
    expect(decode(Buffer.from(await res.arrayBuffer())).equals(plain)).toBe(true);
  });
});
