// Finds the files of a model folder in the Optimum / transformers.js layout. A folder without weights or
// tokenizer is "model unavailable", never a crash: the worker answers it like any other expected outcome.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ModelUnavailableError } from '../model-backend.js';

export interface ModelFiles {
  dir: string;
  weights: string;
}

/**
 * Weight files in order of preference: int8 first, since for models of real size it is the faster file on CPU. A
 * folder that should run full precision ships only the fp32 file (as code4me-tiny does: int8 is slower at its size).
 */
const QUANTIZED_FIRST = [
  'onnx/model_quantized.onnx',
  'onnx/model.onnx',
  'model_quantized.onnx',
  'model.onnx',
  'onnx/decoder_model_merged_quantized.onnx',
  'onnx/decoder_model_merged.onnx',
  'decoder_model_merged_quantized.onnx',
  'decoder_model_merged.onnx',
];

export type WeightsPreference = 'quantized' | 'full';

export function findModelFiles(dir: string, prefer: WeightsPreference = 'quantized'): ModelFiles {
  if (!existsSync(dir)) throw new ModelUnavailableError(`model folder ${dir} does not exist`);
  for (const required of ['tokenizer.json', 'config.json']) {
    if (!existsSync(join(dir, required)))
      throw new ModelUnavailableError(`model folder ${dir} has no ${required}`);
  }
  const order = prefer === 'quantized' ? QUANTIZED_FIRST : fullFirst(QUANTIZED_FIRST);
  const weights = order.map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!weights)
    throw new ModelUnavailableError(`model folder ${dir} has no ONNX weights (${order.join(', ')})`);
  return { dir, weights };
}

function fullFirst(order: string[]): string[] {
  const quantized = order.filter((f) => f.includes('_quantized'));
  return [...order.filter((f) => !f.includes('_quantized')), ...quantized];
}
