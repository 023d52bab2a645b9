import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistrySchema } from '../model-registry.js';
import { ModelUnavailableError } from '../model-backend.js';
import { createOpenAiCompatibleBackend, parseCompletion } from './openai-compatible.js';

let server: Server;
let url = '';
let lastBody: Record<string, unknown> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/models') return res.end(JSON.stringify({ data: [] }));
      lastBody = JSON.parse(body) as Record<string, unknown>;
      res.end(
        JSON.stringify({
          model: 'remote-model-served',
          system_fingerprint: 'fp_42',
          choices: [
            {
              text: 'b\n\nprint()',
              logprobs: { tokens: ['b', '\n\n', 'print()'], token_logprobs: [-0.1, -0.2, -3] },
            },
          ],
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/v1`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

function entry(at: string) {
  const reg = ModelRegistrySchema.parse({
    models: [
      {
        id: 9,
        name: 'remote',
        fullName: 'x/remote',
        kind: 'completion',
        backend: 'openai-compatible',
        url: at,
        remoteModel: 'remote-model',
        promptFormat: 'deepseek-coder',
      },
    ],
  });
  const m = reg.models[0];
  if (m?.backend !== 'openai-compatible') throw new Error('bad fixture');
  return m;
}

describe('OpenAI-compatible backend', () => {
  it('sends a FIM prompt and turns the reply into a completion with its confidence', async () => {
    const backend = createOpenAiCompatibleBackend(entry(url));
    await backend.warmup();
    const out = await backend.complete(
      {
        prefix: 'a = ',
        suffix: '\n',
        fileName: 'x.py',
        contextFiles: [{ path: 'y.py', text: 'y = 1' }],
        stopSequences: [],
      },
      AbortSignal.timeout(2000),
    );
    expect(lastBody).toMatchObject({ model: 'remote-model', max_tokens: 64, logprobs: 1, stop: ['\n\n'] });
    expect(lastBody.prompt).toBe('#y.py\ny = 1\n#x.py\n<｜fim▁begin｜>a = <｜fim▁hole｜>\n<｜fim▁end｜>');
    expect(out.completion).toBe('b');
    expect(out.tokens).toEqual(['b']);
    expect(out.logprobs).toEqual([-0.1]);
    expect(out.confidence).toBeCloseTo(Math.exp(-0.1));
    expect(out.revision).toBe('configured=remote-model; served=remote-model-served; fingerprint=fp_42');
    expect(out.parameters).toEqual({ maxNewTokens: 64, temperature: 0, topP: 1, stop: ['\n\n'] });
  });

  it('is unavailable when the server cannot be reached', async () => {
    const backend = createOpenAiCompatibleBackend(entry('http://127.0.0.1:1/v1'));
    await expect(backend.warmup()).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(
      backend.complete(
        { prefix: '', suffix: '', fileName: 'x', contextFiles: [], stopSequences: [] },
        AbortSignal.timeout(1000),
      ),
    ).rejects.toBeInstanceOf(ModelUnavailableError);
  });

  it('reports no confidence, not a made-up one, when no log-probabilities come back', () => {
    const out = parseCompletion({ choices: [{ text: 'x' }] }, [], 3);
    expect(out.confidence).toBeNull();
    expect(out.tokens).toEqual([]);
  });

  it('keeps every token beside its log-probability, a missing value as null', () => {
    const lp = { tokens: ['a', 'b', 'c'], token_logprobs: [-0.5, null, -1.5] };
    const out = parseCompletion({ choices: [{ text: 'abc', logprobs: lp }] }, [], 3);
    expect(out.tokens).toEqual(['a', 'b', 'c']);
    expect(out.logprobs).toEqual([-0.5, null, -1.5]);
    expect(out.confidence).toBeCloseTo(Math.exp(-1));
  });
});
