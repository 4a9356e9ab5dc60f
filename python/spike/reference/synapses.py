"""Synapse ops: spike.linear and spike.conv2d.

On spike input (bool or ternary int8) these are sums of selected weights; the
reference accumulates in float64 and rounds once to float32.
"""

import numpy as np

from ._checks import BINARY, REAL, TERNARY, as_pair, as_padding, check_array, window_output_size

SYNAPSE_INPUT = (BINARY, TERNARY, REAL)


def _bias(op, bias, outputs):
    if bias is None:
        return np.zeros(outputs, np.float64)
    bias = check_array(op, "bias", bias, (REAL,), rank=1)
    if bias.shape[0] != outputs:
        raise ValueError(f"{op}: bias has {bias.shape[0]} elements, expected {outputs}")
    return bias.astype(np.float64)


def linear(x, weight, bias=None):
    """spike.linear: y = W x + b over the last dimension of ``x``.

    ``x`` is (B..., K) bool, int8 (ternary) or float32; ``weight`` is (M, K)
    float32; ``bias`` is (M,) float32 or None. Returns (B..., M) float32.
    """
    op = "spike.linear"
    x = check_array(op, "input", x, SYNAPSE_INPUT, min_rank=1)
    weight = check_array(op, "weight", weight, (REAL,), rank=2)
    if weight.shape[1] != x.shape[-1]:
        raise ValueError(
            f"{op}: weight has {weight.shape[1]} columns, input has {x.shape[-1]} features"
        )
    b = _bias(op, bias, weight.shape[0])
    y = x.astype(np.float64) @ weight.astype(np.float64).T + b
    return y.astype(np.float32)


def conv2d(x, weight, bias=None, strides=(1, 1), padding=(0, 0, 0, 0), dilations=(1, 1), groups=1):
    """spike.conv2d: PyTorch's Conv2d on (B..., C, H, W) input.

    ``weight`` is (O, C/groups, KH, KW); ``padding`` is (top, left, bottom,
    right) of zeros. Returns (B..., O, H', W') float32.
    """
    op = "spike.conv2d"
    x = check_array(op, "input", x, SYNAPSE_INPUT, min_rank=3)
    weight = check_array(op, "weight", weight, (REAL,), rank=4)
    sh, sw = as_pair(op, "strides", strides)
    dh, dw = as_pair(op, "dilations", dilations)
    pt, pl, pb, pr = as_padding(op, padding)
    groups = int(groups)
    channels, height, width = x.shape[-3:]
    out_channels, group_channels, kh, kw = weight.shape
    if groups < 1 or channels % groups or out_channels % groups:
        raise ValueError(f"{op}: groups {groups} must divide C {channels} and O {out_channels}")
    if group_channels * groups != channels:
        raise ValueError(
            f"{op}: weight has {group_channels} channels per group, expected {channels // groups}"
        )
    ho = window_output_size(op, "height", height, pt, pb, kh, sh, dh)
    wo = window_output_size(op, "width", width, pl, pr, kw, sw, dw)
    b = _bias(op, bias, out_channels)

    batch = x.shape[:-3]
    xp = np.pad(x.astype(np.float64), [(0, 0)] * len(batch) + [(0, 0), (pt, pb), (pl, pr)])
    w64 = weight.astype(np.float64)
    out = np.zeros(batch + (out_channels, ho, wo), np.float64)
    per_group = out_channels // groups
    for g in range(groups):
        xg = xp[..., g * group_channels : (g + 1) * group_channels, :, :]
        outs = slice(g * per_group, (g + 1) * per_group)
        for i in range(kh):
            for j in range(kw):
                patch = xg[
                    ...,
                    i * dh : i * dh + (ho - 1) * sh + 1 : sh,
                    j * dw : j * dw + (wo - 1) * sw + 1 : sw,
                ]
                out[..., outs, :, :] += np.einsum("...chw,oc->...ohw", patch, w64[outs, :, i, j])
    out += b[:, None, None]
    return out.astype(np.float32)
