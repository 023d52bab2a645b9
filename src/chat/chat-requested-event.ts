// The chat.requested event, fitted to the event size limit: when the editor context the user let be kept would
// make the event larger than the NATS server takes, it is left out and marked `contextOmitted:
// 'event_size_limit'`; a message too large to record even then is refused (413) before anything is asked.
import { makeEvent, type DomainEvent, type EventDataMap, type EventIds } from '../../events/index.js';
import { encodedEventBytes } from '../bus/event-size.js';
import { AppError } from '../platform/errors.js';

export function chatRequestedEvent(
  ids: EventIds,
  data: EventDataMap['chat.requested'],
  maxEventBytes: number,
): DomainEvent<'chat.requested'> {
  const event = makeEvent('chat.requested', ids, data);
  if (encodedEventBytes(event) <= maxEventBytes) return event;
  const without = makeEvent('chat.requested', ids, {
    ...data,
    context: null,
    multiFileContextChangesIndexes: {},
    contextOmitted: data.context ? 'event_size_limit' : null,
  });
  if (encodedEventBytes(without) <= maxEventBytes) return without;
  throw new AppError(
    'chat_too_large',
    413,
    `The chat message and system prompt are too large to record (at most ${maxEventBytes} bytes in all).`,
  );
}
