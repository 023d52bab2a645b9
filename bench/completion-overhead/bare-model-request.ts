// The bare routes' model request (servers.ts, bare-writes.ts): the plugin body's prefix and suffix to the bench's
// instant model, with nothing of the platform's input building.
import type { InferenceClient } from '../../src/bus/inference-client.js';

export interface BareBody {
  context: { prefix: string; suffix: string };
}

export function bareModelRequest(client: InferenceClient, body: BareBody) {
  const input = {
    prefix: body.context.prefix,
    suffix: body.context.suffix,
    fileName: 'x',
    contextFiles: [],
    stopSequences: [],
  };
  return client.complete(5, input, 2000);
}
