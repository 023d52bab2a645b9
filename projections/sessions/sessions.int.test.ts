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
    for (const e of events) await env.publisher.append(e);
    await eventually(async () =>
      expect(
        await env.db.selectFrom('session').selectAll().where('session_id', '=', ids.sessionId).execute(),
      ).toEqual([
        {
          session_id: ids.sessionId,
          user_id: ids.userId,
          start_time: new Date('2026-03-01T09:00:00.000Z'),
          end_time: new Date('2026-03-01T11:00:00.000Z'),
        },
      ]),
    );
    const projects = await env.db
      .selectFrom('session_projects')
      .select('project_id')
      .where('session_id', '=', ids.sessionId)
      .orderBy('project_id')
      .execute();
    expect(projects).toEqual([p1, p2].sort().map((project_id) => ({ project_id })));
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
