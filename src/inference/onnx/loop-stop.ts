// Stops a small model that starts repeating itself ("S_S_S_S_"): when the generated tokens end in the same unit
// of 1-8 tokens three times (four for a single token, since `)))` is ordinary code), one copy is kept.

const MAX_UNIT = 8;

/** How many trailing tokens to drop because they repeat the unit before them; 0 when there is no loop. */
export function repeatedTailLength(tokens: readonly number[]): number {
  for (let unit = 1; unit <= MAX_UNIT; unit++) {
    const copies = unit === 1 ? 4 : 3;
    if (tokens.length < unit * copies) continue;
    if (endsWithCopies(tokens, unit, copies)) return unit * (copies - 1);
  }
  return 0;
}

function endsWithCopies(tokens: readonly number[], unit: number, copies: number): boolean {
  const end = tokens.length;
  for (let c = 1; c < copies; c++) {
    for (let i = 0; i < unit; i++) {
      if (tokens[end - 1 - i] !== tokens[end - 1 - i - c * unit]) return false;
    }
  }
  return true;
}
