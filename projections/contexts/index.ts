// The contexts read model: the multi-file context change log per project and file.
import type { ReadModel } from '../runner/index.js';
import { createContextsBulkFold } from './bulk-contexts-fold.js';
import { projectContextUpdated, projectUserErasedFromContexts } from './context-change-projectors.js';

export const contextsReadModel: ReadModel = {
  name: 'contexts',
  tables: ['context_change'],
  projectors: {
    'context.updated': projectContextUpdated,
    'user.erased': projectUserErasedFromContexts,
  },
  createBulkFold: createContextsBulkFold,
};
