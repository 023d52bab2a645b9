// The erasure job's ports (src/accounts/erase-user.ts) from the API's deps: the stream purge, the unfenced
// publisher and the live context; undefined when the deps have no purge port (erasure then answers 503).
import type { ErasurePorts } from '../accounts/index.js';
import type { ApiDeps } from './deps.js';

export function erasurePortsOf(deps: ApiDeps): ErasurePorts | undefined {
  if (!deps.purgeUserEvents) return undefined;
  return {
    purge: deps.purgeUserEvents,
    publisher: deps.erasurePublisher ?? deps.publisher,
    context: deps.contextStore,
  };
}
