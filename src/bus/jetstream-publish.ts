// A JetStream publish that waits for the stream's ack, over one reply subscription per connection. The client's
// own `js.publish` is a `nc.request` per message, and the client builds an Error with a stack for every request
// it completes (RequestOne.cancel, even with noAsyncTraces): 2-3% of a completion's CPU for its three appends
// (docs/performance.md). Here an ack costs a map lookup and a JSON parse; errors are built only for failures, of
// the kinds isTransientNatsError tells apart as before: a timeout, no responders (no stream leader yet) and
// JetStream's own API errors (503 while a stream has no leader, or a refusal such as a message too large).
import {
  createInbox,
  headers,
  NoRespondersError,
  RequestError,
  TimeoutError,
  type Msg,
  type NatsConnection,
  type Subscription,
} from '@nats-io/nats-core';
import { JetStreamApiError, JetStreamError } from '@nats-io/jetstream';

export interface PublishAck {
  seq: number;
  duplicate: boolean;
}

export type AckedPublish = (
  subject: string,
  payload: Uint8Array,
  opts: { msgID: string; timeout: number },
) => Promise<PublishAck>;

interface Pending {
  subject: string;
  resolve: (ack: PublishAck) => void;
  reject: (err: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface AckBody {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
  error?: { code: number; err_code?: number; description?: string };
}

const decoder = new TextDecoder();

export function createAckedPublish(nc: NatsConnection): AckedPublish {
  const pending = new Map<string, Pending>();
  let sub: Subscription | null = null;
  let inbox = '';
  let next = 0;

  const settle = (token: string, msg: Msg) => {
    const p = pending.get(token);
    if (!p) return; // timed out already: that attempt's retry carries the same msgID and is deduplicated
    pending.delete(token);
    clearTimeout(p.timer);
    try {
      p.resolve(ackOf(p.subject, msg));
    } catch (err) {
      p.reject(err);
    }
  };

  const subscription = () => {
    if (sub && !sub.isClosed()) return sub;
    inbox = createInbox();
    sub = nc.subscribe(`${inbox}.*`, {
      callback: (err, msg) => {
        if (err) return; // the subscription closed with the connection: each pending publish times out
        settle(msg.subject.slice(inbox.length + 1), msg);
      },
    });
    return sub;
  };

  return (subject, payload, { msgID, timeout }) =>
    new Promise<PublishAck>((resolve, reject) => {
      subscription();
      const token = (next++).toString(36);
      const h = headers();
      h.set('Nats-Msg-Id', msgID);
      const timer = setTimeout(() => {
        pending.delete(token);
        reject(new TimeoutError());
      }, timeout);
      pending.set(token, { subject, resolve, reject, timer });
      try {
        nc.publish(subject, payload, { reply: `${inbox}.${token}`, headers: h });
      } catch (err) {
        pending.delete(token);
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err))); // closed or draining: not transient
      }
    });
}

function ackOf(subject: string, msg: Msg): PublishAck {
  if (msg.headers?.hasError && msg.headers.code === 503) {
    throw new RequestError('no responders', { cause: new NoRespondersError(subject) });
  }
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
