// The failures of a replay, as AppErrors (a literal code and an HTTP status) so the CLI and the API map
// them in their one place: a slice that is not one, a stream that is not there, an event that cannot be read.
import { AppError } from '../platform/errors.js';

/** The slice asked for is not one: a bad time, an unknown event type, a pin past the stream's end. */
export class InvalidEventSliceError extends AppError {
  declare readonly code: 'invalid_event_slice';
  constructor(message: string) {
    super('invalid_event_slice', 400, message);
    this.name = 'InvalidEventSliceError';
  }
}

/** The configured event stream does not exist on the NATS server. */
export class EventStreamMissingError extends AppError {
  declare readonly code: 'event_stream_missing';
  constructor(streamName: string) {
    super('event_stream_missing', 503, `the event stream ${streamName} does not exist on the NATS server`);
    this.name = 'EventStreamMissingError';
  }
}

/**
 * An event of the slice cannot be decoded (written by newer code, or invalid): the replay stops rather than
 * leave it out silently, unless asked to skip such events (they are then counted).
 */
export class UndecodableEventError extends AppError {
  declare readonly code: 'event_undecodable';
  constructor(
    readonly seq: number,
    readonly reason: string,
  ) {
    super('event_undecodable', 500, `the event at stream sequence ${seq} cannot be decoded: ${reason}`);
    this.name = 'UndecodableEventError';
  }
}
