// Stop strings: the request's own plus the registry's (the Python server stopped at a blank line, "\n\n").
// The completion ends just before the earliest occurrence of any of them.

export function mergeStops(...lists: ReadonlyArray<readonly string[]>): string[] {
  return [...new Set(lists.flat().filter((s) => s.length > 0))];
}

/** Index of the earliest stop string in `text`, or -1. */
export function findStop(text: string, stops: readonly string[]): number {
  let earliest = -1;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && (earliest < 0 || at < earliest)) earliest = at;
  }
  return earliest;
}

export function truncateAtStop(text: string, stops: readonly string[]): { text: string; stopped: boolean } {
  const at = findStop(text, stops);
  return at < 0 ? { text, stopped: false } : { text: text.slice(0, at), stopped: true };
}
