# Writes ref.json: PyTorch reference logits for a fixed prompt (first step with empty past, then one cached step),
# for golden tests of the ONNX files. Usage: make_ref.py <ckpt.pt> <modeldir>
import json, sys

import torch

from generate import encode_many, load

PROMPT = "import fs from 'node:fs';\n\nexport function readJson(path) {\n  const text = fs.readFileSync(path, '"


@torch.no_grad()
def main():
    ckpt, out = sys.argv[1], sys.argv[2]
    model, _ = load(ckpt)
    ids = encode_many(out, [PROMPT])[0]
    logits, past = model(torch.tensor([ids]))
    first = logits[0, -1]
    nxt = int(first.argmax())
    allowed = torch.ones(1, 1, 1, len(ids) + 1, dtype=torch.bool)
    logits2, _ = model(torch.tensor([[nxt]]), torch.tensor([[len(ids)]]), allowed, past)
    second = logits2[0, -1]
    ref = {'prompt': PROMPT, 'input_ids': ids, 'next_token': nxt,
           'logits_last': [round(float(v), 6) for v in first],
           'logits_cached_step': [round(float(v), 6) for v in second],
           'argmax_last': nxt, 'argmax_cached_step': int(second.argmax()),
           'tolerance': {'fp32': 1e-4, 'int8': 0.5}}
    json.dump(ref, open(f'{out}/ref.json', 'w'))
    print('ref.json: prompt tokens', len(ids), 'argmax', nxt, int(second.argmax()))


if __name__ == '__main__':
    main()
