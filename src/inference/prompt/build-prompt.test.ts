import { describe, expect, it } from 'vitest';
import { buildPrompt, type PromptInput } from './build-prompt.js';
import type { PromptTokenizer } from './prompt-tokenizer.js';

const MARKERS = [
  '<|endoftext|>',
  '<fim_prefix>',
  '<fim_middle>',
  '<fim_suffix>',
  '<fim_pad>',
  '<file_sep>',
  '<filename>',
  '<｜fim▁begin｜>',
  '<｜fim▁hole｜>',
  '<｜fim▁end｜>',
  '<｜begin▁of▁sentence｜>',
  '<fim-prefix>',
  '<fim-suffix>',
  '<fim-middle>',
];

/** One token per character (id = code point + 1000) plus the markers as control tokens: easy to count and read. */
function charTokenizer(options: { bos?: string; without?: string[] } = {}): PromptTokenizer {
  const markers = MARKERS.filter((m) => !options.without?.includes(m));
  const strip = (text: string): string => markers.reduce((t, m) => t.split(m).join(''), text);
  return {
    encode: (text) => [...text].map((c) => (c.codePointAt(0) ?? 0) + 1000),
    decode: (ids) => ids.map(show1).join(''),
    stripSpecialTokens: strip,
    tokenId: (token) => (markers.includes(token) ? MARKERS.indexOf(token) : undefined),
    bosId: options.bos === undefined ? undefined : MARKERS.indexOf(options.bos),
    addBos: options.bos !== undefined,
  };
}

const show1 = (id: number): string => (id < 1000 ? (MARKERS[id] ?? '?') : String.fromCodePoint(id - 1000));
const show = (ids: number[]): string => ids.map(show1).join('');

const input: PromptInput = {
  prefix: 'def add(a, b):\n    return ',
  suffix: '\n\nprint(add(1, 2))\n',
  fileName: 'src/math.py',
  contextFiles: [{ path: 'src/util.py', text: 'X = 1' }],
};
const roomy = { budget: 1000 };

describe('prompt building', () => {
  it('lays out DeepSeek-Coder FIM with the context files as #path blocks first', () => {
    const p = buildPrompt('deepseek-coder', input, charTokenizer({ bos: '<｜begin▁of▁sentence｜>' }), roomy);
    expect(show(p.ids)).toBe(
      '<｜begin▁of▁sentence｜>#src/util.py\nX = 1\n#src/math.py\n<｜fim▁begin｜>def add(a, b):\n    return <｜fim▁hole｜>\n\nprint(add(1, 2))\n<｜fim▁end｜>',
    );
    expect(p.ids.filter((id) => id < 1000)).toEqual([10, 7, 8, 9]);
    expect(p.healable).toBe(false);
  });

  it('lays out StarCoder2 repo-level FIM with <file_sep> per file', () => {
    const p = buildPrompt('starcoder2', input, charTokenizer(), roomy);
    expect(show(p.ids)).toBe(
      '<file_sep>src/util.py\nX = 1\n<file_sep><fim_prefix>src/math.py\ndef add(a, b):\n    return <fim_suffix>\n\nprint(add(1, 2))\n<fim_middle>',
    );
  });

  it('lays out SantaCoder and CodeLlama FIM with context inside the prefix', () => {
    const santa = buildPrompt('santacoder', { ...input, contextFiles: [] }, charTokenizer(), roomy);
    expect(show(santa.ids)).toBe(
      '<fim-prefix>def add(a, b):\n    return <fim-suffix>\n\nprint(add(1, 2))\n<fim-middle>',
    );
    const llama = buildPrompt('codellama', { ...input, contextFiles: [] }, charTokenizer(), roomy);
    // The vocabulary here has no <PRE>/<SUF>/<MID>, so they are spelled out as text.
    expect(show(llama.ids)).toBe('<PRE> def add(a, b):\n    return  <SUF>\n\nprint(add(1, 2))\n <MID>');
  });

  it('lays out Mellum suffix-first FIM with <filename> blocks', () => {
    const p = buildPrompt('mellum', input, charTokenizer(), roomy);
    expect(show(p.ids)).toBe(
      '<filename>src/util.py\nX = 1\n<filename>src/math.py\n<fim_suffix>\n\nprint(add(1, 2))\n<fim_prefix>def add(a, b):\n    return <fim_middle>',
    );
  });

  it('prompts our own model left to right by default, healable, suffix ignored', () => {
    const p = buildPrompt('code4me', input, charTokenizer(), roomy);
    expect(show(p.ids)).toBe(input.prefix);
    expect(p.healable).toBe(true);
  });

  it('prompts our own model with its FIM ids when the registry asks for FIM', () => {
    const p = buildPrompt('code4me', input, charTokenizer(), { ...roomy, mode: 'fim' });
    expect(p.ids.filter((id) => id < 1000)).toEqual([1, 3, 2]);
    expect(show(p.ids)).toBe(
      '<fim_prefix>def add(a, b):\n    return <fim_suffix>\n\nprint(add(1, 2))\n<fim_middle>',
    );
  });

  it('strips control-token strings from user text so only template markers are control tokens', () => {
    const sneaky = { ...input, prefix: 'x = "<fim_middle>"\n', suffix: '<|endoftext|>', contextFiles: [] };
    const p = buildPrompt('starcoder2', sneaky, charTokenizer(), roomy);
    expect(p.ids.filter((id) => id < 1000)).toEqual([5, 1, 3, 2]);
    expect(show(p.ids)).toContain('x = ""\n');
  });
});

describe('prompt truncation', () => {
  const lines = (n: number, tag: string): string =>
    Array.from({ length: n }, (_, i) => `${tag}${String(i).padStart(2, '0')}\n`).join('');
  const long: PromptInput = {
    prefix: `${lines(50, 'p')}tail`,
    suffix: lines(50, 's'),
    fileName: 'a.py',
    contextFiles: [],
  };

  it('fits FIM prompts in the token budget, dropping old prefix lines and late suffix lines but no marker', () => {
    const p = buildPrompt('starcoder2', long, charTokenizer(), { budget: 100 });
    const text = show(p.ids);
    expect(p.ids.length).toBeLessThanOrEqual(100);
    expect(p.truncated).toBe(true);
    expect(text.startsWith('<file_sep><fim_prefix>a.py\np')).toBe(true);
    expect(text).toContain('p49\ntail<fim_suffix>s00\ns01\n');
    expect(text.endsWith('\n<fim_middle>')).toBe(true);
    // Whole lines only at both cut edges.
    expect(text).toMatch(/<fim_prefix>a\.py\np\d\d\n/);
    expect(text).toMatch(/s\d\d\n<fim_middle>$/);
  });

  it('gives the suffix at most a quarter of the room and the prefix the rest', () => {
    const p = buildPrompt('code4me', long, charTokenizer(), { budget: 203, mode: 'fim' });
    const text = show(p.ids);
    const suffix = text.slice(text.indexOf('<fim_suffix>') + 12, text.indexOf('<fim_middle>'));
    expect(suffix.length).toBeLessThanOrEqual(50);
    expect(suffix.length).toBeGreaterThan(40);
    expect(p.ids.length).toBeGreaterThan(190);
  });

  it('keeps the end of the prefix for left-to-right prompts', () => {
    const p = buildPrompt('code4me', long, charTokenizer(), { budget: 30 });
    expect(show(p.ids)).toBe('p44\np45\np46\np47\np48\np49\ntail');
  });

  it('cuts a single line longer than the budget by tokens', () => {
    const p = buildPrompt('code4me', { ...long, prefix: 'x'.repeat(500) }, charTokenizer(), { budget: 30 });
    expect(p.ids).toHaveLength(30);
  });

  it('leaves out context files that no longer fit', () => {
    const files = [
      { path: 'big.py', text: 'b'.repeat(500) },
      { path: 'small.py', text: 'tiny' },
    ];
    const p = buildPrompt('deepseek-coder', { ...input, contextFiles: files }, charTokenizer(), {
      budget: 120,
    });
    const text = show(p.ids);
    expect(text).not.toContain('big.py');
    expect(text.startsWith('#small.py\ntiny\n#src/math.py\n')).toBe(true);
    expect(p.ids.length).toBeLessThanOrEqual(120);
  });
});
