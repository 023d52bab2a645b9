// The evaluation dataset's rows: the Code4Me metrics (src/evaluation) over the completions as of the same pin
// and with the same filters, one row per model × language × trigger and one overall, in one batch.
import { aggregateEvaluation, evaluationDatasetRow } from '../../evaluation/index.js';
import type { DatasetRowSource } from '../dataset-definition.js';
import { toEvaluationRows } from './evaluation-rows.js';

/** The evaluation over what `completions` gives for the same filters and pin. */
export function evaluationRowSource(completions: DatasetRowSource): DatasetRowSource {
  return (deps, filters, pin) => {
    const rows = completions(deps, filters, pin);
    return (async function* evaluation() {
      const summaries = await aggregateEvaluation(toEvaluationRows(rows));
      yield summaries.map(evaluationDatasetRow);
    })();
  };
}
