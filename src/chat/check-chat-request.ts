// The chat request's telemetry ids are checked before anything is appended: an unknown one is a 422 at once. An
// unknown model is answered as an error item (the plugin's default chat id, 3, may not be in this registry).
// No model ids means the registry's default chat model (the plugin sends [] when it cannot resolve one).
import { SEED_ID_RANGES } from '../completion/index.js';
import type { ModelRegistry } from '../inference/model-registry.js';
import { Errors } from '../platform/errors.js';
import type { ChatRequestBody } from './request-schemas.js';

/** The models to ask, in the request's order without repeats. */
export function checkChatRequest(registry: ModelRegistry, body: ChatRequestBody): number[] {
  const ct = body.contextual_telemetry ?? {};
  for (const [field, { max, what }] of Object.entries(SEED_ID_RANGES)) {
    const value = ct[field as keyof typeof SEED_ID_RANGES];
    if (typeof value === 'number' && value > max)
      throw invalid(['contextual_telemetry', field], `unknown ${what} id ${value}`);
  }
  if (body.model_ids.length > 0) return [...new Set(body.model_ids)];
  const chatModels = registry.models.filter((m) => m.kind === 'chat');
  const fallback = chatModels.find((m) => m.isDefault) ?? chatModels[0];
  if (!fallback) throw invalid(['model_ids'], 'no model requested and the registry has no chat model');
  return [fallback.id];
}

function invalid(loc: string[], msg: string) {
  return Errors.validation(`Invalid request: ${loc.join('.')}: ${msg}`, [
    { loc: ['body', ...loc], msg, type: 'unknown_id' },
  ]);
}
