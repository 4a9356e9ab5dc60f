"""spike.attention: multi-head attention without softmax.

For each head h, out_h = scale * (q_h k_h^T) v_h, heads concatenated along the
last dimension. The reference computes it in float64 in the (q k^T) v order
and rounds once; the other order is the same number in exact arithmetic.
"""

import numpy as np

from ._checks import BINARY, REAL, TERNARY, check_array


def attention(q, k, v, num_heads=1, scale=1.0):
    """q: (B..., N, D) bool; k: (B..., N, D) float32 or bool;
    v: (B..., N, Dv) int8 (ternary) or bool. Returns (B..., N, Dv) float32."""
    op = "spike.attention"
    q = check_array(op, "q", q, (BINARY,), min_rank=2)
    k = check_array(op, "k", k, (REAL, BINARY), min_rank=2)
    v = check_array(op, "v", v, (TERNARY, BINARY), min_rank=2)
    if k.shape != q.shape:
        raise ValueError(f"{op}: k has shape {k.shape}, expected q's shape {q.shape}")
    if v.shape[:-1] != q.shape[:-1]:
        raise ValueError(f"{op}: v has shape {v.shape}, expected {q.shape[:-1]} + (Dv,)")
    num_heads = int(num_heads)
    d, dv = q.shape[-1], v.shape[-1]
    if num_heads < 1 or d % num_heads or dv % num_heads:
        raise ValueError(f"{op}: num_heads {num_heads} must divide D {d} and Dv {dv}")
    if not np.isfinite(scale):
        raise ValueError(f"{op}: scale must be finite")

    dh, dvh = d // num_heads, dv // num_heads
    q64, k64, v64 = (a.astype(np.float64) for a in (q, k, v))
    heads = []
    for h in range(num_heads):
        qh = q64[..., h * dh : (h + 1) * dh]
        kh = k64[..., h * dh : (h + 1) * dh]
        vh = v64[..., h * dvh : (h + 1) * dvh]
        scores = qh @ np.swapaxes(kh, -1, -2)
        heads.append(float(np.float32(scale)) * (scores @ vh))
    return np.concatenate(heads, axis=-1).astype(np.float32)
