// What the chat models see: the plugin's history with secrets redacted, its system prompt (or ours) extended
// with the editor context the plugin sent (file, selection, code around the cursor, the attached files) and,
// on a chat's first turn, the title instruction. The model's own chat template is the server's to apply.
import type { ChatMessage } from '../inference/model-backend.js';
import type { PreparedInput } from '../completion/index.js';
import { redactSecrets } from '../privacy/redact-secrets.js';
import { TITLE_INSTRUCTION } from './chat-title.js';
import type { ChatRequestBody } from './request-schemas.js';

export const DEFAULT_SYSTEM_PROMPT =
  'You are a helpful assistant that provides information and answers questions to the best of your ability. ' +
  'Please respond in a clear and concise manner.';

/** How much editor context goes into the system message (characters). */
export const PROMPT_LIMITS = { prefixChars: 6_000, suffixChars: 2_000, filesChars: 24_000 } as const;

export interface ChatPrompt {
  messages: ChatMessage[];
  /** The plugin's system prompt, redacted; null when it sent none. */
  systemPrompt: string | null;
  /** The user's new message, redacted. */
  userMessage: string;
  /** User and assistant messages before the new one. */
  priorMessages: number;
}

export function buildChatPrompt(
  body: ChatRequestBody,
  prepared: PreparedInput | null,
  firstTurn: boolean,
): ChatPrompt {
  const pairs = body.messages.map(([role, content]) => ({ role, content: redactSecrets(content) }));
  const system = pairs[0]?.role === 'system' ? pairs[0].content : null;
  const dialogue = pairs.filter((m) => m.role !== 'system');
  const sections = [system ?? DEFAULT_SYSTEM_PROMPT, ...contextSections(body, prepared)];
  if (firstTurn) sections.push(TITLE_INSTRUCTION);
  return {
    messages: [{ role: 'system', content: sections.join('\n\n') }, ...dialogue],
    systemPrompt: system,
    userMessage: dialogue.at(-1)?.content ?? '',
    priorMessages: Math.max(0, dialogue.length - 1),
  };
}

function contextSections(body: ChatRequestBody, prepared: PreparedInput | null): string[] {
  if (!prepared || !body.context) return [];
  const { input, selectedText } = prepared;
  const out: string[] = [];
  if (body.context.file_name) out.push(`The user's open file: ${body.context.file_name}`);
  if (selectedText) out.push(`The user's selection:\n${fenced(selectedText)}`);
  const prefix = input.prefix.slice(-PROMPT_LIMITS.prefixChars);
  const suffix = input.suffix.slice(0, PROMPT_LIMITS.suffixChars);
  if (prefix || suffix)
    out.push(`Code before the cursor:\n${fenced(prefix)}\nCode after the cursor:\n${fenced(suffix)}`);
  let budget: number = PROMPT_LIMITS.filesChars;
  const files: string[] = [];
  for (const f of input.contextFiles) {
    if (f.text.length > budget) continue;
    files.push(`#${f.path}\n${fenced(f.text)}`);
    budget -= f.text.length;
  }
  if (files.length > 0) out.push(`Other files of the project:\n${files.join('\n')}`);
  return out;
}

function fenced(text: string): string {
  return `\`\`\`\n${text}\n\`\`\``;
}
