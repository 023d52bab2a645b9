// Iterates the matches of a global regex as String.prototype.matchAll does, without the copy of the regex that
// matchAll makes on every call (most of a detector's cost on the short texts of a completion request).

/** Calls `each` with every match of the global (`g`) regex `re` in `text`, in order; `re.lastIndex` is reset. */
export function forEachMatch(re: RegExp, text: string, each: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  try {
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      // An empty match would match again at the same place: step past it, as matchAll does.
      if (m[0].length === 0) re.lastIndex = advance(text, re.lastIndex, re.unicode || re.flags.includes('v'));
      each(m);
    }
  } finally {
    re.lastIndex = 0;
  }
}

function advance(text: string, at: number, unicode: boolean): number {
  if (!unicode || at + 1 >= text.length) return at + 1;
  const code = text.charCodeAt(at);
  return code >= 0xd800 && code <= 0xdbff ? at + 2 : at + 1;
}
