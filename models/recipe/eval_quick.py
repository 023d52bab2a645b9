# Quick rest-of-line eval on held-out files, same cut-point sampling and metrics as models/eval (Mulberry32 seed,
# cut between indentation and line end; EM and ES = 1 - levenshtein/max(len) on stripped strings).
# Usage: eval_quick.py <ckpt.pt> <heldout.jsonl> [--n 200] [--seed 42] [--modes l2r+heal,fim+heal] [--show 10]
import argparse, json, time

import torch

from generate import build_prompt, complete, encode_many, load, token_bytes

MAX_CONTEXT_CHARS = 4000
LOCALE_DIRS = ('/locale/', '/locales/', '/i18n/')


def mulberry32(seed):
    s = [seed & 0xFFFFFFFF]

    def rand():
        s[0] = (s[0] + 0x6D2B79F5) & 0xFFFFFFFF
        t = s[0]
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return rand


def sample_cut_points(files, count, seed):
    rand, cuts = mulberry32(seed), []
    for _ in range(count * 50):
        if len(cuts) >= count:
            break
        f = files[int(rand() * len(files))]
        lines = f['text'].split('\n')
        no = int(rand() * len(lines))
        line = lines[no]
        indent = len(line) - len(line.lstrip())
        if len(line.strip()) < 2:
            continue
        col = indent + int(rand() * (len(line) - indent))
        truth = line[col:]
        if not truth.strip():
            continue
        before = '\n'.join(lines[:no]) + ('\n' if no > 0 else '') + line[:col]
        after = '\n'.join(lines[no + 1:])
        cuts.append({'file': f['path'], 'lang': f['lang'], 'prefix': before[-MAX_CONTEXT_CHARS:],
                     'suffix': (('\n' + after) if after else '')[:MAX_CONTEXT_CHARS // 4], 'truth': truth})
    return cuts


def levenshtein(a, b):
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i]
        for j in range(1, len(b) + 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])))
        prev = cur
    return prev[len(b)]


def edit_similarity(p, t):
    a, b = p.strip(), t.strip()
    return 1.0 if max(len(a), len(b)) == 0 else 1 - levenshtein(a, b) / max(len(a), len(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('ckpt')
    ap.add_argument('heldout')
    ap.add_argument('--tok', default='work/tokenizer')
    ap.add_argument('--n', type=int, default=200)
    ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--modes', default='l2r,l2r+heal,fim+heal')
    ap.add_argument('--show', type=int, default=8)
    ap.add_argument('--no-loop-stop', action='store_true', help='measure without the repetition stop')
    ap.add_argument('--min-prob', type=float, default=0.0, help='confidence stop (see generate.complete)')
    a = ap.parse_args()
    torch.set_num_threads(2)
    model, state = load(a.ckpt)
    tb = token_bytes(a.tok)
    files = [json.loads(l) for l in open(a.heldout)]
    files = [f for f in files if not any(d in f['path'] for d in LOCALE_DIRS)]
    cuts = sample_cut_points(files, a.n, a.seed)
    enc = encode_many(a.tok, [c['prefix'] for c in cuts] + [c['suffix'] for c in cuts])
    budget = model.c.max_position_embeddings - 48
    print(f"ckpt step {state.get('step')} tokens {state.get('tokens')}; {len(cuts)} cut points")
    for mode in a.modes.split(','):
        t0, rows = time.time(), []
        for i, c in enumerate(cuts):
            ids, rest = build_prompt(enc[i], enc[len(cuts) + i], tb, mode, budget)
            pred = complete(model, ids, tb, rest, min_prob=a.min_prob, stop_loops=not a.no_loop_stop)
            rows.append((c, pred, pred.strip() == c['truth'].strip(), edit_similarity(pred, c['truth'])))
        by_lang = {}
        for c, _, em, es in rows:
            by_lang.setdefault(c['lang'], []).append((em, es))
        langs = ' '.join(f"{k}(n={len(v)}) EM {sum(e for e, _ in v) / len(v):.3f} ES {sum(s for _, s in v) / len(v):.3f}"
                         for k, v in sorted(by_lang.items()))
        print(f"{mode:9s} EM {sum(r[2] for r in rows) / len(rows):.3f} ES {sum(r[3] for r in rows) / len(rows):.3f}"
              f"  [{langs}]  {time.time() - t0:.0f}s")
        for c, pred, _, _ in rows[:a.show]:
            print(f"    {c['prefix'][-40:]!r} | truth {c['truth'][:40]!r} | pred {pred[:40]!r}")


if __name__ == '__main__':
    main()
