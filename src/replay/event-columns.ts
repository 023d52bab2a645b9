// The columns of a replay in Arrow: one row per event with its stream sequence, the envelope's fields as
// typed columns and `data` (upcast to the latest version) as canonical JSON; described as a DatasetSchema
// (the datasets' shared column interface) so the formats library encodes it like every dataset.
import type { DatasetRow, DatasetSchema } from '../datasets/formats/index.js';
import { extraEnvelopeFields, sortedKeys } from './canonical-event.js';
import type { SelectedEvent } from './select-events.js';

const id = (name: string, what: string) =>
  ({
    name,
    type: { kind: 'string' },
    nullable: true,
    description: `${what} (UUID); null when none`,
  }) as const;

export const REPLAY_EVENTS_SCHEMA: DatasetSchema = {
  name: 'replay',
  description: 'Events of a slice of the event stream, in stream order, upcast to their latest version.',
  columns: [
    { name: 'seq', type: { kind: 'int64' }, nullable: false, description: 'JetStream stream sequence' },
    {
      name: 'subject',
      type: { kind: 'string' },
      nullable: false,
      description: 'NATS subject it was stored on',
    },
    { name: 'event_id', type: { kind: 'string' }, nullable: false, description: 'Event id (UUID v7)' },
    {
      name: 'type',
      type: { kind: 'dictionary' },
      nullable: false,
      description: 'Event type (docs/events.md)',
    },
    {
      name: 'version',
      type: { kind: 'int32' },
      nullable: false,
      description: 'Version of data: the latest this code knows (older events are upcast)',
    },
    {
      name: 'occurred_at',
      type: { kind: 'timestamp' },
      nullable: false,
      description: 'When it happened (envelope occurredAt), UTC',
    },
    id('user_id', 'The user'),
    id('session_id', 'The session'),
    id('project_id', 'The project'),
    id('query_id', 'The completion query'),
    {
      name: 'correlation_id',
      type: { kind: 'string' },
      nullable: false,
      description: 'Ties together the events one request caused (the request id)',
    },
    {
      name: 'data',
      type: { kind: 'json' },
      nullable: false,
      description: "The event's data as JSON with sorted keys, in the latest version's shape",
    },
    {
      name: 'extra_envelope',
      type: { kind: 'json' },
      nullable: true,
      description: 'Envelope fields written by newer code that this code does not know; null when none',
    },
  ],
};

export function replayEventRow({ seq, subject, event }: SelectedEvent): DatasetRow {
  return {
    seq,
    subject,
    event_id: event.id,
    type: event.type,
    version: event.version,
    occurred_at: event.occurredAt,
    user_id: event.userId,
    session_id: event.sessionId,
    project_id: event.projectId,
    query_id: event.queryId,
    correlation_id: event.correlationId,
    // json columns take the value; sorted keys make its JSON text canonical.
    data: sortedKeys(event.data),
    extra_envelope: extraEnvelopeFields(event),
  };
}
