// The pin of a dataset download (X-Stream-Sequence, as_of_seq) on the real platform: the same bytes after more
// completions and feedback, waiting for read models that are behind, and what a download holds while it runs
// (a pooled connection in a transaction, a download slot) and gives back when the client goes away.
import { get as httpGet, type IncomingMessage } from 'node:http';
import { sql } from 'kysely';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDownloadSlots, datasetCatalog } from '../../datasets/index.js';
import { eventually } from '../../../tests/support/eventually.js';
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

const slots = createDownloadSlots(2);
let platform: ResearchPlatform;
let researcher: Record<string, string>;
let alice: PluginUser;
let bob: PluginUser;

beforeAll(async () => {
  platform = await startResearchPlatform({ deps: { datasetSlots: slots } });
  researcher = await createResearcher(platform, 'rosalind@example.org');
  alice = await signUpPlugin(platform.app, 'alice@example.org', { store_context: true });
  bob = await signUpPlugin(platform.app, 'bob@example.org');
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

async function download(path: string): Promise<{ bytes: Buffer; seq: number }> {
  const res = await platform.app.request(path, { headers: researcher });
  expect(res.status, res.status === 200 ? '' : await res.clone().text()).toBe(200);
  return { bytes: Buffer.from(await res.arrayBuffer()), seq: Number(res.headers.get('x-stream-sequence')) };
}

/** One after the other: at most two downloads run at once here. */
async function downloadEach(paths: string[]): Promise<Array<{ bytes: Buffer; seq: number }>> {
  const out = [];
  for (const path of paths) out.push(await download(path));
  return out;
}

/** Backends of the test database that are in a query or hold a transaction open. */
async function busyBackends(): Promise<string[]> {
  const { rows } = await sql<{ state: string; query: string }>`
    SELECT state, query FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()
      AND (state = 'active' OR state LIKE 'idle in transaction%')`.execute(platform.api.deps.db);
  return rows
    .filter((r) => !/pg_advisory|projection_checkpoint/.test(r.query))
    .map((r) => `${r.state}: ${r.query.slice(0, 80)}`);
}

describe('as_of_seq', () => {
  it('gives the same bytes for the pin after more completions and feedback, without the later acceptance', async () => {
    const first = await askCompletion(alice, {
      models: [MODELS.echo],
      prefix: 'a = 1\nb = a',
      storeContext: true,
    });
    await askCompletion(alice, { models: [MODELS.echo, MODELS.failing], prefix: 'c = 2' });
    await platform.caughtUp();
    const paths = [
      ...datasetCatalog.map((d) => `/api/datasets/${d.schema.name}`),
      '/api/datasets/completions?format=parquet',
    ];
    const before = await downloadEach(paths);
    const pin = before[0]!.seq;
    expect(before.every((b) => b.seq === pin)).toBe(true);

    await sendFeedback(alice, first, MODELS.echo, true);
    await sendFeedback(alice, first, MODELS.echo, true, 'b = a + 1');
    await askCompletion(alice, { models: [MODELS.echo], prefix: 'd = 3' });
    await bob.plugin.ok('PUT', '/api/session/deactivate/');
    const later = await platform.caughtUp();
    expect(later).toBeGreaterThan(pin);

    const again = await downloadEach(paths.map((p) => `${p}${p.includes('?') ? '&' : '?'}as_of_seq=${pin}`));
    for (const [i, a] of again.entries()) {
      expect(a.seq).toBe(pin);
      expect(a.bytes.equals(before[i]!.bytes), `${paths[i]} as of ${pin}`).toBe(true);
    }
    const asOf = tableFromIPC(again[0]!.bytes);
    expect(asOf.numRows).toBe(2);
    expect(asOf.getChild('accepted')!.get(0)).toBe(false);
    expect(asOf.getChild('feedback_count')!.get(0)).toBe(0);
    const now = tableFromIPC((await download('/api/datasets/completions')).bytes);
    expect(now.numRows).toBe(3);
    expect(now.getChild('accepted')!.get(0)).toBe(true);
    expect((now.getChild('ground_truths')!.get(0) as { length: number }).length).toBe(1);
  });

  it('waits for read models behind the pin asked for, and answers 503 with Retry-After when they stay behind', async () => {
    await platform.stopProjections();
    try {
      await askCompletion(alice, { models: [MODELS.echo], prefix: 'e = 4' });
      const last = (await platform.api.nats.jsm.streams.info(platform.env.config.streamName)).state.last_seq;
      const res = await platform.app.request(`/api/datasets/completions?as_of_seq=${last}`, {
        headers: researcher,
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      const body = (await res.json()) as { detail: string; code: string };
      expect(body.code).toBe('as_of_seq_not_reached');
      expect(body.detail).toMatch(
        new RegExp(`^The read model 'queries' has applied the stream up to sequence \\d+, not yet ${last}`),
      );
      expect(slots.inUse()).toBe(0);
      const waiting = platform.app.request(`/api/datasets/completions?as_of_seq=${last}`, {
        headers: researcher,
      });
      platform.startProjections();
      const answered = await waiting;
      expect(answered.status).toBe(200);
      expect(answered.headers.get('x-stream-sequence')).toBe(String(last));
      await answered.arrayBuffer();
    } finally {
      platform.startProjections();
    }
  });
});

describe('the pin when the stream ends in deleted messages', () => {
  it("is the stream's last sequence once the read model's consumer has nothing left to deliver", async () => {
    const stream = platform.env.config.streamName;
    const jsm = platform.api.nats.jsm;
    await platform.caughtUp();
    await platform.stopProjections();
    const before = (await jsm.streams.info(stream)).state.last_seq;
    try {
      await askCompletion(alice, { models: [MODELS.echo], prefix: 'g = 6' });
      // The events a user's erasure purges: no message is left to carry the checkpoint to the end.
      const last = (await jsm.streams.info(stream)).state.last_seq;
      for (let seq = before + 1; seq <= last; seq++) await jsm.streams.deleteMessage(stream, seq);
      expect((await jsm.streams.info(stream)).state.last_seq).toBe(last);
    } finally {
      platform.startProjections();
    }
    const last = (await jsm.streams.info(stream)).state.last_seq;
    await eventually(async () => {
      const res = await platform.app.request('/api/datasets/completions', { headers: researcher });
      await res.arrayBuffer();
      expect(res.headers.get('x-stream-sequence')).toBe(String(last));
    });
    const pinned = await platform.app.request(`/api/datasets/completions?as_of_seq=${last}`, {
      headers: researcher,
    });
    expect(pinned.status).toBe(200);
    await pinned.arrayBuffer();
  });
});

describe('a download in progress', () => {
  it('holds a connection in a transaction while the client reads, and releases it when the client stops', async () => {
    await askCompletion(alice, { models: [MODELS.echo], prefix: 'f = 5' });
    await platform.caughtUp();
    const res = await platform.app.request('/api/datasets/completions', { headers: researcher });
    const reader = res.body!.getReader();
    // The body is pulled: each read makes the next chunk, so the rows are mid-way after the first batch.
    for (let i = 0; i < 3 && !(await busyBackends()).join().includes('idle in transaction'); i++) {
      expect((await reader.read()).done).toBe(false);
    }
    expect(slots.inUse()).toBe(1);
    expect((await busyBackends()).join('\n')).toMatch(/idle in transaction/);
    await reader.cancel();
    await eventually(async () => {
      expect(await busyBackends()).toEqual([]);
      expect(slots.inUse()).toBe(0);
    });
  });

  it('releases them when the client disconnects mid-download over HTTP', async () => {
    // About 35 MB of rows (the API keeps 100k characters of prefix, 50k of suffix and 300k of context files per
    // request): more than the sockets' buffers hold, so the server is mid-stream when the client goes.
    const line = 'x'.repeat(99);
    await alice.plugin.ok('POST', '/api/completion/multi-file-context/update', {
      context_updates: {
        'big.py': [{ change_type: 'insert', start_line: 0, end_line: 0, new_lines: Array(3000).fill(line) }],
      },
    });
    const ask = { models: [MODELS.echo], prefix: `${line}\n`.repeat(1000), suffix: `${line}\n`.repeat(500) };
    for (let i = 0; i < 80; i++)
      await askCompletion(alice, { ...ask, storeContext: true, contextFiles: ['big.py'] });
    await platform.caughtUp();
    const base = new URL(await platform.listen());
    // A client that stops reading after the headers: the server fills the sockets' buffers and waits.
    const request = httpGet({
      host: base.hostname,
      port: base.port,
      path: '/api/datasets/completions',
      headers: researcher,
    });
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      request.once('response', resolve).once('error', reject);
    });
    response.pause();
    expect(response.statusCode).toBe(200);
    expect(slots.inUse()).toBe(1);
    request.destroy();
    await eventually(async () => {
      expect(slots.inUse()).toBe(0);
      expect(await busyBackends()).toEqual([]);
    });
  }, 60_000);

  it('answers HEAD with the pin and no body, holding nothing', async () => {
    const head = await platform.app.request('/api/datasets/completions', {
      method: 'HEAD',
      headers: researcher,
    });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('x-stream-sequence'))).toBeGreaterThan(0);
    expect(head.body).toBeNull();
    expect(slots.inUse()).toBe(0);
    expect(await busyBackends()).toEqual([]);
  });

  it('refuses a download beyond the limit with 503 and Retry-After, and takes one again once a slot is free', async () => {
    const open = await Promise.all(
      [1, 2].map(async () => {
        const res = await platform.app.request('/api/datasets/queries', { headers: researcher });
        const reader = res.body!.getReader();
        await reader.read();
        return reader;
      }),
    );
    const refused = await platform.app.request('/api/datasets/feedback', { headers: researcher });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(((await refused.json()) as { code: string }).code).toBe('too_many_downloads');
    await open[0]!.cancel();
    await eventually(() => expect(slots.inUse()).toBe(1));
    const next = await platform.app.request('/api/datasets/feedback', { headers: researcher });
    expect(next.status).toBe(200);
    await next.arrayBuffer();
    await open[1]!.cancel();
    await eventually(() => expect(slots.inUse()).toBe(0));
  });
});
