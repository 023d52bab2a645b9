// Given study events → when the studies read model projects them → then the definition with its start and end,
// the assignment history with each release; erasure with deleteData removes a user's history; and a rebuild
// from the stream gives the live tables again, row for row.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../events/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { eventually } from '../../tests/support/eventually.js';
import { rebuildReadModels } from '../rebuild/index.js';
import { readCheckpoint } from '../runner/index.js';
import { createProjectionTestEnv, type ProjectionTestEnv } from '../testing/projection-test-env.js';
import { snapshotReadModels, tablesWithoutRowSequences } from '../testing/read-model-snapshot.js';
import { studiesReadModel } from './index.js';

let env: ProjectionTestEnv;
const studyId = uuidv7();
const [ada, bob] = [uuidv7(), uuidv7()];
const system = { userId: null, correlationId: 'test' };

beforeAll(async () => {
  env = await createProjectionTestEnv();
  env.workers([studiesReadModel]).start();
});
afterAll(async () => {
  await env?.cleanup();
});

const append = async (event: Parameters<ProjectionTestEnv['publisher']['append']>[0]) =>
  (await env.publisher.append(event)).seq;
const assigned = (userId: string, configId: number) =>
  makeEvent(
    'study.arm.assigned',
    { userId, correlationId: 'test' },
    {
      studyId,
      configId,
      previousConfigId: 1,
      assignedAt: '2030-01-01T01:00:00.000Z',
    },
  );
const released = (userId: string, configId: number) =>
  makeEvent(
    'study.arm.released',
    { userId, correlationId: 'test' },
    {
      studyId,
      configId,
      restoredConfigId: 1,
      releasedAt: '2030-01-01T02:00:00.000Z',
    },
  );

describe('studies read model', () => {
  it('records a study from creation to its end and each arm from assignment to release', async () => {
    const seqs = [
      await append(
        makeEvent('study.created', system, {
          studyId,
          name: 'telemetry off',
          description: '',
          configIds: [1, 2],
          defaultConfigId: 1,
          startsAt: '2030-01-01T01:00:00.000Z',
          endsAt: '2030-01-01T02:00:00.000Z',
          createdAt: '2030-01-01T00:00:00.000Z',
        }),
      ),
      await append(makeEvent('study.started', system, { studyId, startedAt: '2030-01-01T01:00:00.000Z' })),
      await append(assigned(ada, 2)),
      await append(assigned(bob, 1)),
      await append(released(ada, 2)),
      await append(released(bob, 1)),
      await append(
        makeEvent('study.ended', system, {
          studyId,
          endedAt: '2030-01-01T02:00:00.000Z',
          reason: 'schedule',
        }),
      ),
    ];
    await eventually(async () => expect(await readCheckpoint(env.db, 'studies')).toBe(seqs[6]));
    expect(await env.db.selectFrom('study_definition').selectAll().execute()).toEqual([
      {
        study_id: studyId,
        name: 'telemetry off',
        description: '',
        config_ids: [1, 2],
        default_config_id: 1,
        starts_at: new Date('2030-01-01T01:00:00.000Z'),
        ends_at: new Date('2030-01-01T02:00:00.000Z'),
        started_at: new Date('2030-01-01T01:00:00.000Z'),
        ended_at: new Date('2030-01-01T02:00:00.000Z'),
        end_reason: 'schedule',
        created_at: new Date('2030-01-01T00:00:00.000Z'),
        stream_seq: seqs[0],
        start_seq: seqs[1],
        end_seq: seqs[6],
      },
    ]);
    const history = await env.db
      .selectFrom('study_arm_assignment')
      .selectAll()
      .orderBy('stream_seq')
      .execute();
    expect(history.map((r) => [r.user_id, r.config_id, r.stream_seq, r.released_at, r.released_seq])).toEqual(
      [
        [ada, 2, seqs[2], new Date('2030-01-01T02:00:00.000Z'), seqs[4]],
        [bob, 1, seqs[3], new Date('2030-01-01T02:00:00.000Z'), seqs[5]],
      ],
    );
  });

  it('gives the same tables when rebuilt from the stream, and forgets an erased user with their data', async () => {
    const before = await snapshotReadModels(env.db, [studiesReadModel]);
    expect(tablesWithoutRowSequences(before)).toEqual([]);
    const logger = createLogger('silent');
    const { db, nats, config } = env;
    const compared = await rebuildReadModels({
      db,
      nats,
      config,
      logger,
      readModels: [studiesReadModel],
      mode: 'compare',
    });
    expect(compared.differences).toEqual([]);
    await rebuildReadModels({ db, nats, config, logger, readModels: [studiesReadModel], mode: 'swap' });
    expect(await snapshotReadModels(env.db, [studiesReadModel])).toEqual(before);

    const seq = await append(
      makeEvent('user.erased', { userId: ada, correlationId: 'test' }, { deleteData: true }),
    );
    await eventually(async () => expect(await readCheckpoint(env.db, 'studies')).toBe(seq));
    const users = await env.db.selectFrom('study_arm_assignment').select('user_id').execute();
    expect(users).toEqual([{ user_id: bob }]);
  });
});
