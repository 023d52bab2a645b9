// bench/erasure: how long `DELETE /api/user/delete` takes on the real platform (API in process, inference with
// the test models, every projection running), by how much the user sent. For each size, a user makes that many
// completions (each with feedback and ground truth, context stored) among background users, then is erased
// with delete_data=true; side by side in the same run: the same user erased with delete_data=false, and one
// completion request (the unit the plugin waits for). Reported: the DELETE's answer time (the job: fence,
// purge, dead letters, Redis, KV, projects, account row), the time until every read model has applied the
// user.erased (their rows gone), and the stream messages purged.
// Run: tsx bench/erasure/run.ts [-- --sizes 10,100,400 --background 3 --rounds 3]; writes
// bench/results/erasure.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { readCheckpoint, readModels } from '../../projections/index.js';
import {
  askCompletion,
  MODELS,
  sendFeedback,
  signUpPlugin,
  startResearchPlatform,
  type PluginUser,
  type ResearchPlatform,
} from '../../tests/support/research-platform.js';

const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const sizes = (option('sizes') ?? '10,100,400').split(',').map(Number);
const background = Number(option('background') ?? 3);
const rounds = Number(option('rounds') ?? 3);

interface Measure {
  completions: number;
  deleteData: boolean;
  /** Median over the rounds. */
  answerMs: number;
  projectedMs: number;
  purgedEvents: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
let seq = 0;

async function userWith(platform: ResearchPlatform, completions: number): Promise<PluginUser> {
  const user = await signUpPlugin(platform.app, `bench${seq++}@example.org`, { store_context: true });
  await user.plugin.ok('POST', '/api/completion/multi-file-context/update', {
    context_updates: {
      'util.py': [
        { change_type: 'insert', start_line: 0, end_line: 0, new_lines: ['def f(x):', '    return x'] },
      ],
    },
  });
  for (let i = 0; i < completions; i++) {
    const q = await askCompletion(user, {
      models: [MODELS.echo],
      prefix: `value_${i} = f(`,
      storeContext: true,
      contextFiles: ['util.py'],
    });
    await sendFeedback(user, q, MODELS.echo, i % 2 === 0, `value_${i} = f(${i})`);
  }
  return user;
}

/** Waits (without a deadline: seeding outruns the projections on a small machine) until every read model is at `seq`. */
async function projectedTo(platform: ResearchPlatform, seq: number): Promise<void> {
  for (;;) {
    const at = await Promise.all(readModels.map((m) => readCheckpoint(platform.api.deps.db, m.name)));
    if (at.every((s) => s >= seq)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The DELETE's answer time and the time until every read model applied the user.erased. */
async function erase(platform: ResearchPlatform, user: PluginUser, deleteData: boolean) {
  const { state } = await platform.api.nats.jsm.streams.info(platform.env.config.streamName);
  await projectedTo(platform, state.last_seq);
  const t0 = performance.now();
  await user.plugin.ok('DELETE', `/api/user/delete?delete_data=${deleteData}`);
  const answerMs = performance.now() - t0;
  const job = await platform.api.deps.db
    .selectFrom('erasure')
    .select(['erased_seq', 'purged_events'])
    .where('user_id', '=', user.userId)
    .executeTakeFirstOrThrow();
  await projectedTo(platform, Number(job.erased_seq));
  return { answerMs, projectedMs: performance.now() - t0, purgedEvents: job.purged_events };
}

const platform = await startResearchPlatform();
try {
  for (let b = 0; b < background; b++) await userWith(platform, Math.max(...sizes));
  const probe = await userWith(platform, 0);
  const completionMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await askCompletion(probe, { models: [MODELS.echo], prefix: `probe_${i} = ` });
    completionMs.push(performance.now() - t0);
  }
  const measures: Measure[] = [];
  for (const completions of sizes) {
    for (const deleteData of [true, false]) {
      const runs = [];
      for (let r = 0; r < rounds; r++)
        runs.push(await erase(platform, await userWith(platform, completions), deleteData));
      const m: Measure = {
        completions,
        deleteData,
        answerMs: median(runs.map((x) => x.answerMs)),
        projectedMs: median(runs.map((x) => x.projectedMs)),
        purgedEvents: median(runs.map((x) => x.purgedEvents)),
      };
      measures.push(m);
      console.error(JSON.stringify(m));
    }
  }
  const { state } = await platform.api.nats.jsm.streams.info(platform.env.config.streamName);
  const report = {
    at: new Date().toISOString(),
    cpus: os.cpus().length,
    loadAverage: os.loadavg(),
    streamMessages: state.messages,
    completionRequestMedianMs: median(completionMs),
    measures: measures.map((m) => ({ ...m, answerInCompletions: m.answerMs / median(completionMs) })),
  };
  console.table(report.measures);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/erasure.json', JSON.stringify(report, null, 2) + '\n');
} finally {
  await platform.close();
}
