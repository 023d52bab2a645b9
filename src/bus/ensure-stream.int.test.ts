// The event stream's configuration at start, against the real NATS: a new stream gets all of it, safe drift is
// updated and logged, and settings that could delete facts stop the start with the field named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { loadConfig } from '../platform/config.js';
import { createNats, type Nats } from '../platform/nats.js';
import { uniqueSuffix } from '../../tests/support/test-env.js';
import { ensureEventStream } from './ensure-stream.js';
import { DEDUPE_WINDOW_NS, desiredStreamConfig, MAX_EVENT_BYTES } from './stream-config.js';
import { StreamReplicasUnavailableError } from './stream-replicas-error.js';
import { UnsafeStreamConfigError } from './unsafe-stream-config-error.js';

let nats: Nats;
const made: string[] = [];

beforeAll(async () => {
  nats = await createNats(loadConfig(process.env).natsUrl, 'ensure-stream-test');
});

afterAll(async () => {
  for (const name of made) await nats.jsm.streams.delete(name).catch(() => undefined);
  await nats.nc.close();
});

/** A stream name and subject prefix of its own for each test. */
function freshStream(): { name: string; prefix: string } {
  const id = uniqueSuffix();
  made.push(`ES_${id}`);
  return { name: `ES_${id}`, prefix: `es${id}` };
}

function collectingLogger() {
  const lines: Array<{ level: number; msg: string; field?: string }> = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as never) });
  return { logger, lines };
}

/** Creates a stream as an older release or an operator might have left it. */
async function addDrifted(prefix: string, name: string, drift: Partial<StreamConfig>): Promise<void> {
  await nats.jsm.streams.add({ name, subjects: [`${prefix}.evt.>`], ...drift });
}

describe('ensureEventStream', () => {
  it('gives a new stream the whole desired configuration', async () => {
    const { name, prefix } = freshStream();
    const result = await ensureEventStream(nats.jsm, name, prefix);
    expect(result).toEqual({ created: true, changes: [] });
    const info = await nats.jsm.streams.info(name);
    expect(info.config).toMatchObject(desiredStreamConfig({ name, prefix, replicas: 1 }));
    expect(info.config).toMatchObject({ max_msg_size: 8 * 1024 * 1024, discard: 'new', allow_direct: true });
  });

  it('updates a drifted dedupe window and max message size in place, keeps the events and logs each change', async () => {
    const { name, prefix } = freshStream();
    await addDrifted(prefix, name, { duplicate_window: 120_000_000_000, max_msg_size: 1024 });
    await nats.js.publish(`${prefix}.evt.user_registered._`, 'kept');
    const { logger, lines } = collectingLogger();

    const result = await ensureEventStream(nats.jsm, name, prefix, { logger });

    expect(result.created).toBe(false);
    expect(result.changes).toEqual(
      expect.arrayContaining([
        { field: 'duplicate_window', from: 120_000_000_000, to: DEDUPE_WINDOW_NS },
        { field: 'max_msg_size', from: 1024, to: MAX_EVENT_BYTES },
      ]),
    );
    const info = await nats.jsm.streams.info(name);
    expect(info.config).toMatchObject({ duplicate_window: DEDUPE_WINDOW_NS, max_msg_size: MAX_EVENT_BYTES });
    expect(info.state.messages).toBe(1);
    const logged = lines.map((l) => l.msg);
    expect(logged).toContainEqual(
      expect.stringMatching(/duplicate_window updated from 120000000000 to 600000000000/),
    );
    expect(logged).toContainEqual(expect.stringMatching(/max_msg_size updated from 1024 to 8388608/));
  });

  it('changes nothing on a second start', async () => {
    const { name, prefix } = freshStream();
    await ensureEventStream(nats.jsm, name, prefix);
    expect(await ensureEventStream(nats.jsm, name, prefix)).toEqual({ created: false, changes: [] });
  });

  it.each<[string, Partial<StreamConfig>, RegExp]>([
    [
      'max_age',
      { max_age: 86_400_000_000_000 },
      /max_age = 86400000000000: events older than 1 d are deleted/,
    ],
    ['max_msgs', { max_msgs: 1000 }, /max_msgs = 1000: .*Fix: max_msgs -1 means no limit/],
    ['max_bytes', { max_bytes: 1_000_000 }, /max_bytes = 1000000: .*Fix: max_bytes -1 means no limit/],
    ['max_msgs_per_subject', { max_msgs_per_subject: 5 }, /max_msgs_per_subject = 5: only the newest events/],
    [
      'workqueue retention',
      { retention: RetentionPolicy.Workqueue },
      /retention = "workqueue": an event is deleted/,
    ],
    [
      'memory storage',
      { storage: StorageType.Memory },
      /storage = "memory": every event is lost .*C4M_STREAM/,
    ],
    ['deny_purge', { deny_purge: true }, /deny_purge = true: erasing a user cannot purge/],
  ])(
    'refuses to start on a stream with %s, naming the field, and changes nothing',
    async (_what, drift, says) => {
      const { name, prefix } = freshStream();
      await addDrifted(prefix, name, { ...drift, duplicate_window: 60_000_000_000 });

      const start = ensureEventStream(nats.jsm, name, prefix);

      await expect(start).rejects.toBeInstanceOf(UnsafeStreamConfigError);
      await expect(start).rejects.toMatchObject({ code: 'unsafe_stream_config' });
      await expect(start).rejects.toThrow(says);
      const info = await nats.jsm.streams.info(name);
      expect(info.config.duplicate_window).toBe(60_000_000_000);
    },
  );

  it('refuses more than one replica on a server outside a cluster, for a new and an existing stream', async () => {
    const { name, prefix } = freshStream();
    const create = ensureEventStream(nats.jsm, name, prefix, { replicas: 3 });
    await expect(create).rejects.toBeInstanceOf(StreamReplicasUnavailableError);
    await expect(create).rejects.toThrow(
      /C4M_STREAM_REPLICAS is 3, but the NATS server is not part of a cluster/,
    );
    await ensureEventStream(nats.jsm, name, prefix);
    const update = ensureEventStream(nats.jsm, name, prefix, { replicas: 3 });
    await expect(update).rejects.toMatchObject({ code: 'stream_replicas_unavailable' });
    expect((await nats.jsm.streams.info(name)).config.num_replicas).toBe(1);
  });

  it("warns when the server's max_payload is below the largest event the stream takes", async () => {
    const { name, prefix } = freshStream();
    const { logger, lines } = collectingLogger();
    await ensureEventStream(nats.jsm, name, prefix, { logger, serverMaxPayload: 1024 * 1024 });
    const warned = lines.filter((l) => l.level === 40).map((l) => l.msg);
    expect(warned).toContainEqual(expect.stringMatching(/max_payload is 1048576 bytes, below the 8388608/));
  });
});
