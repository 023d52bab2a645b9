// The `format` asked for is none of the dataset formats: a 400 whose message lists the choices.
import { AppError } from '../../platform/errors.js';
import { DATASET_FORMATS } from './dataset-schema.js';

export class UnknownDatasetFormatError extends AppError {
  constructor(value: string) {
    super(
      'unknown_dataset_format',
      400,
      `Unknown format ${JSON.stringify(value)}: choose one of ${DATASET_FORMATS.join(', ')}.`,
      { format: value, choices: [...DATASET_FORMATS] },
    );
    this.name = 'UnknownDatasetFormatError';
  }
}
