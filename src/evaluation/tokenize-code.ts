// The tokens ROUGE-L compares. Code4Me used the InCoder BPE tokenizer (model-specific, and it needs the model's
// files); rouge-score lowercases and keeps only [a-z0-9] runs, which erases the punctuation code is made of.
// Here instead: a lexical split that keeps case and punctuation and needs no model.
//
//   token = a maximal run of identifier characters (Unicode letters \p{L}, marks \p{M}, digits \p{N}, `_`)
//         | any other single code point that is not whitespace (Python's str.isspace set)
//
// so `foo_bar(x, 42)` is [foo_bar, (, x, ",", 42, )] and `a==b` is [a, =, =, b]; whitespace only separates.
import { MAX_COMPARED_SYMBOLS } from './compared-symbols.js';
import { PYTHON_WHITESPACE } from './strip-python.js';

const SPACE = 0;
const WORD = 1;
const OTHER = 2;
const WORD_CHAR = /^[\p{L}\p{M}\p{N}_]$/u;
const SPACES = new Set(Array.from(PYTHON_WHITESPACE, (c) => c.charCodeAt(0)));
/** The class of each ASCII character: a scan, not a regular expression, as it runs millions of times. */
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) => classify(String.fromCharCode(c)));

function classify(char: string): number {
  if (SPACES.has(char.charCodeAt(0))) return SPACE;
  return WORD_CHAR.test(char) ? WORD : OTHER;
}

/** Calls `visit(start, end)` with the UTF-16 range of each token in order, the first MAX_COMPARED_SYMBOLS. */
export function forEachToken(text: string, visit: (start: number, end: number) => void): void {
  let count = 0;
  let wordStart = -1;
  for (let i = 0; i < text.length && count < MAX_COMPARED_SYMBOLS;) {
    const unit = text.charCodeAt(i);
    const width = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length ? surrogateWidth(text, i) : 1;
    const kind = unit < 128 ? ASCII_CLASS[unit]! : classify(text.slice(i, i + width));
    if (kind === WORD) {
      if (wordStart < 0) wordStart = i;
    } else {
      if (wordStart >= 0) {
        visit(wordStart, i);
        count++;
      }
      wordStart = -1;
      if (kind === OTHER && count < MAX_COMPARED_SYMBOLS) {
        visit(i, i + width);
        count++;
      }
    }
    i += width;
  }
  if (wordStart >= 0 && count < MAX_COMPARED_SYMBOLS) visit(wordStart, text.length);
}

/** The tokens of `text` in order, the first MAX_COMPARED_SYMBOLS of them. */
export function tokenizeCode(text: string): string[] {
  const tokens: string[] = [];
  forEachToken(text, (start, end) => tokens.push(text.slice(start, end)));
  return tokens;
}

function surrogateWidth(text: string, i: number): number {
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}
