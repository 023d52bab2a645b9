// The completion.requested event, fitted to the event size limit: the context files' lines go in, in the
// order the model got them, while they fit; a file that does not fit is kept with its change count and
// `omitted: 'event_size_limit'`, never left out silently.
import { makeEvent, type DomainEvent, type EventDataMap, type EventIds } from '../../events/index.js';
import { encodedEventBytes, jsonBytes } from '../bus/event-size.js';

type RequestedData = EventDataMap['completion.requested'];
type ContextFile = NonNullable<RequestedData['multiFileContext']>[string];

export function completionRequestedEvent(
  ids: EventIds,
  data: RequestedData,
  maxEventBytes: number,
): DomainEvent<'completion.requested'> {
  const files = data.multiFileContext;
  if (!files || Object.keys(files).length === 0) return makeEvent('completion.requested', ids, data);
  const omitted = (f: ContextFile): ContextFile => ({ ...f, lines: null, omitted: 'event_size_limit' });
  const fitted: Record<string, ContextFile> = {};
  for (const [path, f] of Object.entries(files)) fitted[path] = omitted(f);
  let bytes = encodedEventBytes(
    makeEvent('completion.requested', ids, { ...data, multiFileContext: fitted }),
  );
  for (const [path, f] of Object.entries(files)) {
    // The two forms sit at the same place in the JSON, so the event grows by exactly their difference.
    const growth = jsonBytes(f) - jsonBytes(fitted[path]);
    if (bytes + growth > maxEventBytes) continue;
    fitted[path] = f;
    bytes += growth;
  }
  return makeEvent('completion.requested', ids, { ...data, multiFileContext: fitted });
}
