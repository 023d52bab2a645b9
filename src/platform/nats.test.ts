import { describe, expect, it } from 'vitest';
import {
  ClosedConnectionError,
  DrainingConnectionError,
  InvalidArgumentError,
  NoRespondersError,
  RequestError,
  TimeoutError,
} from '@nats-io/nats-core';
import { JetStreamApiError } from '@nats-io/jetstream';
import { isTransientNatsError, natsServers } from './nats.js';

const apiError = (code: number, err_code: number) =>
  new JetStreamApiError({ code, err_code, description: `api error ${err_code}` });

describe('natsServers', () => {
  it('splits a comma-separated NATS_URL into the servers of a cluster', () => {
    expect(natsServers('nats://a:4222')).toEqual(['nats://a:4222']);
    expect(natsServers(' nats://a:4222, nats://b:4222 ,,nats://c:4222')).toEqual([
      'nats://a:4222',
      'nats://b:4222',
      'nats://c:4222',
    ]);
  });
});

describe('isTransientNatsError', () => {
  it('retries what a leader election looks like: no responders, a timeout, JetStream 503', () => {
    const noResponders = new RequestError('no responders', { cause: new NoRespondersError('s') });
    expect(isTransientNatsError(noResponders)).toBe(true);
    expect(isTransientNatsError(new TimeoutError())).toBe(true);
    expect(isTransientNatsError(apiError(503, 10008))).toBe(true);
  });

  it('does not retry a closing connection or a message the server refused', () => {
    expect(isTransientNatsError(new ClosedConnectionError())).toBe(false);
    expect(isTransientNatsError(new DrainingConnectionError())).toBe(false);
    expect(isTransientNatsError(new InvalidArgumentError('max_payload size exceeded'))).toBe(false);
    expect(isTransientNatsError(apiError(400, 10071))).toBe(false); // wrong last sequence
    expect(isTransientNatsError(apiError(400, 10054))).toBe(false); // message size exceeds maximum
  });
});
