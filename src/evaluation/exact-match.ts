// Exact match as the Code4Me evaluation scripts define it: `em = 100 * (pred.strip() == gt.strip())`.
import { stripPython } from './strip-python.js';

/** 100 when the two texts are equal after Python's `strip()`, else 0 (whole strings, no length cap). */
export function exactMatch(prediction: string, truth: string): 0 | 100 {
  return stripPython(prediction) === stripPython(truth) ? 100 : 0;
}
