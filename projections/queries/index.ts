// The queries read model: the Python server's research tables of completion requests, their generations,
// feedback and ground truth, with the request's context and telemetry.
import type { ReadModel } from '../runner/index.js';
import { createQueriesBulkFold } from './bulk-queries-fold.js';
import { projectUserErasedFromQueries } from './erase-user-projector.js';
import { projectCompletionFeedback } from './feedback-projector.js';
import { projectCompletionGenerated } from './generation-projector.js';
import { projectCompletionRequested } from './request-projector.js';
import { projectCompletionShown } from './shown-projector.js';

export const queriesReadModel: ReadModel = {
  name: 'queries',
  tables: [
    'context',
    'contextual_telemetry',
    'behavioral_telemetry',
    'meta_query',
    'completion_query',
    'query_context_file',
    'had_generation',
    'failed_generation',
    'ground_truth',
    'feedback',
  ],
  projectors: {
    'completion.requested': projectCompletionRequested,
    'completion.generated': projectCompletionGenerated,
    'completion.shown': projectCompletionShown,
    'completion.feedback': projectCompletionFeedback,
    'user.erased': projectUserErasedFromQueries,
  },
  // Feedback names its query by id only; one this read model never saw has no row to hang off.
  eventFaults: [
    {
      sqlstate: '23503',
      constraint: 'feedback_meta_query_id_fkey',
      reason: 'feedback for a query this read model never saw',
    },
    {
      sqlstate: '23503',
      constraint: 'ground_truth_completion_query_id_fkey',
      reason: 'ground truth for a query this read model never saw',
    },
  ],
  createBulkFold: createQueriesBulkFold,
};
