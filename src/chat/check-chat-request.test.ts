import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../inference/model-registry.js';
import { checkChatRequest } from './check-chat-request.js';
import { ChatRequestBodySchema } from './request-schemas.js';

const shipped = loadModelRegistry('models/registry.json');
const body = (modelIds: number[]) =>
  ChatRequestBodySchema.parse({ model_ids: modelIds, chat_id: randomUUID(), messages: [['user', 'hi']] });

// docs/chat.md, "The default chat model": model 3 stays the default although it needs its own server.
describe('the default chat model of the shipped registry', () => {
  it('is model 3, the plugin protocol default, served by an OpenAI-compatible server', () => {
    const defaults = shipped.models.filter((m) => m.kind === 'chat' && m.isDefault);
    expect(defaults.map((m) => [m.id, m.name, m.backend])).toEqual([
      [3, 'Ministral-8B-Instruct', 'openai-compatible'],
    ]);
  });

  it('answers a turn that names no model, and the ones asked keep their order without repeats', () => {
    expect(checkChatRequest(shipped, body([]))).toEqual([3]);
    expect(checkChatRequest(shipped, body([9, 3, 9]))).toEqual([9, 3]);
  });

  it('is a 422 when no model is named and the registry has no chat model', () => {
    const noChat = { ...shipped, models: shipped.models.filter((m) => m.kind !== 'chat') };
    expect(() => checkChatRequest(noChat, body([]))).toThrow(/no model requested/);
  });
});
