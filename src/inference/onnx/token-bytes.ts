// The raw bytes each token stands for, which token healing compares and the engine decodes output from.
// Byte-level BPE (GPT-2, StarCoder, DeepSeek) and SentencePiece-style vocabularies (▁ and <0xNN>) are supported;
// any other tokenizer returns null and the engine decodes through the tokenizer without healing.

export interface VocabularyView {
  /** Token string by id, as stored in tokenizer.json's model vocabulary. */
  tokens: ReadonlyArray<string | undefined>;
  /** Ids of added tokens with their text and whether they are control tokens. */
  added: ReadonlyArray<{ id: number; content: string; special: boolean }>;
  /** tokenizer.json's `decoder` section, which tells how token strings map to text. */
  decoder: unknown;
}

type Scheme = 'byte-level' | 'sentencepiece';

const EMPTY = new Uint8Array(0);
const utf8 = new TextEncoder();
/** Shared: output is decoded after every generated token, and constructing a decoder is not free. */
const fromUtf8 = new TextDecoder();

/** Per id, the bytes the token decodes to; control tokens decode to nothing. */
export function tokenByteStrings(vocab: VocabularyView): Uint8Array[] | null {
  const scheme = decoderScheme(vocab.decoder);
  if (!scheme) return null;
  const unicodeToByte = byteLevelDecodeMap();
  const out = vocab.tokens.map((t) => (t === undefined ? EMPTY : tokenBytes(t, scheme, unicodeToByte)));
  for (const a of vocab.added) out[a.id] = a.special ? EMPTY : utf8.encode(a.content);
  for (let i = 0; i < out.length; i++) out[i] ??= EMPTY;
  return out;
}

function tokenBytes(token: string, scheme: Scheme, unicodeToByte: Map<string, number>): Uint8Array {
  if (scheme === 'sentencepiece') {
    const hex = /^<0x([0-9A-Fa-f]{2})>$/.exec(token);
    return hex?.[1] ? Uint8Array.of(parseInt(hex[1], 16)) : utf8.encode(token.replaceAll('▁', ' '));
  }
  const bytes: number[] = [];
  for (const ch of token) {
    const b = unicodeToByte.get(ch);
    // A character outside the byte map means a plain-text added token; keep its UTF-8 bytes.
    if (b === undefined) return utf8.encode(token);
    bytes.push(b);
  }
  return Uint8Array.from(bytes);
}

function decoderScheme(decoder: unknown): Scheme | null {
  const d = decoder as { type?: string; decoders?: unknown[]; pattern?: { String?: string } } | null;
  if (!d?.type) return null;
  if (d.type === 'ByteLevel') return 'byte-level';
  if (d.type === 'Metaspace' || d.type === 'ByteFallback') return 'sentencepiece';
  if (d.type === 'Replace' && d.pattern?.String === '▁') return 'sentencepiece';
  if (d.type === 'Sequence') {
    const schemes = (d.decoders ?? []).map(decoderScheme);
    return schemes.find((s) => s !== null) ?? null;
  }
  return null;
}

let cachedMap: Map<string, number> | undefined;

/** GPT-2's printable-unicode stand-in for each byte, inverted. */
function byteLevelDecodeMap(): Map<string, number> {
  if (cachedMap) return cachedMap;
  const printable = (b: number): boolean =>
    (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  const map = new Map<string, number>();
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    map.set(String.fromCodePoint(printable(b) ? b : 256 + shifted++), b);
  }
  cachedMap = map;
  return map;
}

/** UTF-8 text of the bytes, leaving out an incomplete character at the end (a token may split one). */
export function decodeUtf8Prefix(bytes: Uint8Array): string {
  let end = bytes.length;
  // Walk back over at most 3 continuation bytes to the last lead byte and drop it if its character is cut.
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const b = bytes[i] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (bytes.length - i < need) end = i;
    break;
  }
  return fromUtf8.decode(bytes.subarray(0, end));
}

export function concatBytes(parts: ReadonlyArray<Uint8Array>): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
