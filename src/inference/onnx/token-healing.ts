// Token healing: the cursor often falls inside what the model would write as one token (`pri|` of `print`).
// We drop the prompt's last token and make generation start by re-producing its bytes, so the model picks
// the natural token across the boundary; the re-produced bytes are then cut from the output.

export interface HealedPrompt {
  ids: number[];
  /** Bytes of the dropped token that the generated tokens must begin with; empty when nothing was healed. */
  residual: Uint8Array;
}

export function healPrompt(
  ids: readonly number[],
  tokenBytes: ReadonlyArray<Uint8Array> | null,
  specialIds: ReadonlySet<number>,
): HealedPrompt {
  const last = ids[ids.length - 1];
  const bytes = last === undefined ? undefined : tokenBytes?.[last];
  // Keep at least one token of prompt, and never heal across a control token (a FIM marker, BOS).
  if (last === undefined || ids.length < 2 || !bytes || bytes.length === 0 || specialIds.has(last)) {
    return { ids: [...ids], residual: new Uint8Array(0) };
  }
  return { ids: ids.slice(0, -1), residual: bytes };
}

/**
 * Tokens that agree with the residual: those that start with it (consuming it) and those that are a prefix of
 * it (consuming part of it). Computed once per residual; vocabularies are at most some 100k tokens.
 */
export function tokensMatchingResidual(
  residual: Uint8Array,
  tokenBytes: ReadonlyArray<Uint8Array>,
): Set<number> {
  const allowed = new Set<number>();
  tokenBytes.forEach((bytes, id) => {
    if (bytes.length === 0) return;
    const n = Math.min(bytes.length, residual.length);
    for (let i = 0; i < n; i++) if (bytes[i] !== residual[i]) return;
    allowed.add(id);
  });
  return allowed;
}

/** The residual left after a token was generated. */
export function consumeResidual(residual: Uint8Array, token: Uint8Array): Uint8Array {
  return residual.subarray(Math.min(token.length, residual.length));
}
