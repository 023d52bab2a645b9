// The acked publish the event publisher uses, against the real NATS: an ack carries the stream sequence, a
// repeated msgID is the stream's duplicate, and each failure comes back as the kind isTransientNatsError tells
// apart (no stream: retry; a refused message: do not).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JetStreamApiError } from '@nats-io/jetstream';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../platform/config.js';
import { createNats, isTransientNatsError, type Nats } from '../platform/nats.js';
import { uniqueSuffix } from '../../tests/support/test-env.js';
import { createAckedPublish } from './jetstream-publish.js';

let nats: Nats;
const id = uniqueSuffix();
const stream = `JP_${id}`;
const subject = `jp${id}.events`;

beforeAll(async () => {
  nats = await createNats(loadConfig(process.env).natsUrl, 'jetstream-publish-test');
  await nats.jsm.streams.add({ name: stream, subjects: [`jp${id}.>`], max_msg_size: 1024 });
});

afterAll(async () => {
  await nats.jsm.streams.delete(stream).catch(() => undefined);
  await nats.nc.close();
});

const bytes = (s: string) => new TextEncoder().encode(s);

describe('createAckedPublish', () => {
  it('resolves with the stream sequence once stored, and a repeated msgID as the duplicate it is', async () => {
    const publish = createAckedPublish(nats.nc);
    const msgID = uuidv7();
    const acks = await Promise.all([
      publish(subject, bytes('a'), { msgID, timeout: 2000 }),
      publish(subject, bytes('b'), { msgID: uuidv7(), timeout: 2000 }),
    ]);
    expect(acks.map((a) => a.duplicate)).toEqual([false, false]);
    expect(new Set(acks.map((a) => a.seq)).size).toBe(2);
    const again = await publish(subject, bytes('a'), { msgID, timeout: 2000 });
    expect(again).toEqual({ seq: acks[0].seq, duplicate: true });
    const stored = await nats.jsm.streams.getMessage(stream, { seq: acks[0].seq });
    expect(stored?.header.get('Nats-Msg-Id')).toBe(msgID);
    expect(stored?.string()).toBe('a');
    expect((await nats.jsm.streams.info(stream)).state.messages).toBe(2);
  });

  it('fails a subject no stream takes as no responders, which is worth retrying', async () => {
    const publish = createAckedPublish(nats.nc);
    const err = await publish(`nostream${id}.x`, bytes('a'), { msgID: uuidv7(), timeout: 2000 }).catch(
      (e: unknown) => e,
    );
    expect(String(err)).toMatch(/no responders/);
    expect(isTransientNatsError(err)).toBe(true);
  });

  it("fails a message the stream refuses with JetStream's error, which is not worth retrying", async () => {
    const publish = createAckedPublish(nats.nc);
    const err = await publish(subject, bytes('x'.repeat(2048)), { msgID: uuidv7(), timeout: 2000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(JetStreamApiError);
    expect(isTransientNatsError(err)).toBe(false);
  });

  it('times out an ack that never comes, and refuses at once on a closed connection', async () => {
    const own = await createNats(loadConfig(process.env).natsUrl, 'jetstream-publish-test-own');
    const publish = createAckedPublish(own.nc);
    // A plain subscriber takes the message and never answers: the publish must not wait forever.
    const silent = own.nc.subscribe(`silent${id}.x`);
    const err = await publish(`silent${id}.x`, bytes('a'), { msgID: uuidv7(), timeout: 200 }).catch(
      (e: unknown) => e,
    );
    expect(String(err)).toMatch(/timeout/i);
    expect(isTransientNatsError(err)).toBe(true);
    silent.unsubscribe();
    await own.nc.close();
    const closed = await publish(subject, bytes('a'), { msgID: uuidv7(), timeout: 200 }).catch(
      (e: unknown) => e,
    );
    expect(isTransientNatsError(closed)).toBe(false);
  });
});
