// A function's answers kept per argument, for pure functions called again and again with few distinct arguments
// (a client's credential digest, a route's rate-limit group, a peer's trust). Past `max` arguments every answer is
// forgotten at once, so a flood of distinct arguments (forged addresses, random tokens) costs no memory.
/** How many arguments a memo keeps unless told otherwise. */
export const MEMO_ARGUMENTS = 4096;

export function boundedMemo<R>(fn: (arg: string) => R, max = MEMO_ARGUMENTS): (arg: string) => R {
  const known = new Map<string, R>();
  return (arg) => {
    let answer = known.get(arg);
    if (answer === undefined && !known.has(arg)) {
      answer = fn(arg);
      if (known.size >= max) known.clear();
      known.set(arg, answer);
    }
    return answer as R;
  };
}
