// The Code4Me paper's line-completion metrics: exact match and edit similarity (1 - Levenshtein / max length),
// both on stripped strings.
export function exactMatch(prediction: string, truth: string): boolean {
  return prediction.trim() === truth.trim();
}

export function editSimilarity(prediction: string, truth: string): number {
  const a = prediction.trim();
  const b = truth.trim();
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  return 1 - levenshtein(a, b) / longest;
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
