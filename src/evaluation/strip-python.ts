// Python's `str.strip()` without arguments, which the Code4Me scripts apply before every metric. JavaScript's
// `trim()` strips a different set (it strips U+FEFF, keeps U+001C-U+001F and U+0085), so it is not used.

/** The code points for which Python's `str.isspace()` is true (Unicode White_Space plus U+001C-U+001F). */
export const PYTHON_WHITESPACE =
  '\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006' +
  '\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

const WHITESPACE = new Set(Array.from(PYTHON_WHITESPACE, (c) => c.charCodeAt(0)));

/** `text.strip()` as Python computes it. Every whitespace code point is in the BMP, so code units suffice. */
export function stripPython(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && WHITESPACE.has(text.charCodeAt(start))) start++;
  while (end > start && WHITESPACE.has(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
