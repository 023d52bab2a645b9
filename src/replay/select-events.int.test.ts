// selectEvents against a real stream: the slice is exactly the events appended that it asks for, upcast
// and in stream order; the pin is taken once and holds while more events arrive; events it cannot decode
// stop it or are counted, never dropped silently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEvent, eventSubject } from '../../events/index.js';
import { ensureEventStream } from '../bus/ensure-stream.js';
import type { Nats } from '../platform/nats.js';
import {
  appendReplayHistory,
  appendStored,
  laterEvents,
  occurredAt,
  type ReplayHistory,
  type ReplayedEvent,
} from '../../tests/support/replay-events.js';
import { startReplayStream, type ReplayStream } from '../../tests/support/replay-stream.js';
import { createTestEnv, type TestEnv } from '../../tests/support/test-env.js';
import { parseEventSlice, type EventSliceInput } from './event-slice.js';
import { EventStreamMissingError, InvalidEventSliceError, UndecodableEventError } from './replay-errors.js';
import { selectEvents, type EventSelection, type SelectOptions } from './select-events.js';

let stream: ReplayStream;
let env: TestEnv;
let nats: Nats;
let history: ReplayHistory;

beforeAll(async () => {
  stream = await startReplayStream('select-events-test');
  ({ env, nats, history } = stream);
});
afterAll(async () => {
  await stream?.close();
});

function open(input: EventSliceInput, options?: SelectOptions, e: TestEnv = env): Promise<EventSelection> {
  return selectEvents(nats.js, e.config.streamName, e.config.natsPrefix, parseEventSlice(input), options);
}

async function replay(input: EventSliceInput): Promise<ReplayedEvent[]> {
  const out: ReplayedEvent[] = [];
  for await (const selected of await open(input)) out.push(selected);
  return out;
}

const events = () => history.events;
const where = (keep: (e: ReplayedEvent) => boolean) => events().filter(keep);

describe('selectEvents', () => {
  it('replays the whole stream as the events appended, in order, older versions upcast', async () => {
    const all = await replay({});
    expect(all).toEqual(events());
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Seqs 3 and 4 were stored as version 1: they come back as version 2, in the shape the upcasters give.
    expect(all.map((e) => e.event.version)).toEqual([1, 1, 2, 2, 2, 2, 1, 1, 1, 2, 2, 1]);
    expect(all[2]!.event.data).toMatchObject({ part: { index: 1, count: 1 } });
    expect(all[3]!.event.data).toMatchObject({ configId: null, pluginVersionId: 3, multiFileContext: null });
  });

  it('takes the events of one type, of several types, of one user, and of a type and a user', async () => {
    const { userA, userB } = history;
    expect(await replay({ types: ['completion.generated'] })).toEqual(
      where((e) => e.event.type === 'completion.generated'),
    );
    const two = ['completion.requested', 'user.registered'];
    expect(await replay({ types: two })).toEqual(where((e) => two.includes(e.event.type)));
    expect(await replay({ userId: userB.userId })).toEqual(where((e) => e.event.userId === userB.userId));
    expect(await replay({ types: ['completion.generated'], userId: userA.userId })).toEqual(
      where((e) => e.event.type === 'completion.generated' && e.event.userId === userA.userId),
    );
    expect(await replay({ types: two, userId: userA.userId })).toEqual(
      where((e) => two.includes(e.event.type) && e.event.userId === userA.userId),
    );
  });

  it('takes the events of one project and those that name one model', async () => {
    const { userB } = history;
    expect(await replay({ projectId: userB.projectId })).toEqual(
      where((e) => e.event.projectId === userB.projectId),
    );
    const model5 = await replay({ modelId: 5 });
    expect(model5.map((e) => [e.seq, e.event.type])).toEqual([
      [4, 'completion.requested'],
      [6, 'completion.generated'],
      [7, 'completion.shown'],
      [8, 'completion.feedback'],
    ]);
    expect(model5).toEqual(events().filter((e) => [4, 6, 7, 8].includes(e.seq)));
  });

  it('takes the events that occurred from --from (inclusive) to --to (exclusive)', async () => {
    const from = occurredAt(3).toISOString();
    const to = occurredAt(7).toISOString();
    expect((await replay({ from, to })).map((e) => e.seq)).toEqual([4, 5, 6, 7]);
    expect(await replay({ from, to })).toEqual(events().slice(3, 7));
    expect((await replay({ from: occurredAt(11).toISOString() })).map((e) => e.seq)).toEqual([12]);
    expect(await replay({ to: '2026-03-01' })).toEqual([]);
  });

  it('reads up to the pin only, and names the stream end as the pin even when the last events are filtered out', async () => {
    expect((await replay({ untilSeq: 5 })).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await replay({ untilSeq: 0 })).toEqual([]);
    const selection = await open({ userId: history.userA.userId });
    expect(selection.untilSeq).toBe(12);
    for await (const selected of selection) expect(selected.seq).toBeLessThanOrEqual(8);
    expect(selection.counts()).toMatchObject({ read: 8, selected: 8, undecodable: 0 });
  });

  it('keeps the pin it took at the start while more events are appended', async () => {
    const selection = await open({ userId: history.userA.userId, types: ['completion.generated'] });
    const pinned = selection.untilSeq;
    const more = await appendStored(nats, env.config.natsPrefix, laterEvents(history.userA, 3));
    expect(more[0]!.seq).toBe(pinned + 1);
    const seqs: number[] = [];
    for await (const selected of selection) seqs.push(selected.seq);
    expect(seqs).toEqual([5, 6]);
    const again = await open({ userId: history.userA.userId, types: ['completion.generated'] });
    expect(again.untilSeq).toBe(more.at(-1)!.seq);
  });

  it('refuses a pin past the end of the stream, which could still change', async () => {
    const { state } = await nats.jsm.streams.info(env.config.streamName);
    await expect(open({ untilSeq: state.last_seq + 1 })).rejects.toThrow(InvalidEventSliceError);
    await expect(open({ untilSeq: state.last_seq + 1 })).rejects.toThrow(
      `sequence ${state.last_seq + 1} is past the end of the stream (its last sequence is ${state.last_seq})`,
    );
  });
});

describe('selectEvents without a stream', () => {
  it('says the stream does not exist', async () => {
    const missing = { ...env, config: { ...env.config, streamName: `${env.config.streamName}_NONE` } };
    await expect(open({}, {}, missing)).rejects.toThrow(
      new EventStreamMissingError(missing.config.streamName),
    );
  });
});

describe('selectEvents and events it cannot decode', () => {
  let broken: TestEnv;
  const user = '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e0f';

  beforeAll(async () => {
    broken = await createTestEnv({ migrate: false });
    await ensureEventStream(nats.jsm, broken.config.streamName, broken.config.natsPrefix);
    const prefix = broken.config.natsPrefix;
    const h = await appendReplayHistory(nats, prefix);
    // 13: a version newer code wrote; 14: a type only newer code knows; 15: not an event at all.
    const base = h.events[4]!.event;
    const newer = { ...base, id: '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e01', version: 9 };
    const chat = { ...base, id: '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e02', type: 'chat.sent', data: {} };
    await nats.js.publish(eventSubject(prefix, 'completion.generated', user), encodeEvent(newer));
    await nats.js.publish(`${prefix}.evt.chat_sent.${user}`, JSON.stringify(chat));
    await nats.js.publish(eventSubject(prefix, 'session.started', user), 'not json');
  });
  afterAll(() => broken?.cleanup());

  it('stops at the first one with its sequence and reason, by default, after the batches before it', async () => {
    const seqs: number[] = [];
    const read = async () => {
      for await (const selected of await open({}, { batchSize: 4 }, broken)) seqs.push(selected.seq);
    };
    const failure = await read().then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(UndecodableEventError);
    expect((failure as UndecodableEventError).seq).toBe(13);
    expect((failure as Error).message).toMatch(
      /^the event at stream sequence 13 cannot be decoded: unknown version 9 of completion.generated/,
    );
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('skips and counts them when asked, with the first ones named', async () => {
    const selection = await open({}, { onUndecodable: 'skip' }, broken);
    const seqs: number[] = [];
    for await (const selected of selection) seqs.push(selected.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const counts = selection.counts();
    expect(counts).toMatchObject({ read: 15, selected: 12, undecodable: 3 });
    expect(counts.undecodableSamples.map((u) => [u.seq, u.code])).toEqual([
      [13, 'event_from_newer_code'],
      [14, 'event_from_newer_code'],
      [15, 'event_invalid'],
    ]);
  });

  it('leaves out undecodable events of other types or users without counting them', async () => {
    const selection = await open(
      { types: ['completion.generated', 'session.started'] },
      { onUndecodable: 'skip' },
      broken,
    );
    const seqs: number[] = [];
    for await (const selected of selection) seqs.push(selected.seq);
    expect(seqs).toEqual([2, 5, 6, 11]);
    expect(selection.counts()).toMatchObject({ read: 15, undecodable: 2 });
    const other = await open({ types: ['user.registered'] }, {}, broken);
    for await (const selected of other) expect(selected.event.type).toBe('user.registered');
    expect(other.counts()).toMatchObject({ read: 2, selected: 2, undecodable: 0 });
  });
});
