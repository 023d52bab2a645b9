// Which models an event names: the completion events carry model ids (the request the models it asked,
// each generation and feedback its one model, the answer shown the models it held), and so do the chat
// events (a turn the models it asked, its answer the models that replied); no other type does.
// config.published and reference.published list every model and so name none in particular.
import type { DomainEvent } from '../../events/index.js';

const NONE: readonly number[] = [];

/** The model ids `event` is about; empty for types that carry none. */
export function modelIdsOf(event: DomainEvent): readonly number[] {
  switch (event.type) {
    case 'completion.requested':
    case 'completion.shown':
      return (event as DomainEvent<'completion.requested' | 'completion.shown'>).data.modelIds;
    case 'completion.generated':
    case 'completion.feedback':
      return [(event as DomainEvent<'completion.generated' | 'completion.feedback'>).data.modelId];
    case 'chat.requested':
      return (event as DomainEvent<'chat.requested'>).data.modelIds;
    case 'chat.answered':
      return (event as DomainEvent<'chat.answered'>).data.responses.map((r) => r.modelId);
    default:
      return NONE;
  }
}
