// The ways a dataset request fails, each an AppError with its own code and status (the API answers them as
// application/problem+json): unknown dataset, a filter that is malformed or does not apply, a pin past the
// stream's end or not reached yet by the read models, and too many downloads at once.
import { AppError } from '../platform/errors.js';

export class UnknownDatasetError extends AppError {
  constructor(name: string, known: readonly string[]) {
    super('unknown_dataset', 404, `There is no dataset '${name}'. Datasets: ${known.join(', ')}.`, {
      datasets: known,
    });
  }
}

export class DatasetRequestError extends AppError {
  constructor(message: string) {
    super('invalid_dataset_request', 400, message);
  }
}

export class PinBeyondStreamError extends AppError {
  constructor(asOfSeq: number, lastSeq: number) {
    super(
      'as_of_seq_beyond_stream',
      422,
      `as_of_seq ${asOfSeq} is beyond the event stream, whose last sequence is ${lastSeq}.`,
      { as_of_seq: asOfSeq, stream_last_seq: lastSeq },
    );
  }
}

export class PinNotReachedError extends AppError {
  constructor(asOfSeq: number, readModel: string, position: number, retryAfterS: number) {
    super(
      'as_of_seq_not_reached',
      503,
      `The read model '${readModel}' has applied the stream up to sequence ${position}, not yet ${asOfSeq}; ` +
        `the dataset as of ${asOfSeq} can be downloaded once it has (try again in ${retryAfterS} s).`,
      { as_of_seq: asOfSeq, read_model: readModel, position },
    );
    this.retryAfterS = retryAfterS;
  }
}

export class TooManyDownloadsError extends AppError {
  constructor(limit: number, retryAfterS: number) {
    super(
      'too_many_downloads',
      503,
      `This server is already streaming ${limit} datasets, its limit (C4M_DATASET_MAX_DOWNLOADS); try again in ${retryAfterS} s.`,
      { limit },
    );
    this.retryAfterS = retryAfterS;
  }
}
