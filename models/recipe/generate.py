# Python-side completion for judging checkpoints: prompt building (left-to-right or FIM), token healing, greedy
# decoding with the KV cache, stop at newline. Mirrors what the engine is expected to do.
import json, subprocess

import torch

from model import Cfg, Llama

EOT, PRE, MID, SUF, PAD = 0, 1, 2, 3, 4


def load(ckpt_path):
    state = torch.load(ckpt_path, map_location='cpu')
    model = Llama(Cfg(**state['cfg'])).eval()
    model.load_state_dict(state['model'])
    return model, state


def encode_many(tok_dir, texts):
    res = subprocess.run(['node', 'tokenize.mjs', tok_dir], input=json.dumps(texts).encode(), capture_output=True,
                         check=True)
    return json.loads(res.stdout)


def token_bytes(tok_dir):
    """Bytes of every token: inverse of GPT-2's byte->unicode map; specials map to b'' (never shown)."""
    vocab = json.load(open(f'{tok_dir}/tokenizer.json'))['model']['vocab']
    bs = [b for b in range(256) if 33 <= b <= 126 or 161 <= b <= 172 or b >= 174]
    inv, n = {}, 0
    for b in range(256):
        inv[chr(b) if b in bs else chr(256 + n)] = b
        n += b not in bs
    out = [b''] * len(vocab)
    for s, i in vocab.items():
        out[i] = b'' if i < 5 else bytes(inv[ch] for ch in s)
    return out


@torch.no_grad()
def looping(gen, max_n=8, times=3):
    """Length of the repeated unit if the generated ids end in `times` copies of the same n-gram, else 0."""
    for n in range(1, max_n + 1):
        if len(gen) >= n * times and all(gen[-n * k - n:len(gen) - n * k] == gen[-n:] for k in range(1, times)):
            return n
    return 0


def complete(model, ids, tb, rest=b'', max_new=48, single_line=True, stop_loops=True, min_prob=0.0):
    """Greedy completion of prompt ids; the first tokens must reproduce `rest` (token healing), which is then
    removed from the returned text."""
    ctx = model.c.max_position_embeddings
    ids = ids[-(ctx - max_new):] or [EOT]  # empty prompt (cursor at file start): start from <|endoftext|>
    x = torch.tensor([ids])
    logits, past = model(x)
    pos, out, gen = len(ids), b'', []
    allowed_ok = [i for i in range(len(tb)) if tb[i]]
    for _ in range(max_new):
        row = logits[0, -1].clone()
        if rest:
            ok = [i for i in allowed_ok if tb[i].startswith(rest) or rest.startswith(tb[i])]
            mask = torch.full_like(row, float('-inf'))
            mask[ok] = 0
            row += mask
        nxt = int(row.argmax())
        if nxt < 5:
            break
        # Confidence stop: once the healed text is reproduced, end where the model becomes unsure; a shorter,
        # likelier completion beats a long guess on edit similarity.
        if min_prob and not rest and gen and float(torch.softmax(row.float(), -1)[nxt]) < min_prob:
            break
        b = tb[nxt]
        if rest:
            cut = min(len(rest), len(b))
            rest, b = rest[cut:], b[cut:]
        out += b
        gen.append(nxt)
        n = looping(gen) if stop_loops else 0
        if n:  # degenerate repetition: keep one copy of the repeated unit and stop
            out = out[:max(0, len(out) - sum(len(tb[t]) for t in gen[-2 * n:]))]
            break
        if single_line and b'\n' in out:
            out = out[:out.index(b'\n')]
            break
        if pos >= ctx:
            break
        allowed = torch.ones(1, 1, 1, pos + 1, dtype=torch.bool)
        logits, past = model(torch.tensor([[nxt]]), torch.tensor([[pos]]), allowed, past)
        pos += 1
    return out.decode('utf-8', errors='replace')


def heal_split(ids, tb):
    """Token healing: drop the prompt's last token (the cursor often cuts a token) and return its bytes."""
    return (ids[:-1], tb[ids[-1]]) if ids and ids[-1] >= 5 else (ids, b'')


def build_prompt(prefix_ids, suffix_ids, tb, mode, budget):
    """mode: 'l2r', 'l2r+heal', 'fim', 'fim+heal'. Returns (ids, rest)."""
    rest = b''
    if mode.endswith('+heal'):
        prefix_ids, rest = heal_split(prefix_ids, tb)
    if mode.startswith('l2r'):
        return prefix_ids[-budget:], rest
    suffix_ids = suffix_ids[:budget // 4]
    prefix_ids = prefix_ids[-(budget - len(suffix_ids) - 3):]
    return [PRE] + prefix_ids + [SUF] + suffix_ids + [MID], rest
