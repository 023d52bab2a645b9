// Chooses the response's Content-Encoding from the request's Accept-Encoding (RFC 9110 §12.5.3): the highest
// q among br and gzip, br on a tie; none when the client names neither (nor `*`) or refuses them with q=0.
export type ContentCoding = 'br' | 'gzip';

const PREFERENCE: readonly ContentCoding[] = ['br', 'gzip'];

export function negotiateContentCoding(acceptEncoding: string | null | undefined): ContentCoding | undefined {
  if (acceptEncoding === null || acceptEncoding === undefined) return undefined;
  const weights = parseAcceptEncoding(acceptEncoding);
  const wildcard = weights.get('*');
  let best: ContentCoding | undefined;
  let bestQ = 0;
  for (const coding of PREFERENCE) {
    const q = weights.get(coding) ?? (coding === 'gzip' ? weights.get('x-gzip') : undefined) ?? wildcard ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/** coding (lower case) → q; a malformed q counts as 0 (not acceptable). */
function parseAcceptEncoding(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (name === undefined || name === '') continue;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*(.*)$/i.exec(param);
      if (match) q = qValue(match[1]!);
    }
    weights.set(name.toLowerCase(), q);
  }
  return weights;
}

function qValue(text: string): number {
  const q = Number(text);
  return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0;
}
