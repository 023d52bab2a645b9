// How large one event may be: the NATS server's max_payload (from the connection's server info) less room for
// the message's headers. The server refuses larger messages, so writers fit what they record to this limit.
import type { NatsConnection } from '@nats-io/nats-core';
import { encodeEvent, type DomainEvent } from '../../events/index.js';

/** NATS' default max_payload, which Debian's nats-server runs with (nats.conf here says 8 MB). */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Headers (Nats-Msg-Id and JetStream's) count towards max_payload. */
export const HEADER_ROOM_BYTES = 4096;

export function maxEventBytesOf(nc: Pick<NatsConnection, 'info'>): number {
  return (nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD_BYTES) - HEADER_ROOM_BYTES;
}

export function encodedEventBytes(event: DomainEvent): number {
  return encodeEvent(event).byteLength;
}

/** Bytes of a value as JSON.stringify writes it inside an event. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}
