// Turns the plugin's request into what the models see: secrets redacted from the editor context, and the
// requested files of the project's live multi-file context (`["*"]` = all but the current file). Sizes are
// capped far above any model's context window; as ASCII they fit even NATS' default 1 MB message.
import type { CompletionInput } from '../inference/model-backend.js';
import type { LiveContextStore } from '../context/live-context-store.js';
import { selectContextFiles } from '../context/line-semantics.js';
import { redactSecrets } from '../privacy/redact-secrets.js';
import type { CompletionRequestBody } from './request-schemas.js';

export const UNKNOWN_FILE = 'unknown_file';
export const INPUT_LIMITS = {
  prefixChars: 100_000,
  suffixChars: 50_000,
  contextFilesChars: 300_000,
} as const;

export interface PreparedInput {
  input: CompletionInput;
  /** Redacted selection, kept with the context when store_context is on. */
  selectedText: string | null;
  /** Per context file used, the length of its change log (replays the context the model saw). */
  changeIndexes: Record<string, number>;
  /** Per context file used, its lines as the model got them (joined with "\n" into `input.contextFiles`). */
  contextLines: Record<string, string[]>;
}

export async function buildCompletionInput(
  store: LiveContextStore,
  projectId: string,
  body: Pick<CompletionRequestBody, 'context'> & Partial<Pick<CompletionRequestBody, 'stop_sequences'>>,
): Promise<PreparedInput> {
  const fileName = body.context.file_name ?? UNKNOWN_FILE;
  const requested = body.context.context_files ?? [];
  // Most requests name no context file: no store call and no promise to wait for.
  const { contextFiles, changeIndexes, contextLines } =
    requested.length === 0 ? noContextFiles() : await loadContextFiles(store, projectId, requested, fileName);
  const selected = body.context.selected_text;
  return {
    input: {
      prefix: redactSecrets(body.context.prefix.slice(-INPUT_LIMITS.prefixChars)),
      suffix: redactSecrets(body.context.suffix.slice(0, INPUT_LIMITS.suffixChars)),
      fileName,
      contextFiles,
      stopSequences: (body.stop_sequences ?? []).filter((s) => s.length > 0),
    },
    selectedText: selected ? redactSecrets(selected.slice(0, INPUT_LIMITS.suffixChars)) : null,
    changeIndexes,
    contextLines,
  };
}

type LoadedContextFiles = Pick<PreparedInput, 'changeIndexes' | 'contextLines'> & {
  contextFiles: CompletionInput['contextFiles'];
};

function noContextFiles(): LoadedContextFiles {
  return { contextFiles: [], changeIndexes: {}, contextLines: {} };
}

async function loadContextFiles(
  store: LiveContextStore,
  projectId: string,
  requested: string[],
  fileName: string,
): Promise<LoadedContextFiles> {
  const all = requested.length === 1 && requested[0] === '*';
  // Lines and change counts are read together, so the recorded count is that of the lines the model got.
  const files = await store.snapshot(projectId, all ? undefined : requested.filter((p) => p !== fileName));
  const contextFiles: CompletionInput['contextFiles'] = [];
  const contextLines: Record<string, string[]> = {};
  const changeIndexes: Record<string, number> = {};
  let budget: number = INPUT_LIMITS.contextFilesChars;
  for (const path of selectContextFiles(Object.keys(files), requested, fileName)) {
    const file = files[path];
    if (!file) continue;
    const text = file.lines.join('\n');
    if (text.length > budget) continue;
    contextFiles.push({ path, text });
    contextLines[path] = file.lines;
    changeIndexes[path] = file.changeCount;
    budget -= text.length;
  }
  return { contextFiles, changeIndexes, contextLines };
}
