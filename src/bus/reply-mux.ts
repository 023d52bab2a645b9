// NATS request-reply over one reply subscription per connection, for the hot paths (event appends, model
// requests). The client's own `nc.request` builds an Error with a stack for every request it completes
// (RequestOne.cancel rejects its settled promise with a fresh RequestError, even with `noAsyncTraces`): 2% of a
// completion's CPU for its model request alone (docs/performance.md). Here a reply costs a map lookup; errors are
// built only for failures, of the kinds isTransientNatsError tells apart as the client's were: a timeout, and no
// responders (nobody subscribes to the subject: no stream leader yet, no model worker).
import {
  createInbox,
  NoRespondersError,
  RequestError,
  TimeoutError,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from '@nats-io/nats-core';

export type MuxRequest = (
  subject: string,
  payload: Uint8Array,
  opts: { timeout: number; headers?: MsgHdrs },
) => Promise<Msg>;

interface Pending {
  subject: string;
  resolve: (msg: Msg) => void;
  reject: (err: unknown) => void;
  /** performance.now() past which the request has timed out. */
  deadline: number;
}

/**
 * How often the pending requests are checked for their deadline: one timer per connection instead of one per
 * request (a completion makes four requests), so a timeout is reported up to this late.
 */
export const SWEEP_MS = 20;

const muxes = new WeakMap<NatsConnection, MuxRequest>();

/** The connection's multiplexer (one reply subscription, made at the first request and again after it closed). */
export function replyMuxOf(nc: NatsConnection): MuxRequest {
  let mux = muxes.get(nc);
  if (!mux) muxes.set(nc, (mux = createReplyMux(nc)));
  return mux;
}

function createReplyMux(nc: NatsConnection): MuxRequest {
  const pending = new Map<string, Pending>();
  let sub: Subscription | null = null;
  let inbox = '';
  let next = 0;
  let sweeper: ReturnType<typeof setInterval> | null = null;

  const sweep = () => {
    const now = performance.now();
    for (const [token, p] of pending) {
      if (p.deadline > now) continue;
      pending.delete(token);
      p.reject(new TimeoutError());
    }
    if (pending.size === 0 && sweeper) {
      clearInterval(sweeper);
      sweeper = null;
    }
  };

  const settle = (token: string, msg: Msg) => {
    const p = pending.get(token);
    if (!p) return; // timed out already (a retried append carries the same msgID and is deduplicated)
    pending.delete(token);
    if (msg.headers?.hasError && msg.headers.code === 503) {
      p.reject(new RequestError('no responders', { cause: new NoRespondersError(p.subject) }));
    } else p.resolve(msg);
  };

  const subscribe = () => {
    if (sub && !sub.isClosed()) return;
    inbox = createInbox();
    sub = nc.subscribe(`${inbox}.*`, {
      callback: (err, msg) => {
        if (err) return; // the subscription closed with the connection: each pending request times out
        settle(msg.subject.slice(inbox.length + 1), msg);
      },
    });
  };

  return (subject, payload, { timeout, headers }) =>
    new Promise<Msg>((resolve, reject) => {
      try {
        subscribe();
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err))); // closed or draining: not transient
        return;
      }
      const token = (next++).toString(36);
      pending.set(token, { subject, resolve, reject, deadline: performance.now() + timeout });
      sweeper ??= setInterval(sweep, SWEEP_MS);
      try {
        nc.publish(subject, payload, { reply: `${inbox}.${token}`, ...(headers ? { headers } : {}) });
      } catch (err) {
        pending.delete(token);
        reject(err instanceof Error ? err : new Error(String(err))); // closed or draining: not transient
      }
    });
}
