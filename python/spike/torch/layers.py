"""Multi-step layers (time is dimension 0, batch dimension 1) and the two
spiking self-attentions of spike.SelfAttention (docs/nir-extension.md)."""

import torch
from torch import nn

from .neurons import LIF, TernaryLIF


class SeqConv2d(nn.Conv2d):
    """nn.Conv2d on [T, B, C, H, W]."""

    def forward(self, x):
        y = super().forward(x.flatten(0, 1))
        return y.unflatten(0, x.shape[:2])


class SeqBatchNorm2d(nn.BatchNorm2d):
    """nn.BatchNorm2d on [T, B, C, H, W] (statistics over T, B, H, W); the
    exported node is spike.BatchNorm with axis 0 of [C, H, W]."""

    axis = 0

    def forward(self, x):
        y = super().forward(x.flatten(0, 1))
        return y.unflatten(0, x.shape[:2])


class SeqMaxPool2d(nn.MaxPool2d):
    """nn.MaxPool2d on [T, B, C, H, W] (spike.MaxPool2d: an OR on spikes)."""

    def forward(self, x):
        y = super().forward(x.flatten(0, 1))
        return y.unflatten(0, x.shape[:2])


class TokenBatchNorm(nn.BatchNorm1d):
    """Batch norm over the features (last dimension) of tokens [..., D]; the
    exported node is spike.BatchNorm with axis -1."""

    axis = -1

    def forward(self, x):
        y = super().forward(x.reshape(-1, x.shape[-1]))
        return y.reshape(x.shape)


def multi_head_attention(q, k, v, num_heads, scale):
    """spike.attention: per head h, scale * (q_h k_h^T) v_h, heads concatenated.
    q, k: [..., N, D]; v: [..., N, Dv]; returns [..., N, Dv]."""
    *lead, n, d = q.shape
    dv = v.shape[-1]
    if d % num_heads or dv % num_heads:
        raise ValueError(f"num_heads {num_heads} must divide D {d} and Dv {dv}")

    def heads(x, size):
        return x.reshape(*lead, n, num_heads, size // num_heads).transpose(-2, -3)

    scores = heads(q, d) @ heads(k, d).transpose(-1, -2)
    out = (scores @ heads(v, dv)) * scale
    return out.transpose(-2, -3).reshape(*lead, n, dv)


class SpikingSelfAttention(nn.Module):
    """Shared structure: q, k, v = neuron(BN(Linear(s))) from input spikes s
    [T, B, N, D]; out = scale (q k^T) v per head, without softmax."""

    kind = None

    def __init__(self, dim, num_heads, scale, bn_eps=1e-5):
        super().__init__()
        if dim % num_heads:
            raise ValueError(f"num_heads {num_heads} must divide dim {dim}")
        self.dim, self.num_heads, self.scale = dim, num_heads, float(scale)
        for p in "qkv":
            self.add_module(f"{p}_linear", nn.Linear(dim, dim, bias=False))
            self.add_module(f"{p}_bn", TokenBatchNorm(dim, eps=bn_eps))

    def project(self, p, s):
        """BN(s W_p^T) for p in "q", "k", "v"."""
        return getattr(self, f"{p}_bn")(getattr(self, f"{p}_linear")(s))

    def make_keys(self, s):
        raise NotImplementedError

    def forward(self, s):
        q = self.q_lif(self.project("q", s))
        v = self.v_lif(self.project("v", s))
        return multi_head_attention(q, self.make_keys(s), v, self.num_heads, self.scale)


class A2OS2AAttention(SpikingSelfAttention):
    """Accurate Addition-Only Spiking Self-Attention (Guo et al., CVPR 2025):
    binary q (LIF), real non-negative k (ReLU), ternary v (TernaryLIF), scale 1."""

    kind = "a2os2a"

    def __init__(self, dim, num_heads, scale=1.0, bn_eps=1e-5):
        super().__init__(dim, num_heads, scale, bn_eps)
        self.q_lif = LIF()
        self.v_lif = TernaryLIF()

    def make_keys(self, s):
        """k = ReLU(BN(s W_k^T))."""
        return torch.relu(self.project("k", s))


class SSAAttention(SpikingSelfAttention):
    """Spikformer's spiking self-attention: binary q, k, v (LIF), scale 0.125."""

    kind = "ssa"

    def __init__(self, dim, num_heads, scale=0.125, bn_eps=1e-5):
        super().__init__(dim, num_heads, scale, bn_eps)
        self.q_lif = LIF()
        self.k_lif = LIF()
        self.v_lif = LIF()

    def make_keys(self, s):
        """k = LIF(BN(s W_k^T)), binary."""
        return self.k_lif(self.project("k", s))
