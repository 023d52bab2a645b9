import { describe, expect, it } from 'vitest';
import { TINY_LLAMA } from '../../../tests/inference/fixture-models.js';
import { readFileSync } from 'node:fs';
import { createCodeTokenizer, loadCodeTokenizer } from './tokenizer.js';
import { concatBytes, decodeUtf8Prefix } from './token-bytes.js';

const tokenizer = loadCodeTokenizer(TINY_LLAMA);

const TRICKY = [
  'def f(x):\r\n\treturn x  # trailing  \r\n',
  '\t\tif (a !== b && c >= d) { y , z }\n',
  'const s = `template ${literal}`; // héllo wörld, 世界, Ελληνικά',
  'emoji 🎉👩‍💻 and ZWJ, combining é, NBSP\u00a0here',
  '    \n\n   \t \n',
];

describe('the code tokenizer', () => {
  it.each(TRICKY)('round-trips %j exactly', (text) => {
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('decodes through token bytes the same as the library decoder would', () => {
    const ids = tokenizer.encode(TRICKY.join(''));
    const bytes = concatBytes(ids.map((id) => tokenizer.tokenBytes?.[id] ?? new Uint8Array(0)));
    expect(new TextDecoder().decode(bytes)).toBe(TRICKY.join(''));
  });

  it('turns control-token strings in user text into nothing, so they cannot be injected', () => {
    const text = 'a <fim_prefix>b<|endoftext|> c <fim_<fim_pad>suffix>';
    expect(tokenizer.stripSpecialTokens(text)).toBe('a b c ');
    const ids = tokenizer.encode(tokenizer.stripSpecialTokens(text));
    expect(ids.some((id) => tokenizer.specialIds.has(id))).toBe(false);
  });

  it('knows the code4me control tokens by id', () => {
    expect(
      ['<|endoftext|>', '<fim_prefix>', '<fim_middle>', '<fim_suffix>', '<fim_pad>'].map((t) =>
        tokenizer.tokenId(t),
      ),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(tokenizer.eosId).toBe(0);
    expect(tokenizer.tokenBytes?.[0]).toHaveLength(0);
  });

  it('treats marker-shaped added tokens as control tokens even when not marked special (DeepSeek-Coder)', () => {
    const json = JSON.parse(readFileSync(`${TINY_LLAMA}/tokenizer.json`, 'utf8')) as {
      added_tokens: { id: number; content: string; special: boolean }[];
      model: { vocab: Record<string, number> };
    };
    json.added_tokens.push({ id: 499, content: '<｜fim▁hole｜>', special: false });
    json.model.vocab['<｜fim▁hole｜>'] = 499;
    const deepseekLike = createCodeTokenizer(json, {});
    expect(deepseekLike.specialIds.has(499)).toBe(true);
    expect(deepseekLike.stripSpecialTokens('a<｜fim▁hole｜>b')).toBe('ab');
    expect(deepseekLike.tokenBytes?.[499]).toHaveLength(0);
  });

  it('leaves a character cut in half by the last token out of the decoded text', () => {
    const bytes = new TextEncoder().encode('ok 🎉');
    expect(decodeUtf8Prefix(bytes.subarray(0, bytes.length - 1))).toBe('ok ');
    expect(decodeUtf8Prefix(bytes)).toBe('ok 🎉');
  });
});
