// README.md's "Run a study in five commands", run as written (in process, on a fresh database and stream
// with the projections running): the config is 2, the study starts at once, the verified user is in it, the report and the end work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../src/accounts/index.js';
import { armOf, runStudySchedule } from '../../src/studies/index.js';
import { runCliInProcess } from '../support/cli-in-process.js';
import { sectionCodeBlocks } from '../support/doc-code-blocks.js';
import { seedUser } from '../support/seed-user.js';
import {
  createProjectionWorkers,
  projectionPoolSize,
  readCheckpoint,
  readModels,
  type ProjectionWorkers,
} from '../../projections/index.js';
import { createDb, type Db } from '../../src/platform/db.js';
import { createLogger } from '../../src/platform/logger.js';
import { createTestApiDeps, type TestApiDeps } from '../support/api-deps.js';
import { eventually } from '../support/eventually.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const README = new URL('../../README.md', import.meta.url);
let env: TestEnv;
let t: TestApiDeps;
let projections: ProjectionWorkers;
let projectionsDb: Db;

beforeAll(async () => {
  // The platform's own model registry, as the CLI reads it.
  env = await createTestEnv();
  t = await createTestApiDeps(env);
  // Their own pool, as in the projections role: each runner holds a connection for its lock.
  projectionsDb = createDb(env.config.databaseUrl, projectionPoolSize());
  projections = createProjectionWorkers({
    db: projectionsDb,
    nats: t.nats,
    config: env.config,
    logger: createLogger('silent'),
  });
  projections.start();
  const { userId } = await seedUser(t.deps.db, { verified: false });
  await t.deps.db
    .updateTable('user')
    .set({ email: 'ada@example.org' })
    .where('user_id', '=', userId)
    .execute();
});
afterAll(async () => {
  await projections?.stop();
  await projectionsDb?.destroy();
  await t?.close();
  await env?.cleanup();
});

async function caughtUp(): Promise<void> {
  const last = (await t.nats.jsm.streams.info(env.config.streamName)).state.last_seq;
  await eventually(async () => {
    for (const m of readModels) expect(await readCheckpoint(t.deps.db, m.name)).toBeGreaterThanOrEqual(last);
  });
}

/** The block's commands: `npm run c4m -- <args>  # comment`, one a line. */
function commands(): string[][] {
  const [block] = sectionCodeBlocks(README, 'Run a study in five commands', '');
  return (block ?? '')
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '')
    .map((line) => {
      expect(line).toMatch(/^npm run c4m -- /);
      return line.replace(/^npm run c4m -- /, '').split(/\s+/);
    });
}

describe('README, "Run a study in five commands"', () => {
  it('runs as written', async () => {
    const lines = commands();
    expect(lines).toHaveLength(5);
    let studyId = '';
    const outputs: string[] = [];
    const configOf = async () => Number((await findUserByEmail(t.deps.db, 'ada@example.org'))!.config_id);
    let adaArm = 0;
    for (const [i, args] of lines.entries()) {
      if (i === 3) {
        // What the api role's study schedule does within 10 s: Ada, verified now, gets her arm.
        await runStudySchedule(t.deps);
        const ada = (await findUserByEmail(t.deps.db, 'ada@example.org'))!;
        adaArm = armOf({ studyId, configIds: [1, 2] }, ada.user_id);
        expect(await configOf()).toBe(adaArm);
        await caughtUp(); // the report reads the read models
      }
      const result = await runCliInProcess(
        env.config,
        args.map((a) => (a === '<study-id>' ? studyId : a)),
      );
      expect(result, args.join(' ')).toMatchObject({ code: 0, stderr: '' });
      outputs.push(result.stdout);
      studyId ||= /^study (\S+) created/.exec(result.stdout)?.[1] ?? '';
    }
    expect(outputs[0]).toMatch(/^config 2 created \(no-telemetry\)/);
    expect(outputs[1]).toMatch(/^study \S+ created \(running\)/);
    expect(outputs[3]).toContain(`study ${studyId} (telemetry-off): running`);
    expect(outputs[3]).toMatch(new RegExp(`^${adaArm}\\*? +\\S+ +1 `, 'm')); // her arm has one user
    expect(outputs[4]).toMatch(new RegExp(`^study ${studyId} ended at `));
    expect(await configOf()).toBe(1); // the end gave her config back
  });
});
