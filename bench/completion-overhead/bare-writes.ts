// The bench's third target: the bare route plus the writes the platform's guarantees require of a completion,
// made as plainly as the clients allow, with no validation, redaction or middleware. One Redis round trip first
// (the platform's rate limit and session check), then `completion.requested` appended beside the model request,
// then `completion.generated` beside the query record (a Redis SET), then `completion.shown`, each append
// acknowledged by JetStream before the next step, as docs/completion-path.md orders them. The payloads are the
// platform's own: the bytes of the first completion it appended in the warm-up, each sent with a fresh msgID.
// Its figures are a floor: what those writes cost on this machine, whatever code makes them.
import type { Context } from 'hono';
import type { NatsConnection } from '@nats-io/nats-core';
import { v7 as uuidv7 } from 'uuid';
import type { Redis } from '../../src/platform/redis.js';
import { createAckedPublish } from '../../src/bus/jetstream-publish.js';
import type { InferenceClient } from '../../src/bus/inference-client.js';
import { allEventsFilter } from '../../events/index.js';
import { bareModelRequest, type BareBody } from './bare-model-request.js';

const WRITTEN = ['completion_requested', 'completion_generated', 'completion_shown'] as const;
type Written = (typeof WRITTEN)[number];

export function bareWritesRoute(nc: NatsConnection, redis: Redis, prefix: string, model: InferenceClient) {
  const publish = createAckedPublish(nc);
  // The platform's first completion, as appended: subject and payload of each of its three events.
  const seen = new Map<Written, { subject: string; payload: Uint8Array }>();
  const watch = nc.subscribe(allEventsFilter(prefix), {
    callback: (_err, msg) => {
      const token = msg.subject.split('.').at(-2) as Written;
      if (WRITTEN.includes(token) && !seen.has(token))
        seen.set(token, { subject: msg.subject, payload: msg.data });
      if (seen.size === WRITTEN.length) watch.unsubscribe();
    },
  });
  const append = (type: Written) => {
    const { subject, payload } = seen.get(type)!;
    return publish(subject, payload, { msgID: uuidv7(), timeout: 2000 });
  };

  return async (c: Context) => {
    if (seen.size < WRITTEN.length) return c.json({ message: 'no platform completion seen yet' }, 503);
    const body = await c.req.json<BareBody>();
    await redis.get('bench:session');
    const [, r] = await Promise.all([append('completion_requested'), bareModelRequest(model, body)]);
    if (!r.ok) return c.json({ message: r.error.message }, 500);
    const record = JSON.stringify({ completion: r.output.completion });
    await Promise.all([
      append('completion_generated'),
      redis.set(`bench:query:${uuidv7()}`, record, 'EX', 60),
    ]);
    await append('completion_shown');
    return c.json({ completion: r.output.completion });
  };
}
