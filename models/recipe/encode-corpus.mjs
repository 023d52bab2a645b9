// Turns a corpus jsonl into a uint16 token stream for training: documents are cut into ~chunkChars pieces at line
// ends; each piece becomes a FIM example (StarCoder PSM) with probability fimRate, the rest stay left-to-right.
// Usage: node encode-corpus.mjs <tokenizerDir> <in.jsonl> <out.bin> [fimRate=0.15] [seed=0] [chunkChars=700]
import fs from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';

const [dir, inFile, outFile, fimArg = '0.15', seedArg = '0', chunkArg = '700'] = process.argv.slice(2);
const FIM_RATE = Number(fimArg);
const CHUNK = Number(chunkArg);
const [EOT, PRE, MID, SUF] = [0, 1, 2, 3];
const SPECIAL_TEXT = /<\|endoftext\|>|<fim_(prefix|middle|suffix|pad)>/;

const tok = new Tokenizer(
  JSON.parse(fs.readFileSync(`${dir}/tokenizer.json`, 'utf8')),
  JSON.parse(fs.readFileSync(`${dir}/tokenizer_config.json`, 'utf8')),
);
const enc = (s) => (s ? tok.encode(s, { add_special_tokens: false }).ids : []);

let state = Number(seedArg) * 2654435761 + 1;
function rand() {
  // Mulberry32, same generator as the platform's eval, so runs are reproducible.
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function chunks(text) {
  const out = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK);
    const nl = text.indexOf('\n', end);
    end = end === text.length || nl < 0 || nl - end > 200 ? Math.min(text.length, end) : nl + 1;
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

// Mostly IDE-like splits (cursor to end of line, sometimes a few more lines), since that is how the platform asks;
// the rest StarCoder-like (two uniform points).
function fimSplit(c) {
  let a;
  let b;
  if (rand() < 0.7) {
    a = Math.floor(rand() * c.length);
    b = a;
    const extra = rand() < 0.7 ? 0 : 1 + Math.floor(rand() * 3);
    for (let i = 0; i <= extra; i++) {
      const nl = c.indexOf('\n', b + (i > 0 ? 1 : 0));
      b = nl < 0 ? c.length : nl;
    }
  } else {
    [a, b] = [Math.floor(rand() * (c.length + 1)), Math.floor(rand() * (c.length + 1))].sort((x, y) => x - y);
  }
  return [c.slice(0, a), c.slice(a, b), c.slice(b)];
}

const out = [];
let docs = 0;
for (const line of fs.readFileSync(inFile, 'utf8').split('\n')) {
  if (!line) continue;
  const { text } = JSON.parse(line);
  if (SPECIAL_TEXT.test(text)) continue; // would be encoded as control tokens
  docs++;
  let plain = '';
  for (const c of chunks(text)) {
    if (rand() >= FIM_RATE) {
      plain += c; // consecutive plain chunks are encoded together: no artificial token boundaries
      continue;
    }
    out.push(...enc(plain));
    plain = '';
    const [p, m, s] = fimSplit(c);
    out.push(PRE, ...enc(p), SUF, ...enc(s), MID, ...enc(m), EOT);
  }
  out.push(...enc(plain), EOT);
}
fs.writeFileSync(outFile, Buffer.from(new Uint16Array(out).buffer));
console.log(`${inFile}: ${docs} docs -> ${out.length} tokens`);
