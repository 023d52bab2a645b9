// Given chat events → when the chats read model projects them → then chat, chat_query and chat_response rows;
// and the read model rebuilt from the stream equals the one projected live.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../events/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { eventually } from '../../tests/support/eventually.js';
import { rebuildReadModels } from '../rebuild/index.js';
import { readCheckpoint } from '../runner/index.js';
import { chatAnswered, chatDeleted, chatRequested } from '../testing/chat-events.js';
import { createProjectionTestEnv, type ProjectionTestEnv } from '../testing/projection-test-env.js';
import { newQueryIds } from '../testing/query-events.js';
import { snapshotReadModels, tablesWithoutRowSequences } from '../testing/read-model-snapshot.js';
import { chatsReadModel } from './index.js';

let env: ProjectionTestEnv;

beforeAll(async () => {
  env = await createProjectionTestEnv();
  env.workers([chatsReadModel]).start();
});
afterAll(async () => {
  await env?.cleanup();
});

async function caughtUp(): Promise<number> {
  const { state } = await env.nats.jsm.streams.info(env.config.streamName);
  await eventually(async () =>
    expect(await readCheckpoint(env.db, 'chats')).toBeGreaterThanOrEqual(state.last_seq),
  );
  return state.last_seq;
}

const rowsOf = async (chatId: string) => ({
  chat: await env.db.selectFrom('chat').selectAll().where('chat_id', '=', chatId).execute(),
  queries: await env.db
    .selectFrom('chat_query')
    .selectAll()
    .where('chat_id', '=', chatId)
    .orderBy('requested_at')
    .execute(),
  responses: await env.db.selectFrom('chat_response').selectAll().where('chat_id', '=', chatId).execute(),
});

describe('chats read model', () => {
  it('records a chat from its first turn, with the first answer’s title kept across turns', async () => {
    const chatId = uuidv7();
    const t1 = newQueryIds();
    const t2 = newQueryIds({ userId: t1.userId, sessionId: t1.sessionId, projectId: t1.projectId });
    const seqs: number[] = [];
    for (const e of [
      chatRequested(t1, chatId),
      chatAnswered(t1, chatId),
      chatRequested(t2, chatId, {
        requestedAt: '2026-03-01T10:05:00.000Z',
        priorMessages: 2,
        firstTurn: false,
      }),
      chatAnswered(t2, chatId, { title: 'Later title', answeredAt: '2026-03-01T10:05:03.000Z' }),
      chatAnswered(t2, chatId, { title: 'Redelivered' }),
    ])
      seqs.push((await env.publisher.append(e)).seq);
    await caughtUp();
    const rows = await rowsOf(chatId);
    expect(rows.chat).toEqual([
      {
        chat_id: chatId,
        user_id: t1.userId,
        project_id: t1.projectId,
        title: 'Adding numbers',
        created_at: new Date('2026-03-01T10:00:00.000Z'),
        stream_seq: seqs[0],
        title_seq: seqs[1],
      },
    ]);
    expect(
      rows.queries.map((q) => [q.meta_query_id, q.stream_seq, q.answered_seq, q.prior_messages]),
    ).toEqual([
      [t1.queryId, seqs[0], seqs[1], 0],
      [t2.queryId, seqs[2], seqs[3], 2],
    ]);
    expect(rows.queries[0]).toMatchObject({
      user_message: 'How do I add two numbers?',
      context: null,
      model_ids: [3],
    });
    expect(rows.responses).toHaveLength(2);
    expect(rows.responses[0]).toMatchObject({
      model_id: 3,
      status: 'ok',
      answer: 'Use a + b.',
      model_title: 'Adding numbers',
      generation_parameters: { maxNewTokens: 256, deadlineMs: 60_000 },
    });
  });

  it('drops a deleted chat with its turns and responses, and an answer that comes after the deletion', async () => {
    const chatId = uuidv7();
    const ids = newQueryIds();
    await env.publisher.appendAll([
      chatRequested(ids, chatId),
      chatDeleted(ids, chatId),
      chatAnswered(ids, chatId),
    ]);
    await caughtUp();
    expect(await rowsOf(chatId)).toEqual({ chat: [], queries: [], responses: [] });
  });

  it('ignores a deletion by another user', async () => {
    const chatId = uuidv7();
    const ids = newQueryIds();
    await env.publisher.appendAll([chatRequested(ids, chatId), chatDeleted(newQueryIds(), chatId)]);
    await caughtUp();
    expect((await rowsOf(chatId)).chat).toHaveLength(1);
  });

  it('erases the chats of a user erased with their data, and keeps them otherwise', async () => {
    const [kept, erased] = [uuidv7(), uuidv7()];
    const keptIds = newQueryIds();
    const erasedIds = newQueryIds();
    await env.publisher.appendAll([
      chatRequested(keptIds, kept),
      chatAnswered(keptIds, kept),
      chatRequested(erasedIds, erased),
      chatAnswered(erasedIds, erased),
      makeEvent('user.erased', { userId: keptIds.userId, correlationId: 'x' }, { deleteData: false }),
      makeEvent('user.erased', { userId: erasedIds.userId, correlationId: 'y' }, { deleteData: true }),
    ]);
    await caughtUp();
    expect((await rowsOf(kept)).responses).toHaveLength(1);
    expect(await rowsOf(erased)).toEqual({ chat: [], queries: [], responses: [] });
  });

  it('rebuilds from the stream into tables equal to the live ones, row for row', async () => {
    await caughtUp();
    const before = await snapshotReadModels(env.db, [chatsReadModel]);
    expect(before.chat?.length).toBeGreaterThan(0);
    expect(tablesWithoutRowSequences(before)).toEqual([]);
    const { db, nats, config } = env;
    const logger = createLogger('silent');
    await rebuildReadModels({ db, nats, config, logger, readModels: [chatsReadModel], mode: 'swap' });
    expect(await snapshotReadModels(env.db, [chatsReadModel])).toEqual(before);
  });
});
