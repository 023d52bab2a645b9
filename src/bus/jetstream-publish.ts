// A JetStream publish that waits for the stream's ack, over the connection's reply multiplexer (reply-mux.ts):
// the client's own `js.publish` is a `nc.request` per message, which builds an Error with a stack for every
// request it completes (2-3% of a completion's CPU for its three appends, docs/performance.md). An ack costs a map
// lookup and a JSON parse; the failures are the kinds isTransientNatsError tells apart: a timeout, no responders
// (no stream leader yet) and JetStream's own API errors (503 while a stream has no leader, or a refusal such as a
// message too large).
import { headers, type Msg, type NatsConnection } from '@nats-io/nats-core';
import { JetStreamApiError, JetStreamError } from '@nats-io/jetstream';
import { replyMuxOf } from './reply-mux.js';

export interface PublishAck {
  seq: number;
  duplicate: boolean;
}

export type AckedPublish = (
  subject: string,
  payload: Uint8Array,
  opts: { msgID: string; timeout: number },
) => Promise<PublishAck>;

interface AckBody {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
  error?: { code: number; err_code?: number; description?: string };
}

const decoder = new TextDecoder();

export function createAckedPublish(nc: NatsConnection): AckedPublish {
  const request = replyMuxOf(nc);
  return async (subject, payload, { msgID, timeout }) => {
    const h = headers();
    h.set('Nats-Msg-Id', msgID);
    return ackOf(await request(subject, payload, { timeout, headers: h }));
  };
}

function ackOf(msg: Msg): PublishAck {
  const body = JSON.parse(decoder.decode(msg.data)) as AckBody;
  if (body.error) {
    throw new JetStreamApiError({
      code: body.error.code,
      err_code: body.error.err_code ?? 0,
      description: body.error.description ?? '',
    });
  }
  if (!body.stream || typeof body.seq !== 'number') throw new JetStreamError('invalid ack response');
  return { seq: body.seq, duplicate: body.duplicate === true };
}
