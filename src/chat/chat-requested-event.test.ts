import { describe, expect, it } from 'vitest';
import { chatRequested } from '../../projections/testing/chat-events.js';
import { newQueryIds } from '../../projections/testing/query-events.js';
import { encodedEventBytes } from '../bus/event-size.js';
import { chatRequestedEvent } from './chat-requested-event.js';

const ids = newQueryIds();
const chatId = '0192f5d4-1a2b-7c3d-8e4f-5a6b7c8d9e01';
const context = {
  prefix: 'x'.repeat(20_000),
  suffix: '',
  fileName: 'a.py',
  selectedText: null,
  contextFiles: [],
};

describe('chatRequestedEvent', () => {
  it('keeps the context when the event fits', () => {
    const data = chatRequested(ids, chatId, { context, storeContext: true }).data;
    expect(chatRequestedEvent(ids, data, 1_000_000).data).toMatchObject({ context, contextOmitted: null });
  });

  it('leaves out a context that does not fit one event, saying so', () => {
    const data = chatRequested(ids, chatId, {
      context,
      storeContext: true,
      multiFileContextChangesIndexes: { 'b.py': 2 },
    }).data;
    const event = chatRequestedEvent(ids, data, 10_000);
    expect(event.data).toMatchObject({
      context: null,
      contextOmitted: 'event_size_limit',
      multiFileContextChangesIndexes: {},
    });
    expect(event.data.userMessage).toBe(data.userMessage);
    expect(encodedEventBytes(event)).toBeLessThanOrEqual(10_000);
  });

  it('refuses a message too large to record with 413', () => {
    const data = chatRequested(ids, chatId, { userMessage: 'y'.repeat(20_000) }).data;
    expect(() => chatRequestedEvent(ids, data, 10_000)).toThrow(
      expect.objectContaining({ status: 413 }) as Error,
    );
  });
});
