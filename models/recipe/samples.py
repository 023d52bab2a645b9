# Greedy completions of hand-written prompts (for the model card): left-to-right with token healing, and FIM.
# Usage: samples.py <ckpt.pt> [--multi]
import sys

import torch

from generate import build_prompt, complete, encode_many, load, token_bytes

L2R = [
    "const path = require('path');\nconst fs = require(",
    "function add(a, b) {\n  return ",
    "interface User {\n  id: number;\n  name: string;\n}\n\nfunction getUserName(user: User): string {\n  return user.",
    "for (let i = 0; i < arr.length; i++) {\n    if (arr[i] === target) {\n      return ",
    "import React, { useState } from 'react';\n\nexport function Toggle() {\n  const [on, setOn] = ",
    "class Stack:\n    def __init__(self):\n        self.items = []\n\n    def push(self, item):\n        self.items.",
    "def read_lines(path):\n    with open(path) as f:\n        return ",
    "import os\nimport sys\n\n\ndef main():\n    args = sys.",
    "app.get('/users/:id', async (req, res) => {\n  const user = await db.findUser(req.params.",
    "export async function fetchJson(url: string) {\n  const res = await fetch(url);\n  if (!res.ok) throw new Error(",
]
FIM = [
    ("function add(a, b) {\n  return ", "\n}\n"),
    ("def area(r):\n    return ", " * r * r\n"),
    ("const items = [1, 2, 3];\nconst doubled = items.map(", ");\nconsole.log(doubled);\n"),
]


def main():
    torch.set_num_threads(2)
    model, _ = load(sys.argv[1])
    tok = 'work/tokenizer'
    tb = token_bytes(tok)
    budget = model.c.max_position_embeddings - 48
    enc = encode_many(tok, L2R + [p for p, _ in FIM] + [s for _, s in FIM])
    for i, p in enumerate(L2R):
        ids, rest = build_prompt(enc[i], [], tb, 'l2r+heal', budget)
        print(f"l2r+heal  {p[-45:]!r:50} => {complete(model, ids, tb, rest)!r}")
    for j, (p, s) in enumerate(FIM):
        ids, rest = build_prompt(enc[len(L2R) + j], enc[len(L2R) + len(FIM) + j], tb, 'fim+heal', budget)
        print(f"fim+heal  {p[-30:]!r} / {s[:20]!r} => {complete(model, ids, tb, rest)!r}")


if __name__ == '__main__':
    main()
