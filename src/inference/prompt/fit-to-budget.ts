// Cuts text to a budget of tokens while keeping what is nearest the cursor: the end of the prefix, the start
// of the suffix. Cuts fall on line boundaries where possible, so the model never sees half a line at the edge.
import type { PromptTokenizer } from './prompt-tokenizer.js';

export interface Fitted {
  ids: number[];
  /** Text the ids encode (after cutting). */
  text: string;
  truncated: boolean;
}

/** Code averages about 3 characters per token: tokenizing this many per budget token usually fills the budget. */
const CHARS_PER_TOKEN_GUESS = 4;
/** No token of code is longer than this; bounds how much of a huge file we tokenize at all. */
const MAX_CHARS_PER_TOKEN = 16;

/** Keeps the end of `text` (the lines just before the cursor) within `budget` tokens. */
export function keepTail(text: string, budget: number, tokenizer: PromptTokenizer): Fitted {
  if (budget <= 0) return { ids: [], text: '', truncated: text.length > 0 };
  let { text: t, ids } = encodeTail(text, budget, tokenizer);
  while (ids.length > budget) {
    const kept = tokenizer.decode(ids.slice(ids.length - budget)).length;
    const cut = lineStartAtOrAfter(t, t.length - kept);
    // One line longer than the whole budget (minified code): fall back to cutting tokens.
    if (cut <= 0 || cut >= t.length) {
      const tail = ids.slice(ids.length - budget);
      return { ids: tail, text: tokenizer.decode(tail), truncated: true };
    }
    t = t.slice(cut);
    ids = tokenizer.encode(t);
  }
  return { ids, text: t, truncated: t.length < text.length };
}

/**
 * Tokenizes just enough of the end of `text` to fill the budget: tokenizing is about 1 MB/s in pure JS, so a
 * whole large file would cost more than the model's prompt pass. Widens the window while it falls short.
 */
function encodeTail(
  text: string,
  budget: number,
  tokenizer: PromptTokenizer,
): { text: string; ids: number[] } {
  for (let chars = budget * CHARS_PER_TOKEN_GUESS; ; chars *= 2) {
    const from = text.length > chars ? lineStartAtOrAfter(text, text.length - chars) : 0;
    const t = text.slice(from);
    const ids = tokenizer.encode(t);
    if (from === 0 || ids.length >= budget || chars >= budget * MAX_CHARS_PER_TOKEN) return { text: t, ids };
  }
}

/** Keeps the start of `text` (the lines just after the cursor) within `budget` tokens. */
export function keepHead(text: string, budget: number, tokenizer: PromptTokenizer): Fitted {
  if (budget <= 0) return { ids: [], text: '', truncated: text.length > 0 };
  let t = text.length > budget * MAX_CHARS_PER_TOKEN ? text.slice(0, budget * MAX_CHARS_PER_TOKEN) : text;
  let ids = tokenizer.encode(t);
  while (ids.length > budget) {
    const kept = tokenizer.decode(ids.slice(0, budget)).length;
    const cut = t.lastIndexOf('\n', Math.max(0, kept - 1)) + 1;
    if (cut <= 0 || cut >= t.length)
      return { ids: ids.slice(0, budget), text: tokenizer.decode(ids.slice(0, budget)), truncated: true };
    t = t.slice(0, cut);
    ids = tokenizer.encode(t);
  }
  return { ids, text: t, truncated: t.length < text.length };
}

function lineStartAtOrAfter(text: string, from: number): number {
  if (from <= 0) return 0;
  if (text[from - 1] === '\n') return from;
  const nl = text.indexOf('\n', from);
  return nl < 0 ? from : nl + 1;
}
