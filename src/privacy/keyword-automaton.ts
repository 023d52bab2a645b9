// Which of many keywords occur in a text, in one pass: an Aho-Corasick automaton as gitleaks' prefilter uses, over
// lower-case ASCII keywords, compiled to a transition table so that each character of the text costs one read.

/** Finds which keywords occur in a lower-cased text: their indices into the list built from, in order. */
export type KeywordScan = (lower: string) => number[];

/** Builds the scan for `keywords` (lower-case ASCII, at least one character each). */
export function buildKeywordScan(keywords: readonly string[]): KeywordScan {
  const { next, fail, own } = trieOf(keywords);
  const states = next.length;
  // The full transition table: where each state goes on each ASCII character, failure links followed.
  const delta = new Int32Array(states * 128);
  const outputs: number[][] = own.map(() => []);
  for (const state of breadthFirst(next)) {
    const f = fail[state] as number;
    outputs[state] = [...(own[state] as number[]), ...(state === 0 ? [] : (outputs[f] as number[]))];
    for (let c = 0; c < 128; c += 1) {
      const child = (next[state] as Map<number, number>).get(c);
      delta[state * 128 + c] = child ?? (state === 0 ? 0 : (delta[f * 128 + c] as number));
    }
  }
  const outStart = new Int32Array(states + 1);
  for (let s = 0; s < states; s += 1)
    outStart[s + 1] = (outStart[s] as number) + (outputs[s] as number[]).length;
  const outList = Int32Array.from(outputs.flat());
  return (lower) => {
    let found: Uint8Array | null = null;
    let state = 0;
    for (let i = 0; i < lower.length; i += 1) {
      const c = lower.charCodeAt(i);
      // No keyword holds a character past ASCII: the match starts over after one.
      state = c < 128 ? (delta[state * 128 + c] as number) : 0;
      const from = outStart[state] as number;
      const to = outStart[state + 1] as number;
      if (from === to) continue;
      found ??= new Uint8Array(keywords.length);
      for (let j = from; j < to; j += 1) found[outList[j] as number] = 1;
    }
    const present: number[] = [];
    if (found) for (let k = 0; k < found.length; k += 1) if (found[k] === 1) present.push(k);
    return present;
  };
}

/** The keywords' trie (state 0 is the root), each state's failure link and the keywords that end there. */
function trieOf(keywords: readonly string[]): {
  next: Array<Map<number, number>>;
  fail: number[];
  own: number[][];
} {
  const next: Array<Map<number, number>> = [new Map<number, number>()];
  const own: number[][] = [[]];
  for (const [k, keyword] of keywords.entries()) {
    if (
      keyword.length === 0 ||
      [...keyword].some((ch) => ch.charCodeAt(0) >= 128) ||
      keyword !== keyword.toLowerCase()
    )
      throw new Error(`keyword ${JSON.stringify(keyword)} is not lower-case ASCII`);
    let state = 0;
    for (let i = 0; i < keyword.length; i += 1) {
      const c = keyword.charCodeAt(i);
      let child = (next[state] as Map<number, number>).get(c);
      if (child === undefined) {
        child = next.push(new Map<number, number>()) - 1;
        own.push([]);
        (next[state] as Map<number, number>).set(c, child);
      }
      state = child;
    }
    (own[state] as number[]).push(k);
  }
  const fail = new Array<number>(next.length).fill(0);
  for (const state of breadthFirst(next)) {
    for (const [c, child] of next[state] as Map<number, number>) {
      if (state === 0) continue;
      let f = fail[state] as number;
      while (f !== 0 && !(next[f] as Map<number, number>).has(c)) f = fail[f] as number;
      fail[child] = (next[f] as Map<number, number>).get(c) ?? 0;
    }
  }
  return { next, fail, own };
}

/** The trie's states in breadth-first order (a state's failure link is always shallower, so comes first). */
function breadthFirst(next: ReadonlyArray<Map<number, number>>): number[] {
  const order = [0];
  for (let i = 0; i < order.length; i += 1)
    order.push(...(next[order[i] as number] as Map<number, number>).values());
  return order;
}
