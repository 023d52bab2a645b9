// The sessions read model: login sessions and the projects activated in them.
import type { ReadModel } from '../runner/index.js';
import { createSessionsBulkFold } from './bulk-sessions-fold.js';
import {
  projectProjectActivated,
  projectSessionEnded,
  projectSessionStarted,
  projectUserErasedFromSessions,
} from './session-projectors.js';

export const sessionsReadModel: ReadModel = {
  name: 'sessions',
  tables: ['session', 'session_projects'],
  projectors: {
    'session.started': projectSessionStarted,
    'session.ended': projectSessionEnded,
    'project.activated': projectProjectActivated,
    'user.erased': projectUserErasedFromSessions,
  },
  createBulkFold: createSessionsBulkFold,
};
