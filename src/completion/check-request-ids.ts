// Telemetry and model ids are checked before anything is appended: an unknown id is a 422 at once, never a
// 200 whose data is lost later (the Python server's B4). The seed ids are those of the Python server (§3.1).
import { Errors } from '../platform/errors.js';
import type { ModelRegistry } from '../inference/model-registry.js';
import type { CompletionRequestBody } from './request-schemas.js';

export const SEED_ID_RANGES = {
  version_id: { max: 4, what: 'plugin version' },
  trigger_type_id: { max: 3, what: 'trigger type' },
  language_id: { max: 179, what: 'programming language' },
} as const;

export function checkRequestIds(registry: ModelRegistry, body: CompletionRequestBody): void {
  const issues: Array<{ loc: string[]; msg: string; type: string }> = [];
  for (const [field, { max, what }] of Object.entries(SEED_ID_RANGES)) {
    const value = body.contextual_telemetry[field as keyof typeof SEED_ID_RANGES];
    if (value > max)
      issues.push({
        loc: ['body', 'contextual_telemetry', field],
        msg: `unknown ${what} id ${value}`,
        type: 'unknown_id',
      });
  }
  body.model_ids.forEach((id, i) => {
    if (!registry.models.some((m) => m.id === id)) {
      issues.push({
        loc: ['body', 'model_ids', String(i)],
        msg: `unknown model id ${id}`,
        type: 'unknown_id',
      });
    }
  });
  const first = issues[0];
  if (first)
    throw Errors.validation(`Invalid request: ${first.loc.slice(1).join('.')}: ${first.msg}`, issues);
}
