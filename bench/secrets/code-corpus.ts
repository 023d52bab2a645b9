// Real code to time the detectors on: this repository's own tracked source, config and docs (git ls-files), cut
// into windows of 8 KB, the size of a completion request's prefix and suffix together.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CODE = /\.(?:ts|py|md|ya?ml|json|sql|sh|cjs|js|toml|svelte)$/;
const SKIP = /package-lock|tokenizer|samples\.jsonl|gitleaks\/rules\.json|bench\/results/;

export const WINDOW_CHARS = 8 * 1024;

/** The repository's code, as 8 KB windows (the last piece of each file shorter). */
export function loadCodeWindows(root: string): string[] {
  const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => CODE.test(f) && !SKIP.test(f));
  const windows: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(`${root}/${file}`, 'utf8');
    } catch {
      continue; // listed but deleted in the working tree
    }
    for (let at = 0; at < text.length; at += WINDOW_CHARS) windows.push(text.slice(at, at + WINDOW_CHARS));
  }
  return windows;
}
