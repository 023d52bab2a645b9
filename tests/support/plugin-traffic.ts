// A plugin session that keeps sending completion requests and feedback (on each new query and on one made
// earlier) until stopped, recording every answer that was not a success.
import type { PluginClient } from './plugin-client.js';

export interface PluginTraffic {
  /** Stops after the round in progress. */
  stop(): Promise<{ rounds: number; failures: string[] }>;
}

export function startPluginTraffic(
  plugin: PluginClient,
  opts: { modelId: number; earlierQueryId: string },
): PluginTraffic {
  let stopping = false;
  let rounds = 0;
  const failures: string[] = [];
  const check = (what: string, status: number) => {
    if (status < 200 || status >= 300) failures.push(`${what}: ${status}`);
  };
  const loop = (async () => {
    while (!stopping) {
      const res = await plugin.call<{ data?: { meta_query_id: string } }>('POST', '/api/completion/request', {
        model_ids: [opts.modelId],
        context: { prefix: `x = ${rounds}\ny = `, suffix: '\n', file_name: 'a.py', context_files: [] },
        contextual_telemetry: {
          version_id: 3,
          trigger_type_id: 1,
          language_id: 47,
          file_path: '/a.py',
          caret_line: 1,
          document_char_length: 12,
          relative_document_position: 1,
        },
        store_context: true,
        store_contextual_telemetry: true,
        store_behavioral_telemetry: false,
      });
      check('completion', res.status);
      const queryId = res.body.data?.meta_query_id;
      for (const meta_query_id of [queryId, opts.earlierQueryId].filter((q) => q !== undefined)) {
        const fb = await plugin.call('POST', '/api/completion/feedback', {
          meta_query_id,
          model_id: opts.modelId,
          was_accepted: rounds % 2 === 0,
        });
        check(`feedback on ${meta_query_id === queryId ? 'the new' : 'the earlier'} query`, fb.status);
      }
      rounds += 1;
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      return { rounds, failures };
    },
  };
}
