// The model's tokenizer: @huggingface/tokenizers loaded from tokenizer.json, with decoding that never rewrites
// code (clean_up_tokenization_spaces off), removal of control-token strings from user text, and token bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { concatBytes, decodeUtf8Prefix, tokenByteStrings } from './token-bytes.js';

export interface CodeTokenizer {
  /** Encodes text exactly as given, adding no BOS/EOS. User text must go through `stripSpecialTokens` first. */
  encode(text: string): number[];
  /** Text of the ids; control tokens decode to nothing. */
  decode(ids: readonly number[]): string;
  /** Removes every control-token string, so text typed by a user can never inject a control token. */
  stripSpecialTokens(text: string): string;
  /** Id of a token given by its exact text, if the vocabulary has it. */
  tokenId(token: string): number | undefined;
  /** Control tokens (EOS, FIM markers, file separators): generating one ends a completion. */
  readonly specialIds: ReadonlySet<number>;
  readonly bosId: number | undefined;
  /** Whether the model expects a BOS token at the start of every prompt (tokenizer_config `add_bos_token`). */
  readonly addBos: boolean;
  readonly eosId: number | undefined;
  /** Per id, the bytes the token stands for; null when the vocabulary's byte mapping is unknown (no healing). */
  readonly tokenBytes: Uint8Array[] | null;
}

/** The part of the library's Tokenizer we use. Its bundled typings do not resolve under NodeNext (extensionless
 * relative imports), so the class is typed here rather than left as `any`. */
interface HfTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
  token_to_id(token: string): number | undefined;
}
const HfTokenizerClass = Tokenizer as unknown as new (json: object, config: object) => HfTokenizer;

interface TokenizerJson {
  added_tokens?: { id: number; content: string; special?: boolean }[];
  decoder?: unknown;
  model: { vocab?: Record<string, number> | [string, number][] };
}

export function loadCodeTokenizer(dir: string): CodeTokenizer {
  const json = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as TokenizerJson;
  let config: Record<string, unknown> = {};
  try {
    config = JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    // tokenizer_config.json is optional; the defaults below apply.
  }
  return createCodeTokenizer(json, config);
}

export function createCodeTokenizer(json: TokenizerJson, config: Record<string, unknown>): CodeTokenizer {
  // Cleanup would turn `a !== b` into `a!== b` on decode (first-try pitfall 4).
  const tokenizer = new HfTokenizerClass(json, { ...config, clean_up_tokenization_spaces: false });
  // Control tokens: those marked special, and marker-shaped added tokens that some vocabularies leave unmarked
  // (DeepSeek-Coder's <｜fim▁hole｜>). Users cannot type them and generating one ends a completion.
  const added = (json.added_tokens ?? []).map((a) => ({
    id: a.id,
    content: a.content,
    special: a.special === true || /^<.+>$/su.test(a.content),
  }));
  const control = added.filter((a) => a.special);
  const specialIds = new Set(control.map((a) => a.id));
  const tokenBytes = tokenByteStrings({ tokens: vocabularyById(json), added, decoder: json.decoder });
  const strip = stripper(control.map((a) => a.content));
  const tokenOf = (key: string): number | undefined => {
    const value = config[key];
    const text = typeof value === 'string' ? value : (value as { content?: string } | undefined)?.content;
    return text === undefined ? undefined : tokenizer.token_to_id(text);
  };
  return {
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids,
    decode: (ids) =>
      tokenBytes
        ? decodeUtf8Prefix(concatBytes(ids.map((id) => tokenBytes[id] ?? new Uint8Array(0))))
        : tokenizer.decode([...ids], { skip_special_tokens: true }),
    stripSpecialTokens: strip,
    tokenId: (token) => tokenizer.token_to_id(token),
    specialIds,
    bosId: tokenOf('bos_token'),
    addBos: config.add_bos_token === true,
    eosId: tokenOf('eos_token'),
    tokenBytes,
  };
}

function vocabularyById(json: TokenizerJson): (string | undefined)[] {
  const vocab = json.model.vocab ?? {};
  const entries: [string, number][] = Array.isArray(vocab)
    ? vocab.map(([t], i) => [t, i])
    : Object.entries(vocab);
  const tokens: (string | undefined)[] = [];
  for (const [token, id] of entries) tokens[id] = token;
  for (const a of json.added_tokens ?? []) tokens[a.id] ??= a.content;
  return tokens;
}

function stripper(strings: string[]): (text: string) => string {
  if (strings.length === 0) return (text) => text;
  const escaped = [...strings]
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(escaped.join('|'), 'gu');
  // Removing one marker can join two halves into another (`<fim_<fim_pad>prefix>`), so repeat until stable.
  return (text) => {
    let previous: string;
    do {
      previous = text;
      text = text.replace(pattern, '');
    } while (text !== previous);
    return text;
  };
}
