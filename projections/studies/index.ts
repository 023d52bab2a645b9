// The studies read model: each study's definition and life (started, ended) and every user's arm in it, with
// when it was assigned and released; the study report reads it beside the queries read model.
import type { ReadModel } from '../runner/index.js';
import { createStudiesBulkFold } from './bulk-studies-fold.js';
import {
  projectArmAssigned,
  projectArmReleased,
  projectStudyCreated,
  projectStudyEnded,
  projectStudyStarted,
  projectUserErasedFromStudies,
} from './study-projectors.js';

export const studiesReadModel: ReadModel = {
  name: 'studies',
  tables: ['study_definition', 'study_arm_assignment'],
  projectors: {
    'study.created': projectStudyCreated,
    'study.started': projectStudyStarted,
    'study.ended': projectStudyEnded,
    'study.arm.assigned': projectArmAssigned,
    'study.arm.released': projectArmReleased,
    'user.erased': projectUserErasedFromStudies,
  },
  createBulkFold: createStudiesBulkFold,
};
