import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelUnavailableError } from '../model-backend.js';
import { findModelFiles } from './model-folder.js';

function folder(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'c4m-model-'));
  for (const f of ['tokenizer.json', 'config.json', ...files]) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '{}');
  }
  return dir;
}

describe('the model folder', () => {
  it('prefers the int8 weights of our own layout', () => {
    const dir = folder(['onnx/model.onnx', 'onnx/model_quantized.onnx']);
    expect(findModelFiles(dir).weights).toBe(join(dir, 'onnx/model_quantized.onnx'));
    expect(findModelFiles(dir, 'full').weights).toBe(join(dir, 'onnx/model.onnx'));
  });

  it('accepts a root model.onnx and an Optimum merged decoder', () => {
    expect(findModelFiles(folder(['model.onnx'])).weights).toMatch(/model\.onnx$/);
    expect(findModelFiles(folder(['decoder_model_merged.onnx'])).weights).toMatch(
      /decoder_model_merged\.onnx$/,
    );
  });

  it('is unavailable, not a crash, without weights, tokenizer or folder', () => {
    expect(() => findModelFiles(folder([]))).toThrow(ModelUnavailableError);
    expect(() => findModelFiles(join(tmpdir(), 'c4m-no-such-model'))).toThrow(ModelUnavailableError);
    const noTokenizer = mkdtempSync(join(tmpdir(), 'c4m-model-'));
    expect(() => findModelFiles(noTokenizer)).toThrow(/tokenizer\.json/);
  });
});
