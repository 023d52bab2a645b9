// Checks that the tokenizer round-trips code exactly (held-out files + a tricky string) and reports bytes/token.
// Usage: node check-tokenizer.mjs <tokenizerDir> <heldout.jsonl>
import fs from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';

const [dir, file] = process.argv.slice(2);
const tok = new Tokenizer(
  JSON.parse(fs.readFileSync(`${dir}/tokenizer.json`, 'utf8')),
  JSON.parse(fs.readFileSync(`${dir}/tokenizer_config.json`, 'utf8')),
);
const tricky = 'if (a !== b) {\r\n\treturn `${x} , y` ; // héllo 世界 🚀\n}\n    def f( self ) :\n';
const texts = [
  tricky,
  ...fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).text),
];
let ok = 0;
let bytes = 0;
let tokens = 0;
for (const t of texts) {
  const ids = tok.encode(t, { add_special_tokens: false }).ids;
  if (tok.decode(ids, { skip_special_tokens: false }) === t) ok++;
  else if (ok < 3) console.log('MISMATCH', JSON.stringify(t.slice(0, 80)));
  bytes += Buffer.byteLength(t);
  tokens += ids.length;
}
const specials = tok.encode('<fim_prefix>x<fim_suffix>', { add_special_tokens: false }).ids;
console.log(
  `round trip exact ${ok}/${texts.length}; bytes/token ${(bytes / tokens).toFixed(2)}; specials ${specials}`,
);
process.exit(ok === texts.length ? 0 : 1);
