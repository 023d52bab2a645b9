# Trains the Llama-style decoder on the uint16 token stream. Step-based budget (reproducible token count), with a
# wall-clock guard: the LR schedule follows max(step progress, time progress), so a slow shared machine still ends
# annealed at the deadline. Uses CUDA (bf16 autocast) automatically when available.
import argparse, json, math, os, time

# Passive OpenMP waits: on a shared, oversubscribed CPU spinning threads waste the little time we get (measured
# 7.0 s/step passive against 10.1 s/step spinning under load). Must be set before torch loads libgomp.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')
import numpy as np
import torch
import torch.nn.functional as F

from model import Cfg, Llama, param_count


def parse():
    a = argparse.ArgumentParser()
    a.add_argument('--work', default='models/recipe/work')
    a.add_argument('--out', default=None, help='checkpoint dir (default <work>/ckpt)')
    a.add_argument('--steps', type=int, default=12000)
    a.add_argument('--max-minutes', type=float, default=1e9)
    a.add_argument('--batch', type=int, default=8)
    a.add_argument('--ctx', type=int, default=256)
    a.add_argument('--hidden', type=int, default=128)
    a.add_argument('--layers', type=int, default=4)
    a.add_argument('--heads', type=int, default=4)
    a.add_argument('--kv-heads', type=int, default=4)
    a.add_argument('--ffn', type=int, default=384)
    a.add_argument('--lr', type=float, default=2e-3)
    a.add_argument('--min-lr', type=float, default=1e-4)
    a.add_argument('--warmup', type=int, default=100)
    a.add_argument('--eval-every', type=float, default=300, help='seconds between eval + checkpoint')
    a.add_argument('--threads', type=int, default=2)
    a.add_argument('--bf16', action='store_true', help='bf16 autocast on CPU (only fast with AVX512-BF16/AMX)')
    a.add_argument('--seed', type=int, default=0)
    a.add_argument('--init', default=None, help='checkpoint to continue from (weights only)')
    return a.parse_args()


def batches(data, batch, ctx, rng, device):
    while True:
        starts = rng.integers(0, len(data) - ctx - 1, batch)
        x = torch.from_numpy(np.stack([data[s:s + ctx + 1] for s in starts]).astype(np.int64)).to(device)
        yield x[:, :-1], x[:, 1:]


@torch.no_grad()
def evaluate(model, val, ctx, device, autocast, n=64):
    model.eval()
    starts = np.linspace(0, len(val) - ctx - 2, n).astype(np.int64)  # fixed sample: comparable across evals
    x = torch.from_numpy(np.stack([val[s:s + ctx + 1] for s in starts]).astype(np.int64)).to(device)
    losses = []
    for i in range(0, n, 16):
        with autocast():
            logits, _ = model(x[i:i + 16, :-1])
        losses.append(F.cross_entropy(logits.float().flatten(0, 1), x[i:i + 16, 1:].flatten()).item())
    model.train()
    return sum(losses) / len(losses)


def lr_at(progress, step, a):
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    return a.min_lr + 0.5 * (a.lr - a.min_lr) * (1 + math.cos(math.pi * min(1.0, progress)))


def save(model, cfg, meta, out):
    tmp = f'{out}/ckpt.pt.tmp'
    torch.save({'cfg': cfg.to_dict(), 'model': model.state_dict(), **meta}, tmp)
    os.replace(tmp, f'{out}/ckpt.pt')


def main():
    a = parse()
    out = a.out or f'{a.work}/ckpt'
    os.makedirs(out, exist_ok=True)
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    use_bf16 = device == 'cuda' or a.bf16
    autocast = lambda: torch.autocast(device, dtype=torch.bfloat16, enabled=use_bf16)
    vocab = len(json.load(open(f'{a.work}/tokenizer/tokenizer.json'))['model']['vocab'])
    cfg = Cfg(vocab_size=vocab, hidden_size=a.hidden, num_hidden_layers=a.layers, num_attention_heads=a.heads,
              num_key_value_heads=a.kv_heads, intermediate_size=a.ffn, max_position_embeddings=a.ctx)
    model = Llama(cfg).to(device)
    if a.init:
        model.load_state_dict(torch.load(a.init, map_location=device)['model'])
    train = np.memmap(f'{a.work}/train.bin', dtype=np.uint16, mode='r')
    val = np.memmap(f'{a.work}/val.bin', dtype=np.uint16, mode='r')
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.1}, {'params': no_decay, 'weight_decay': 0.0}],
                            lr=a.lr, betas=(0.9, 0.95))
    print(json.dumps({'event': 'start', 'device': device, 'params': param_count(model), 'cfg': cfg.to_dict(),
                      'train_tokens': len(train), 'val_tokens': len(val), 'args': vars(a)}), flush=True)
    data = batches(train, a.batch, a.ctx, np.random.default_rng(a.seed), device)
    t0 = time.time()
    last_eval, ema, history = t0, None, []
    for step in range(a.steps):
        elapsed = time.time() - t0
        progress = max(step / a.steps, elapsed / 60 / a.max_minutes)
        if progress >= 1.0:
            break
        for g in opt.param_groups:
            g['lr'] = lr_at(progress, step, a)
        x, y = next(data)
        with autocast():
            logits, _ = model(x)
        loss = F.cross_entropy(logits.float().flatten(0, 1), y.flatten())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
        tokens = (step + 1) * a.batch * a.ctx
        if step % 25 == 0:
            print(json.dumps({'step': step, 'tokens': tokens, 'loss_ema': round(ema, 4), 'lr': round(opt.param_groups[0]['lr'], 6),
                              'tok_s': round(tokens / (time.time() - t0)), 'min': round((time.time() - t0) / 60, 2)}), flush=True)
        if time.time() - last_eval > a.eval_every:
            last_eval = time.time()
            history.append({'step': step + 1, 'tokens': tokens, 'train_ema': round(ema, 4),
                            'val': round(evaluate(model, val, a.ctx, device, autocast), 4)})
            print(json.dumps({'event': 'eval', **history[-1]}), flush=True)
            save(model, cfg, {'step': step + 1, 'tokens': tokens, 'history': history, 'seconds': time.time() - t0}, out)
    tokens = step * a.batch * a.ctx
    history.append({'step': step, 'tokens': tokens, 'train_ema': round(ema, 4),
                    'val': round(evaluate(model, val, a.ctx, device, autocast), 4)})
    secs = time.time() - t0
    save(model, cfg, {'step': step, 'tokens': tokens, 'history': history, 'seconds': secs, 'final': True}, out)
    print(json.dumps({'event': 'done', 'steps': step, 'tokens': tokens, 'seconds': round(secs), 'tok_s': round(tokens / secs),
                      **history[-1]}), flush=True)


if __name__ == '__main__':
    main()
