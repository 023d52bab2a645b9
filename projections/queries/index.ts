// The queries read model: the Python server's research tables of completion requests, their generations,
// feedback and ground truth, with the request's context and telemetry.
import type { ReadModel } from '../runner/index.js';
import { createQueriesBulkFold } from './bulk-queries-fold.js';
import { projectUserErasedFromQueries } from './erase-user-projector.js';
import { projectCompletionFeedback } from './feedback-projector.js';
import { projectCompletionGenerated } from './generation-projector.js';
import { projectCompletionRequested } from './request-projector.js';

export const queriesReadModel: ReadModel = {
  name: 'queries',
  tables: [
    'context',
    'contextual_telemetry',
    'behavioral_telemetry',
    'meta_query',
    'completion_query',
    'had_generation',
    'failed_generation',
    'ground_truth',
    'feedback',
  ],
  projectors: {
    'completion.requested': projectCompletionRequested,
    'completion.generated': projectCompletionGenerated,
    'completion.feedback': projectCompletionFeedback,
    'user.erased': projectUserErasedFromQueries,
  },
  createBulkFold: createQueriesBulkFold,
};
