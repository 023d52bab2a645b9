// Tokenizes for the Python side (which has no HF tokenizers): reads a JSON array of strings on stdin, writes a
// JSON array of id arrays, using exactly the runtime library. Usage: node tokenize.mjs <tokenizerDir> < in.json
import fs from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';

const dir = process.argv[2];
const tok = new Tokenizer(
  JSON.parse(fs.readFileSync(`${dir}/tokenizer.json`, 'utf8')),
  JSON.parse(fs.readFileSync(`${dir}/tokenizer_config.json`, 'utf8')),
);
const texts = JSON.parse(fs.readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(texts.map((t) => tok.encode(t, { add_special_tokens: false }).ids)));
