// Public surface of the completion use cases (request, feedback, lookup) behind the plugin's routes.
export {
  serveCompletion,
  MAX_SERVING_MS,
  type CompletionDeps,
  type Caller,
  type ServedCompletion,
} from './serve-completion.js';
export {
  recordFeedback,
  decideFeedback,
  type FeedbackDecision,
  type FeedbackDeps,
} from './record-feedback.js';
export {
  loadQueryRecord,
  saveQueryRecord,
  QUERY_RECORD_TTL_S,
  type QueryRecord,
  type QueryCompletion,
} from './query-record.js';
export { checkRequestIds, SEED_ID_RANGES } from './check-request-ids.js';
export { buildCompletionInput, UNKNOWN_FILE, type PreparedInput } from './build-completion-input.js';
export {
  generatedEventData,
  requestedEventData,
  shownCompletion,
  NO_CONFIDENCE_FOR_PLUGIN,
  type ModelResult,
  type RequestFacts,
} from './completion-events.js';
export { completionRequestedEvent } from './completion-requested-event.js';
export { contextUpdatedEvents, type ContextUpdateFacts } from './context-events.js';
export { createUserConfigLookup, USER_CONFIG_TTL_MS, type UserConfigLookup } from './user-config-lookup.js';
export {
  CompletionRequestBodySchema,
  CompletionItemSchema,
  FeedbackBodySchema,
  MultiFileContextBodySchema,
  type CompletionRequestBody,
  type CompletionItem,
  type FeedbackBody,
  type MultiFileContextBody,
} from './request-schemas.js';
export { updateMultiFileContext, type ContextUpdateDeps } from './update-multi-file-context.js';
