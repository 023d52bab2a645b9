// Private-key blocks, also when a prefix or suffix cuts them: a BEGIN line without its END (the prefix stops inside
// the key) and the base64 lines before an END line without its BEGIN (the suffix starts inside it).
import { forEachMatch } from './for-each-match.js';
import type { SecretSpan } from './secret-span.js';

const BLOCK =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----([\s\S]*?)(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$(?![\s\S]))/dg;
const END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const BASE64_LINE = /^[ \t]*[A-Za-z0-9+/=]{16,}[ \t]*$/;

/** Every private-key body in `text` (the BEGIN and END lines stay, as they hold nothing secret). */
export function findPrivateKeyBlocks(text: string): SecretSpan[] {
  // Both BLOCK and END hold it: most texts are done after one search.
  if (!text.includes('PRIVATE KEY')) return [];
  const spans: SecretSpan[] = [];
  forEachMatch(BLOCK, text, (m) => {
    const body = m.indices?.[1];
    if (body && (m[1] ?? '').trim().length > 0)
      spans.push({ start: body[0], end: body[1], rule: 'private key block' });
  });
  const headless = headlessTail(text);
  if (headless) spans.push(headless);
  return spans;
}

function headlessTail(text: string): SecretSpan | null {
  const end = END.exec(text);
  if (!end || text.lastIndexOf('-----BEGIN', end.index) !== -1) return null;
  const lines = text.slice(0, end.index).split('\n');
  const tail = lines.pop() ?? '';
  let start = end.index - tail.length;
  for (let i = lines.length - 1; i >= 0 && BASE64_LINE.test(lines[i] as string); i -= 1) {
    start -= (lines[i] as string).length + 1;
  }
  return start < end.index ? { start, end: end.index, rule: 'private key tail' } : null;
}
