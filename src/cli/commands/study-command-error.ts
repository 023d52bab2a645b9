// How the configs and studies commands report a refused change: an unknown config or study is exit 4 (not
// found), any other refusal (a bad document, overlapping studies) exit 1 with its message.
import { AppError } from '../../platform/errors.js';
import { NotFoundError } from '../exit-codes.js';

export function studyCommandError(err: unknown): unknown {
  if (err instanceof AppError && err.status === 404) return new NotFoundError(err.message);
  if (err instanceof AppError) return new Error(err.message, { cause: err });
  return err;
}
