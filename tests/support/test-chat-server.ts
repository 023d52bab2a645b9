// An OpenAI-compatible chat server for tests, on a loopback port: GET /v1/models and POST
// /v1/chat/completions, answering with `reply(messages)` (or never, while `hang` is set), and keeping every
// request it was sent. What vLLM or llama.cpp's server would be in production, without a model.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatServerMessage {
  role: string;
  content: string;
}

export interface TestChatServer {
  /** Base URL with /v1, as a registry entry's `url`. */
  url: string;
  /** Every chat body received, in order. */
  requests: Array<{ model: string; messages: ChatServerMessage[]; max_tokens?: number }>;
  /** Replaces how the server answers. */
  reply: (messages: ChatServerMessage[]) => string;
  /** While true, chat requests are held open until the client gives up or the server closes. */
  hang: boolean;
  close(): Promise<void>;
}

/** By default the answer repeats the user's last message, titled when the system prompt asks for a title. */
export function defaultReply(messages: ChatServerMessage[]): string {
  const last = messages.findLast((m) => m.role === 'user')?.content ?? '';
  const asks = messages.some((m) => m.role === 'system' && m.content.includes('[Title]'));
  return `${asks ? '[Title]A chat about code[/Title]\n' : ''}Answer to: ${last}`;
}

export async function startTestChatServer(model = 'test-chat-model'): Promise<TestChatServer> {
  const held = new Set<ServerResponse>();
  const state: TestChatServer = {
    url: '',
    requests: [],
    reply: defaultReply,
    hang: false,
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url === '/v1/models') return send(res, 200, { data: [{ id: model }] });
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions')
      return send(res, 404, { error: 'no route' });
    const body = JSON.parse(await readBody(req)) as TestChatServer['requests'][number];
    state.requests.push(body);
    if (state.hang) {
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    send(res, 200, {
      id: `chatcmpl-${state.requests.length}`,
      object: 'chat.completion',
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: state.reply(body.messages) } }],
    });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = async () => {
    for (const res of held) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return state;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A registry entry for a chat model served by an OpenAI-compatible server at `url`. */
export function chatModelEntry(id: number, name: string, url: string, deadlineMs = 5000) {
  return {
    id,
    name,
    fullName: `test/${name}`,
    kind: 'chat' as const,
    backend: 'openai-compatible' as const,
    url,
    remoteModel: 'test-chat-model',
    promptFormat: 'chat' as const,
    contextLength: 8192,
    generation: { maxNewTokens: 256, temperature: 0, topP: 1, stop: [], deadlineMs },
  };
}
