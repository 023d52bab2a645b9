// The failures of configs and studies, as AppErrors (the HTTP routes answer them as problem+json, the CLI
// prints their message): a bad document or study is 422, an unknown one 404, an overlapping study 409.
import { AppError } from '../platform/errors.js';

export const StudyErrors = {
  invalidConfig: (detail: string) =>
    new AppError('invalid_config', 422, `The config is not valid: ${detail}`),
  configNotFound: (id: number) => new AppError('config_not_found', 404, `There is no config ${id}.`),
  invalidStudy: (detail: string) => new AppError('invalid_study', 422, `The study is not valid: ${detail}`),
  studyNotFound: (id: string) => new AppError('study_not_found', 404, `There is no study ${id}.`),
  studiesOverlap: (other: string) =>
    new AppError(
      'studies_overlap',
      409,
      `The study overlaps study ${other}: a user is in one study at a time, so studies may not overlap.`,
    ),
  studyAlreadyEnded: (id: string) => new AppError('study_ended', 409, `Study ${id} has already ended.`),
  adminRequired: () =>
    new AppError(
      'admin_role_required',
      403,
      'This needs the admin role; an operator grants it with c4m users admin <email>.',
    ),
};
