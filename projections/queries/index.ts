// The queries read model: the Python server's research tables of completion requests, their generations,
// feedback and ground truth, with the request's context and telemetry.
import type { ReadModel } from '../runner/index.js';
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
};
