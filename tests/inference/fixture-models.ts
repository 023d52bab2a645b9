// Paths of the tiny random-weight models the engine tests run on (made by tests/fixtures/make-tiny-models.py),
// and of the real built-in model, which tests skip when it has not landed yet.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

export const TINY_LLAMA = fixture('tiny-llama');
export const TINY_GPT2 = fixture('tiny-gpt2');
export const BUILTIN_MODEL = fileURLToPath(new URL('../../models/builtin/code4me-tiny', import.meta.url));

export const builtinModelPresent = existsSync(`${BUILTIN_MODEL}/tokenizer.json`);

/** Greedy tokens PyTorch produced for a fixed prompt when the fixture was made. */
export function pytorchReference(dir: string): { prompt: number[]; greedy: number[] } {
  return JSON.parse(readFileSync(`${dir}/reference.json`, 'utf8')) as { prompt: number[]; greedy: number[] };
}
