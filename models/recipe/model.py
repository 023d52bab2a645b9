# Llama-style decoder (RoPE, RMSNorm, SwiGLU, optional GQA, tied embeddings) with the same weight semantics as
# HF LlamaForCausalLM, plus the ONNX wrapper in Optimum's decoder-with-past layout.
import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Cfg:
    vocab_size: int = 4096
    hidden_size: int = 256
    num_hidden_layers: int = 6
    num_attention_heads: int = 4
    num_key_value_heads: int = 4
    intermediate_size: int = 688
    max_position_embeddings: int = 512
    rope_theta: float = 10000.0
    rms_norm_eps: float = 1e-5

    @property
    def head_dim(self):
        return self.hidden_size // self.num_attention_heads

    def to_dict(self):
        return asdict(self)


class RMSNorm(nn.Module):
    def __init__(self, d, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        xf = x.float()
        xf = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * xf.to(x.dtype)


def rope_cos_sin(position_ids, head_dim, theta):
    # Computed from position_ids (not a table) so the ONNX graph accepts any position.
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32, device=position_ids.device) / head_dim))
    freqs = position_ids[..., None].float() * inv_freq  # [B, S, hd/2]
    emb = torch.cat([freqs, freqs], dim=-1)[:, None]  # [B, 1, S, hd]: HF's rotate_half layout
    return emb.cos(), emb.sin()


def apply_rope(x, cos, sin):
    h = x.shape[-1] // 2
    rot = torch.cat([-x[..., h:], x[..., :h]], dim=-1)
    return x * cos + rot * sin


class Attention(nn.Module):
    def __init__(self, c: Cfg):
        super().__init__()
        self.c = c
        hd = c.head_dim
        self.q_proj = nn.Linear(c.hidden_size, c.num_attention_heads * hd, bias=False)
        self.k_proj = nn.Linear(c.hidden_size, c.num_key_value_heads * hd, bias=False)
        self.v_proj = nn.Linear(c.hidden_size, c.num_key_value_heads * hd, bias=False)
        self.o_proj = nn.Linear(c.num_attention_heads * hd, c.hidden_size, bias=False)

    def forward(self, x, cos, sin, allowed, past=None):
        B, S, _ = x.shape
        c, hd = self.c, self.c.head_dim
        q = self.q_proj(x).view(B, S, c.num_attention_heads, hd).transpose(1, 2)
        k = self.k_proj(x).view(B, S, c.num_key_value_heads, hd).transpose(1, 2)
        v = self.v_proj(x).view(B, S, c.num_key_value_heads, hd).transpose(1, 2)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        present = (k, v)
        rep = c.num_attention_heads // c.num_key_value_heads
        if rep > 1:
            k, v = k.repeat_interleave(rep, dim=1), v.repeat_interleave(rep, dim=1)
        att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(hd))
        # One boolean mask and one finite fill (first-try pitfall 6): no -inf, so no NaN on padded rows.
        att = att.masked_fill(~allowed, torch.finfo(att.dtype).min)
        att = F.softmax(att.float(), dim=-1).to(q.dtype)
        y = (att @ v).transpose(1, 2).reshape(B, S, -1)
        return self.o_proj(y), present


class MLP(nn.Module):
    def __init__(self, c: Cfg):
        super().__init__()
        self.gate_proj = nn.Linear(c.hidden_size, c.intermediate_size, bias=False)
        self.up_proj = nn.Linear(c.hidden_size, c.intermediate_size, bias=False)
        self.down_proj = nn.Linear(c.intermediate_size, c.hidden_size, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Block(nn.Module):
    def __init__(self, c: Cfg):
        super().__init__()
        self.input_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.mlp = MLP(c)

    def forward(self, x, cos, sin, allowed, past=None):
        a, present = self.self_attn(self.input_layernorm(x), cos, sin, allowed, past)
        x = x + a
        return x + self.mlp(self.post_attention_layernorm(x)), present


class Llama(nn.Module):
    def __init__(self, c: Cfg):
        super().__init__()
        self.c = c
        self.embed_tokens = nn.Embedding(c.vocab_size, c.hidden_size)
        self.layers = nn.ModuleList([Block(c) for _ in range(c.num_hidden_layers)])
        self.norm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.apply(self._init)
        # Residual output projections scaled down so the residual stream starts near identity.
        for n, p in self.named_parameters():
            if n.endswith('o_proj.weight') or n.endswith('down_proj.weight'):
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * c.num_hidden_layers))

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, 0.0, 0.02)

    def forward(self, input_ids, position_ids=None, allowed=None, past=None, last_only=False):
        B, S = input_ids.shape
        if position_ids is None:
            position_ids = torch.arange(S, device=input_ids.device)[None].expand(B, S)
        if allowed is None:
            allowed = torch.ones(S, S, dtype=torch.bool, device=input_ids.device).tril()[None, None]
        cos, sin = rope_cos_sin(position_ids, self.c.head_dim, self.c.rope_theta)
        x = self.embed_tokens(input_ids)
        presents = []
        for i, layer in enumerate(self.layers):
            x, pr = layer(x, cos, sin, allowed, None if past is None else past[i])
            presents.append(pr)
        if last_only:
            x = x[:, -1:]  # generation reads only the last position: skip lm_head on the rest of the prompt
        x = self.norm(x)
        logits = F.linear(x, self.embed_tokens.weight)  # tied lm_head
        return logits, presents


class OnnxWrapper(nn.Module):
    """(input_ids, attention_mask, position_ids, *past k/v) -> (logits, *present k/v); past may be length 0.
    logits are for the last position only ([batch, 1, vocab]): a generation-only export, the prompt pass
    saves the lm_head on every earlier position (a third of its FLOPs at 224 tokens)."""

    def __init__(self, model: Llama):
        super().__init__()
        self.m = model

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        L = self.m.c.num_hidden_layers
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(L)]
        S = input_ids.shape[1]
        T = attention_mask.shape[1]
        P = T - S
        q_abs = torch.arange(S, device=input_ids.device) + P
        causal = torch.arange(T, device=input_ids.device)[None, :] <= q_abs[:, None]  # [S, T]
        allowed = causal[None, None] & (attention_mask[:, None, None, :] > 0)
        logits, presents = self.m(input_ids, position_ids, allowed, past, last_only=True)
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def param_count(model):
    return sum(p.numel() for p in model.parameters())
