// Fill-in-the-middle prompts for the base models the Python server served (code4me2-server.md §6.2), used by
// the OpenAI-compatible backend. The context is cut from the far ends (old prefix lines, late suffix lines,
// then whole context files) so the FIM markers are never truncated away (the Python server's B11).
import type { CompletionInput, ContextFile } from '../model-backend.js';
import type { PromptFormat } from '../model-registry.js';

interface Template {
  file: (f: ContextFile) => string;
  body: (fileName: string, prefix: string, suffix: string) => string;
}

const TEMPLATES: Partial<Record<PromptFormat, Template>> = {
  'deepseek-coder': {
    file: (f) => `#${f.path}\n${f.text}\n`,
    body: (n, p, s) => `#${n}\n<｜fim▁begin｜>${p}<｜fim▁hole｜>${s}<｜fim▁end｜>`,
  },
  starcoder2: {
    file: (f) => `<file_sep>\n${f.path}\n${f.text}\n`,
    body: (n, p, s) => `<file_sep><fim_prefix>${n}\n${p}<fim_suffix>${s}<fim_middle>`,
  },
  santacoder: {
    file: (f) => `# ${f.path}\n${f.text}\n`,
    body: (_n, p, s) => `<fim-prefix>${p}<fim-suffix>${s}<fim-middle>`,
  },
  codellama: {
    file: (f) => `# ${f.path}\n${f.text}\n`,
    body: (_n, p, s) => `<PRE> ${p} <SUF>${s} <MID>`,
  },
  mellum: {
    file: (f) => `<filename>${f.path}\n${f.text}\n`,
    body: (n, p, s) => `<filename>${n}\n<fim_suffix>${s}<fim_prefix>${p}<fim_middle>`,
  },
};

/** Roughly 3 characters per token for code; used to keep prompts inside the model's context window. */
export const CHARS_PER_TOKEN = 3;

export function buildFimPrompt(format: PromptFormat, input: CompletionInput, budgetChars: number): string {
  const template = TEMPLATES[format];
  if (!template) return trimStart(input.prefix, budgetChars);
  const suffix = trimEnd(input.suffix, Math.floor(budgetChars * 0.25));
  const prefix = trimStart(input.prefix, budgetChars - suffix.length);
  const body = template.body(input.fileName, prefix, suffix);
  let remaining = budgetChars - body.length;
  const files: string[] = [];
  for (const f of input.contextFiles) {
    const rendered = template.file(f);
    if (rendered.length > remaining) continue;
    files.push(rendered);
    remaining -= rendered.length;
  }
  return files.join('') + body;
}

/** Keeps the end of the text (the lines next to the caret), cut at a line start where possible. */
function trimStart(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(text.length - Math.max(0, max));
  const nl = cut.indexOf('\n');
  return nl >= 0 && nl < cut.length - 1 ? cut.slice(nl + 1) : cut;
}

function trimEnd(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max));
  const nl = cut.lastIndexOf('\n');
  return nl > 0 ? cut.slice(0, nl) : cut;
}
