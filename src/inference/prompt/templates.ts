// Fill-in-the-middle layouts per model family, as the models were trained (and as the Python server sent
// them, code4me2-server.md §6.2). Markers are control tokens inserted by id; everything else is user text.
import type { ContextFile } from '../model-backend.js';
import type { PromptFormat } from '../model-registry.js';
import { markerIds, userTextIds, type PromptTokenizer } from './prompt-tokenizer.js';

/** The parts of a prompt after fitting: token ids of the context files, the prefix and the suffix. */
export interface PromptPieces {
  fileName: string;
  files: number[][];
  prefix: number[];
  suffix: number[];
}

export interface FimTemplate {
  file(f: ContextFile, t: PromptTokenizer): number[];
  render(p: PromptPieces, t: PromptTokenizer): number[];
}

const m = markerIds;
const u = userTextIds;

/** A comment line naming the file, for families trained without file markers. */
const commentFile = (f: ContextFile, t: PromptTokenizer): number[] => u(t, `# ${f.path}\n${f.text}\n`);

export const FIM_TEMPLATES: Partial<Record<PromptFormat, FimTemplate>> = {
  'deepseek-coder': {
    file: (f, t) => u(t, `#${f.path}\n${f.text}\n`),
    render: (p, t) => [
      ...p.files.flat(),
      ...u(t, `#${p.fileName}\n`),
      ...m(t, '<｜fim▁begin｜>'),
      ...p.prefix,
      ...m(t, '<｜fim▁hole｜>'),
      ...p.suffix,
      ...m(t, '<｜fim▁end｜>'),
    ],
  },
  starcoder2: {
    // Repo-level layout: one <file_sep> per file, the file being edited last with its path after <fim_prefix>
    // (kept without context files too: the path tells the model the language).
    file: (f, t) => [...m(t, '<file_sep>'), ...u(t, `${f.path}\n${f.text}\n`)],
    render: (p, t) => [
      ...p.files.flat(),
      ...m(t, '<file_sep>'),
      ...m(t, '<fim_prefix>'),
      ...u(t, `${p.fileName}\n`),
      ...p.prefix,
      ...m(t, '<fim_suffix>'),
      ...p.suffix,
      ...m(t, '<fim_middle>'),
    ],
  },
  santacoder: {
    file: commentFile,
    render: (p, t) => [
      ...m(t, '<fim-prefix>'),
      ...p.files.flat(),
      ...p.prefix,
      ...m(t, '<fim-suffix>'),
      ...p.suffix,
      ...m(t, '<fim-middle>'),
    ],
  },
  codellama: {
    file: commentFile,
    render: (p, t) => [
      ...m(t, '<PRE>'),
      ...u(t, ' '),
      ...p.files.flat(),
      ...p.prefix,
      ...u(t, ' '),
      ...m(t, '<SUF>'),
      ...p.suffix,
      ...u(t, ' '),
      ...m(t, '<MID>'),
    ],
  },
  mellum: {
    file: (f, t) => [...m(t, '<filename>'), ...u(t, `${f.path}\n${f.text}\n`)],
    render: (p, t) => [
      ...p.files.flat(),
      ...m(t, '<filename>'),
      ...u(t, `${p.fileName}\n`),
      ...m(t, '<fim_suffix>'),
      ...p.suffix,
      ...m(t, '<fim_prefix>'),
      ...p.prefix,
      ...m(t, '<fim_middle>'),
    ],
  },
  code4me: {
    // Our own model is trained on single files with StarCoder's marker ids 1-3, prefix-suffix-middle order.
    file: () => [],
    render: (p, t) => [
      ...m(t, '<fim_prefix>'),
      ...p.prefix,
      ...m(t, '<fim_suffix>'),
      ...p.suffix,
      ...m(t, '<fim_middle>'),
    ],
  },
};
