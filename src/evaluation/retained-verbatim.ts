// Whether the accepted completion is still in the snapshot unchanged. The plugin's ground truth is the inserted
// range plus up to 32 characters either side, so exact match against it is ~never 100 (as the Python server's
// ground-truth analysis notes); containment asks the question that window can answer.
import { stripPython } from './strip-python.js';

/** 100 when the stripped prediction occurs in the truth as a substring, else 0; 0 for an empty prediction. */
export function retainedVerbatim(prediction: string, truth: string): 0 | 100 {
  const p = stripPython(prediction);
  return p.length > 0 && truth.includes(p) ? 100 : 0;
}
