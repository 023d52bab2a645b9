// The chat half of the OpenAI-compatible backend against the test chat server on a loopback port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatModelEntry,
  startTestChatServer,
  type TestChatServer,
} from '../../../tests/support/test-chat-server.js';
import { ModelUnavailableError } from '../model-backend.js';
import { ModelRegistrySchema } from '../model-registry.js';
import { createOpenAiCompatibleBackend } from './openai-compatible.js';

let server: TestChatServer;

beforeAll(async () => {
  server = await startTestChatServer('served-chat-model');
});
afterAll(async () => {
  await server.close();
});

function backend(url: string, apiKey?: string) {
  const entry = ModelRegistrySchema.parse({ models: [chatModelEntry(3, 'chat', url)] }).models[0];
  if (entry?.backend !== 'openai-compatible') throw new Error('not an openai-compatible entry');
  return createOpenAiCompatibleBackend(entry, apiKey ? { apiKey } : {});
}

describe('OpenAI-compatible chat backend', () => {
  it('posts the conversation to /chat/completions and returns the message, its revision and parameters', async () => {
    const b = backend(server.url);
    await b.warmup();
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'What is 2 + 2?' },
    ];
    const out = await b.chat!({ messages }, AbortSignal.timeout(2000));
    expect(out.completion).toBe('Answer to: What is 2 + 2?');
    expect(out.revision).toBe('configured=test-chat-model; served=served-chat-model');
    expect(out.parameters).toEqual({ maxNewTokens: 256, temperature: 0, topP: 1, stop: [] });
    expect(server.requests.at(-1)).toEqual({
      model: 'test-chat-model',
      messages,
      max_tokens: 256,
      temperature: 0,
      top_p: 1,
    });
  });

  it('says the model is unavailable when no chat server listens at its URL', async () => {
    const gone = await startTestChatServer();
    await gone.close();
    const b = backend(gone.url);
    await expect(b.warmup()).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(
      b.chat!({ messages: [{ role: 'user', content: 'hi' }] }, AbortSignal.timeout(2000)),
    ).rejects.toBeInstanceOf(ModelUnavailableError);
  });

  it('gives up when its signal aborts while the server holds the request', async () => {
    server.hang = true;
    try {
      const b = backend(server.url);
      await expect(
        b.chat!({ messages: [{ role: 'user', content: 'hi' }] }, AbortSignal.timeout(100)),
      ).rejects.toThrow();
    } finally {
      server.hang = false;
    }
  });
});
