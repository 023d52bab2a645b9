// Given session and project events → when the sessions read model projects them → then session rows.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../events/index.js';
import { eventually } from '../../tests/support/eventually.js';
import { createProjectionTestEnv, type ProjectionTestEnv } from '../testing/projection-test-env.js';
import { sessionsReadModel } from './index.js';

let env: ProjectionTestEnv;

beforeAll(async () => {
  env = await createProjectionTestEnv();
  env.workers([sessionsReadModel]).start();
});
afterAll(async () => {
  await env?.cleanup();
});

function sessionIds() {
  return { userId: uuidv7(), sessionId: uuidv7(), correlationId: 'req-1' };
}

async function append(event: Parameters<ProjectionTestEnv['publisher']['append']>[0]): Promise<number> {
  return (await env.publisher.append(event)).seq;
}

describe('sessions read model', () => {
  it('records a session from start to end with each project activated in it once', async () => {
    const ids = sessionIds();
    const [p1, p2] = [uuidv7(), uuidv7()];
    const events = [
      makeEvent('session.started', ids, { startedAt: '2026-03-01T09:00:00.000Z' }),
      makeEvent('project.activated', { ...ids, projectId: p1 }, { activatedAt: '2026-03-01T09:00:01.000Z' }),
      makeEvent('project.activated', { ...ids, projectId: p2 }, { activatedAt: '2026-03-01T09:05:00.000Z' }),
      makeEvent('project.activated', { ...ids, projectId: p1 }, { activatedAt: '2026-03-01T09:10:00.000Z' }),
      makeEvent('session.ended', ids, { endedAt: '2026-03-01T11:00:00.000Z', reason: 'deactivated' }),
    ];
    const seqs: number[] = [];
    for (const e of events) seqs.push((await env.publisher.append(e)).seq);
    await eventually(async () =>
      expect(
        await env.db.selectFrom('session').selectAll().where('session_id', '=', ids.sessionId).execute(),
      ).toEqual([
        {
          session_id: ids.sessionId,
          user_id: ids.userId,
          start_time: new Date('2026-03-01T09:00:00.000Z'),
          end_time: new Date('2026-03-01T11:00:00.000Z'),
          stream_seq: seqs[0],
          start_seq: seqs[0],
          end_seq: seqs[4],
        },
      ]),
    );
    const projects = await env.db
      .selectFrom('session_projects')
      .select(['project_id', 'stream_seq'])
      .where('session_id', '=', ids.sessionId)
      .orderBy('project_id')
      .execute();
    // p1's second activation finds its row there and keeps the first one's sequence.
    const activated = [
      { project_id: p1, stream_seq: seqs[1] },
      { project_id: p2, stream_seq: seqs[2] },
    ];
    expect(projects).toEqual(activated.sort((a, b) => a.project_id.localeCompare(b.project_id)));
  });

  it('keeps the sequence of the event that created a session, whatever came first, and of the start that completed it', async () => {
    const ended = sessionIds();
    const activated = sessionIds();
    const endedSeq = await append(
      makeEvent('session.ended', ended, { endedAt: '2026-03-02T11:00:00.000Z', reason: 'expired' }),
    );
    const activatedSeq = await append(
      makeEvent(
        'project.activated',
        { ...activated, projectId: uuidv7() },
        { activatedAt: '2026-03-02T09:00:05.000Z' },
      ),
    );
    const row = (sessionId: string) =>
      env.db
        .selectFrom('session')
        .select(['start_time', 'end_time', 'stream_seq', 'start_seq', 'end_seq'])
        .where('session_id', '=', sessionId)
        .executeTakeFirst();
    // Until its session.started arrives, a session's start_time is a stand-in and start_seq says so.
    await eventually(async () =>
      expect(await row(activated.sessionId)).toEqual({
        start_time: new Date('2026-03-02T09:00:05.000Z'),
        end_time: null,
        stream_seq: activatedSeq,
        start_seq: null,
        end_seq: null,
      }),
    );
    const startedSeq = await append(
      makeEvent('session.started', ended, { startedAt: '2026-03-02T09:00:00.000Z' }),
    );
    await eventually(async () =>
      expect(await row(ended.sessionId)).toEqual({
        start_time: new Date('2026-03-02T09:00:00.000Z'),
        end_time: new Date('2026-03-02T11:00:00.000Z'),
        stream_seq: endedSeq,
        start_seq: startedSeq,
        end_seq: endedSeq,
      }),
    );
    expect(startedSeq).toBeGreaterThan(endedSeq);
  });

  it("deletes an erased user's sessions and their projects when the data is to be deleted", async () => {
    const ids = sessionIds();
    await env.publisher.append(makeEvent('session.started', ids, { startedAt: '2026-03-01T09:00:00.000Z' }));
    await env.publisher.append(
      makeEvent(
        'project.activated',
        { ...ids, projectId: uuidv7() },
        { activatedAt: '2026-03-01T09:00:01.000Z' },
      ),
    );
    await eventually(async () =>
      expect(
        await env.db
          .selectFrom('session_projects')
          .select('project_id')
          .where('session_id', '=', ids.sessionId)
          .execute(),
      ).toHaveLength(1),
    );
    await env.publisher.append(
      makeEvent('user.erased', { userId: ids.userId, correlationId: 'c' }, { deleteData: true }),
    );
    await eventually(async () =>
      expect(
        await env.db.selectFrom('session').select('session_id').where('user_id', '=', ids.userId).execute(),
      ).toEqual([]),
    );
    expect(
      await env.db
        .selectFrom('session_projects')
        .select('project_id')
        .where('session_id', '=', ids.sessionId)
        .execute(),
    ).toEqual([]);
  });
});
