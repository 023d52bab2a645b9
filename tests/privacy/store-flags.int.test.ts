// The plugin's store_* flags end to end: a user who turns one off sends values that nobody else sends (markers),
// and none of them may reach the stream, any table, any dataset download or `c4m replay`. A user with every
// flag on sends markers of their own, which must be found in each of those places (so the search can fail).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOfUserFilter } from '../../events/index.js';
import { readStreamEvents } from '../support/read-stream-events.js';
import { runCliInProcess } from '../support/cli-in-process.js';
import {
  createResearcher,
  MODELS,
  sendFeedback,
  signUpPlugin,
  startResearchPlatform,
  type PluginUser,
  type ResearchPlatform,
} from '../support/research-platform.js';

type Flag = 'store_context' | 'store_contextual_telemetry' | 'store_behavioral_telemetry';
const FLAGS: readonly Flag[] = ['store_context', 'store_contextual_telemetry', 'store_behavioral_telemetry'];

/** Values only this user sends, per flag; numbers are unlikely to occur anywhere by chance. */
function markersOf(tag: string, n: number): Record<Flag, string[]> {
  return {
    store_context: [
      `${tag}_prefix_marker`,
      `${tag}_suffix_marker`,
      `${tag}_selection_marker`,
      `${tag}_file.py`,
      `${tag}_other.py`,
      `${tag}_context_line_marker`,
    ],
    store_contextual_telemetry: [
      `/home/${tag}_path_marker/app.py`,
      String(4_718_201 + n),
      String(3_907_153 + n),
    ],
    store_behavioral_telemetry: [String(6_193_701 + n), String(5_284_103 + n), `${7_000 + n}.125`],
  };
}

interface Participant {
  tag: string;
  off: Flag | null;
  user: PluginUser;
  markers: Record<Flag, string[]>;
}

let platform: ResearchPlatform;
let researcher: Record<string, string>;
const people: Participant[] = [];

async function useThePlugin(p: Participant, n: number): Promise<void> {
  const flags = Object.fromEntries(FLAGS.map((f) => [f, f !== p.off])) as Record<Flag, boolean>;
  const [prefix, suffix, selection, fileName, otherFile, line] = p.markers.store_context;
  const [filePath, caretLine, docLength] = p.markers.store_contextual_telemetry;
  const [sinceShown, sinceAccepted, typing] = p.markers.store_behavioral_telemetry;
  const { plugin } = p.user;
  await plugin.ok('POST', '/api/completion/multi-file-context/update', {
    context_updates: {
      [otherFile!]: [{ change_type: 'insert', start_line: 0, end_line: 0, new_lines: [line!] }],
    },
  });
  const context = {
    prefix: `${prefix} = `,
    suffix: suffix!,
    file_name: fileName!,
    selected_text: selection!,
  };
  const contextual = {
    version_id: 3,
    trigger_type_id: 1,
    language_id: 47,
    file_path: filePath!,
    caret_line: Number(caretLine),
    document_char_length: Number(docLength),
    relative_document_position: 0.25,
  };
  const behavioral = {
    time_since_last_shown: Number(sinceShown),
    time_since_last_accepted: Number(sinceAccepted),
    typing_speed: Number(typing),
  };
  const asked = await plugin.ok<{ data: { meta_query_id: string } }>('POST', '/api/completion/request', {
    model_ids: [MODELS.echo],
    context: { ...context, context_files: [otherFile!] },
    contextual_telemetry: contextual,
    behavioral_telemetry: behavioral,
    ...flags,
  });
  await sendFeedback(p.user, asked.data.meta_query_id, MODELS.echo, true);
  // A chat turn records the same three kinds of facts under the same flags (the model is not there: the turn
  // is answered with an error item and recorded all the same).
  await plugin.chat({
    model_ids: [900 + n],
    chat_id: randomUUID(),
    messages: [['user', 'hello']],
    context: { ...context, context_files: [otherFile!] },
    contextual_telemetry: contextual,
    behavioral_telemetry: behavioral,
    ...flags,
  } as never);
}

beforeAll(async () => {
  platform = await startResearchPlatform();
  researcher = await createResearcher(platform, 'researcher@example.org');
  const cases: Array<Flag | null> = [null, ...FLAGS];
  for (const [n, off] of cases.entries()) {
    const tag = `zq${n}${off ? off.replace('store_', '').slice(0, 6) : 'open'}`;
    // The plugin syncs the user's preference before it sends anything: store_context there governs the
    // multi-file context, the request's flags everything else.
    const user = await signUpPlugin(platform.app, `${tag}@example.org`, {
      store_context: off !== 'store_context',
      store_contextual_telemetry: off !== 'store_contextual_telemetry',
      store_behavioral_telemetry: off !== 'store_behavioral_telemetry',
    });
    people.push({ tag, off, user, markers: markersOf(tag, n) });
  }
  for (const [n, p] of people.entries()) await useThePlugin(p, n);
  await platform.caughtUp();
}, 180_000);

afterAll(async () => {
  await platform?.close();
});

/** Everything the stream holds for one user, as text. */
async function streamText(p: Participant): Promise<string> {
  const { streamName, natsPrefix } = platform.env.config;
  const events = await readStreamEvents(
    platform.api.nats,
    streamName,
    eventsOfUserFilter(natsPrefix, p.user.userId),
  );
  expect(events.length).toBeGreaterThan(3);
  return JSON.stringify(events);
}

/** Every row of every table in the database, as text. */
async function tablesText(): Promise<string> {
  const db = platform.api.deps.db;
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{
      row: string;
    }>`SELECT to_jsonb(t)::text AS row FROM ${sql.table(name)} t`.execute(db);
    parts.push(...rows.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

/** Every dataset the researcher can download, as NDJSON. */
async function exportsText(): Promise<string> {
  const list = (await (await platform.app.request('/api/datasets', { headers: researcher })).json()) as {
    datasets: Array<{ name: string }>;
  };
  expect(list.datasets.length).toBeGreaterThan(5);
  const parts: string[] = [];
  for (const { name } of list.datasets) {
    const res = await platform.app.request(`/api/datasets/${name}?format=ndjson`, { headers: researcher });
    expect(res.status, name).toBe(200);
    parts.push(await res.text());
  }
  return parts.join('\n');
}

async function replayText(p: Participant): Promise<string> {
  const run = await runCliInProcess(platform.env.config, [
    'replay',
    '--user',
    p.user.userId,
    '--format',
    'ndjson',
  ]);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

const found = (text: string, markers: string[]) => markers.filter((m) => text.includes(m));

describe('the store_* flags', () => {
  let tables: string;
  let exports: string;
  beforeAll(async () => {
    tables = await tablesText();
    exports = await exportsText();
  }, 60_000);

  it('keep what a user with every flag on sends: in the stream, the tables, the exports and a replay', async () => {
    const open = people.find((p) => p.off === null)!;
    const stream = await streamText(open);
    const replay = await replayText(open);
    for (const flag of FLAGS) {
      expect(found(stream, open.markers[flag]), `${flag} in the stream`).toEqual(open.markers[flag]);
      expect(found(replay, open.markers[flag]), `${flag} in the replay`).toEqual(open.markers[flag]);
      expect(found(tables, open.markers[flag]).length, `${flag} in the tables`).toBeGreaterThan(0);
      expect(found(exports, open.markers[flag]).length, `${flag} in the exports`).toBeGreaterThan(0);
    }
  });

  for (const flag of FLAGS) {
    it(`${flag}: false keeps nothing it covers in the stream, the tables, the exports or a replay`, async () => {
      const p = people.find((x) => x.off === flag)!;
      const markers = p.markers[flag];
      expect(found(await streamText(p), markers), 'stream').toEqual([]);
      expect(found(tables, markers), 'tables').toEqual([]);
      expect(found(exports, markers), 'exports').toEqual([]);
      expect(found(await replayText(p), markers), 'c4m replay').toEqual([]);
      // What the other two flags allow is still kept.
      const kept = FLAGS.filter((f) => f !== flag).flatMap((f) => p.markers[f]);
      expect(found(await streamText(p), kept)).toEqual(kept);
    });
  }
});
