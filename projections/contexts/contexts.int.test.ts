// Given context updates → when the contexts read model projects them → then one change-log row per file.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../events/index.js';
import { eventually } from '../../tests/support/eventually.js';
import { createProjectionTestEnv, type ProjectionTestEnv } from '../testing/projection-test-env.js';
import { asVersion1 } from '../testing/query-events.js';
import { contextsReadModel } from './index.js';

let env: ProjectionTestEnv;

beforeAll(async () => {
  env = await createProjectionTestEnv();
  env.workers([contextsReadModel]).start();
});
afterAll(async () => {
  await env?.cleanup();
});

describe('contexts read model', () => {
  it('keeps one row per file per update, with the raw changes only when they were stored', async () => {
    const ids = { userId: uuidv7(), sessionId: uuidv7(), projectId: uuidv7(), correlationId: 'req-1' };
    const insert = {
      change_type: 'insert' as const,
      start_line: 0,
      end_line: 1,
      new_lines: ['a = 1', 'b = <hidden>'],
    };
    const update = { change_type: 'update' as const, start_line: 1, end_line: 2, new_lines: ['b = 2'] };
    const stored = makeEvent('context.updated', ids, {
      updatedAt: '2026-03-01T10:00:00.000Z',
      stored: true,
      changes: { 'a.py': [insert, update], 'b.py': [insert] },
      files: {
        'a.py': { lineCount: 2, changeCount: 2, changesOmitted: null },
        'b.py': { lineCount: 2, changeCount: 1, changesOmitted: null },
      },
      part: { index: 1, count: 1 },
    });
    const unstored = makeEvent('context.updated', ids, {
      updatedAt: '2026-03-01T10:01:00.000Z',
      stored: false,
      changes: {},
      files: { 'a.py': { lineCount: 3, changeCount: 3, changesOmitted: 'not_stored' } },
      part: { index: 1, count: 1 },
    });
    const storedSeq = (await env.publisher.append(stored)).seq;
    const unstoredSeq = (await env.publisher.append(unstored)).seq;
    const rows = await eventually(async () => {
      const r = await env.db
        .selectFrom('context_change')
        .selectAll()
        .where('project_id', '=', ids.projectId)
        .orderBy('updated_at')
        .orderBy('file_path')
        .execute();
      expect(r).toHaveLength(3);
      return r;
    });
    const common = { project_id: ids.projectId, session_id: ids.sessionId, user_id: ids.userId };
    expect(rows).toEqual([
      {
        ...common,
        event_id: stored.id,
        file_path: 'a.py',
        changes: [insert, update],
        line_count: 2,
        change_count: 2,
        stored: true,
        updated_at: new Date('2026-03-01T10:00:00.000Z'),
        changes_omitted: null,
        stream_seq: storedSeq,
      },
      {
        ...common,
        event_id: stored.id,
        file_path: 'b.py',
        changes: [insert],
        line_count: 2,
        change_count: 1,
        stored: true,
        updated_at: new Date('2026-03-01T10:00:00.000Z'),
        changes_omitted: null,
        stream_seq: storedSeq,
      },
      {
        ...common,
        event_id: unstored.id,
        file_path: 'a.py',
        changes: null,
        line_count: 3,
        change_count: 3,
        stored: false,
        updated_at: new Date('2026-03-01T10:01:00.000Z'),
        changes_omitted: 'not_stored',
        stream_seq: unstoredSeq,
      },
    ]);
  });

  it('never calls stored what a version 1 event dropped: a stored file without changes was over the size limit', async () => {
    const ids = { userId: uuidv7(), sessionId: uuidv7(), projectId: uuidv7(), correlationId: 'req-3' };
    const insert = { change_type: 'insert' as const, start_line: 0, end_line: 0, new_lines: ['x = 1'] };
    const template = makeEvent('context.updated', ids, {
      updatedAt: '2026-03-01T11:00:00.000Z',
      stored: false,
      changes: {},
      files: {},
      part: { index: 1, count: 1 },
    });
    await env.publisher.append(
      asVersion1(template, {
        updatedAt: '2026-03-01T11:00:00.000Z',
        stored: true,
        changes: { 'small.py': [insert] },
        files: {
          'small.py': { lineCount: 1, changeCount: 1 },
          'huge.py': { lineCount: 90_000, changeCount: 1 },
        },
      }),
    );
    const rows = await eventually(async () => {
      const r = await env.db
        .selectFrom('context_change')
        .select(['file_path', 'stored', 'changes', 'changes_omitted', 'line_count'])
        .where('project_id', '=', ids.projectId)
        .orderBy('file_path')
        .execute();
      expect(r).toHaveLength(2);
      return r;
    });
    expect(rows).toEqual([
      {
        file_path: 'huge.py',
        stored: false,
        changes: null,
        changes_omitted: 'event_size_limit',
        line_count: 90_000,
      },
      { file_path: 'small.py', stored: true, changes: [insert], changes_omitted: null, line_count: 1 },
    ]);
  });

  it("deletes an erased user's change log when the data is to be deleted", async () => {
    const ids = { userId: uuidv7(), sessionId: uuidv7(), projectId: uuidv7(), correlationId: 'req-2' };
    await env.publisher.append(
      makeEvent('context.updated', ids, {
        updatedAt: '2026-03-01T10:00:00.000Z',
        stored: false,
        changes: {},
        files: { 'x.ts': { lineCount: 1, changeCount: 1, changesOmitted: 'not_stored' } },
        part: { index: 1, count: 1 },
      }),
    );
    await env.publisher.append(
      makeEvent('user.erased', { userId: ids.userId, correlationId: 'c' }, { deleteData: true }),
    );
    await eventually(async () => {
      const cp = await env.db
        .selectFrom('projection_checkpoint')
        .select('last_seq')
        .where('projection', '=', 'contexts')
        .executeTakeFirst();
      const info = await env.nats.jsm.streams.info(env.config.streamName);
      expect(cp?.last_seq).toBe(info.state.last_seq);
    });
    expect(
      await env.db
        .selectFrom('context_change')
        .select('file_path')
        .where('user_id', '=', ids.userId)
        .execute(),
    ).toEqual([]);
  });
});
