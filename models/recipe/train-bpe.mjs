// Byte-level BPE trainer: pre-tokenizes with the runtime library's own ByteLevel pre-tokenizer (so training and
// inference split text identically) and writes a HF tokenizer.json + tokenizer_config.json.
// Usage: node train-bpe.mjs <train.jsonl> <outdir> [vocabSize=4096] [sampleMB=15]
import fs from 'node:fs';
import { ByteLevelPreTokenizer } from '@huggingface/tokenizers';

const [inFile, outDir, vocabArg = '4096', sampleArg = '15'] = process.argv.slice(2);
const VOCAB = Number(vocabArg);
const SPECIALS = ['<|endoftext|>', '<fim_prefix>', '<fim_middle>', '<fim_suffix>', '<fim_pad>'];

// GPT-2's byte->unicode table: printable bytes map to themselves, the rest to U+0100 onwards.
function byteSymbols() {
  const bs = [];
  for (let b = 0; b < 256; b++) if ((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174) bs.push(b);
  const map = new Array(256);
  let n = 0;
  for (let b = 0; b < 256; b++)
    map[b] = bs.includes(b) ? String.fromCharCode(b) : String.fromCharCode(256 + n++);
  return map;
}

function countWords(lines, budget) {
  const pre = new ByteLevelPreTokenizer({ add_prefix_space: false });
  const counts = new Map();
  const step = Math.max(1, Math.floor(lines.reduce((s, l) => s + l.length, 0) / budget));
  for (let i = 0; i < lines.length; i += step) {
    const { text } = JSON.parse(lines[i]);
    for (const w of pre.pre_tokenize_text(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}

function train(wordCounts, symbols, nMerges) {
  const ids = new Map(symbols.map((s, i) => [s, i]));
  const words = [...wordCounts].map(([w, c]) => ({ sym: [...w].map((ch) => ids.get(ch)), c }));
  const key = (a, b) => a * 65536 + b;
  const pairs = new Map();
  const where = new Map();
  const add = (wi, a, b, d) => {
    const k = key(a, b);
    pairs.set(k, (pairs.get(k) ?? 0) + d * words[wi].c);
    if (d > 0) (where.get(k) ?? where.set(k, new Set()).get(k)).add(wi);
  };
  words.forEach((w, wi) => w.sym.forEach((s, j) => j > 0 && add(wi, w.sym[j - 1], s, 1)));
  const merges = [];
  while (merges.length < nMerges) {
    let best = -1;
    let bestN = 0;
    for (const [k, n] of pairs) if (n > bestN || (n === bestN && k < best)) [best, bestN] = [k, n];
    if (bestN < 2) break;
    const a = Math.floor(best / 65536);
    const b = best % 65536;
    const id = symbols.length;
    symbols.push(symbols[a] + symbols[b]);
    merges.push(`${symbols[a]} ${symbols[b]}`);
    for (const wi of where.get(best) ?? []) {
      const s = words[wi].sym;
      for (let j = 1; j < s.length; j++) add(wi, s[j - 1], s[j], -1);
      const out = [];
      for (let j = 0; j < s.length; j++) {
        if (j + 1 < s.length && s[j] === a && s[j + 1] === b) (out.push(id), j++);
        else out.push(s[j]);
      }
      words[wi].sym = out;
      for (let j = 1; j < out.length; j++) add(wi, out[j - 1], out[j], 1);
    }
    pairs.delete(best);
    where.delete(best);
  }
  return merges;
}

const lines = fs.readFileSync(inFile, 'utf8').split('\n').filter(Boolean);
const counts = countWords(lines, Number(sampleArg) * 1e6);
const symbols = [...SPECIALS, ...byteSymbols()];
const t0 = Date.now();
const merges = train(counts, symbols, VOCAB - symbols.length);
const vocab = Object.fromEntries(symbols.map((s, i) => [s, i]));
const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: true };
const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: SPECIALS.map((content, id) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  })),
  normalizer: null,
  pre_tokenizer: byteLevel,
  post_processor: byteLevel,
  decoder: byteLevel,
  model: {
    type: 'BPE',
    dropout: null,
    unk_token: null,
    continuing_subword_prefix: null,
    end_of_word_suffix: null,
    fuse_unk: false,
    byte_fallback: false,
    ignore_merges: false,
    vocab,
    merges,
  },
};
// clean_up_tokenization_spaces must be false: the JS default rewrites code ("a !== b" -> "a!== b").
const config = {
  tokenizer_class: 'GPT2Tokenizer',
  bos_token: '<|endoftext|>',
  eos_token: '<|endoftext|>',
  unk_token: '<|endoftext|>',
  pad_token: '<fim_pad>',
  model_max_length: 256,
  add_prefix_space: false,
  clean_up_tokenization_spaces: false,
  additional_special_tokens: SPECIALS.slice(1),
};
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(`${outDir}/tokenizer.json`, JSON.stringify(tokenizer));
fs.writeFileSync(`${outDir}/tokenizer_config.json`, JSON.stringify(config, null, 2) + '\n');
console.log(`words=${counts.size} merges=${merges.length} vocab=${symbols.length} in ${Date.now() - t0} ms`);
