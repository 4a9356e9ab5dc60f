"""2-D pools: spike.maxpool2d, spike.avgpool2d, spike.sumpool2d.

Input is (B..., C, H, W); ``strides`` default to the kernel size (PyTorch);
``padding`` is (top, left, bottom, right).
"""

import numpy as np

from ._checks import BINARY, REAL, as_pair, as_padding, check_array, window_output_size


def _windows(op, x, kernel, strides, padding, pad_value):
    """Yields the (B..., C, H', W') slice of every kernel offset."""
    kh, kw = as_pair(op, "kernel", kernel)
    sh, sw = as_pair(op, "strides", kernel if strides is None else strides)
    pt, pl, pb, pr = as_padding(op, padding)
    height, width = x.shape[-2:]
    ho = window_output_size(op, "height", height, pt, pb, kh, sh)
    wo = window_output_size(op, "width", width, pl, pr, kw, sw)
    pads = [(0, 0)] * (x.ndim - 2) + [(pt, pb), (pl, pr)]
    xp = np.pad(x, pads, constant_values=pad_value)
    for i in range(kh):
        for j in range(kw):
            yield xp[..., i : i + (ho - 1) * sh + 1 : sh, j : j + (wo - 1) * sw + 1 : sw]


def maxpool2d(x, kernel, strides=None, padding=0):
    """Maximum of each window; on bool spikes the OR. Keeps the dtype."""
    op = "spike.maxpool2d"
    x = check_array(op, "input", x, (BINARY, REAL), min_rank=3)
    kh, kw = as_pair(op, "kernel", kernel)
    pad = as_padding(op, padding)
    if pad[0] >= kh or pad[2] >= kh or pad[1] >= kw or pad[3] >= kw:
        raise ValueError(f"{op}: padding {pad} must be smaller than the kernel {(kh, kw)}")
    pad_value = False if x.dtype == BINARY else -np.inf
    windows = _windows(op, x, kernel, strides, padding, pad_value)
    out = next(windows).copy()
    for window in windows:
        np.maximum(out, window, out=out)
    return out


def sumpool2d(x, kernel, strides=None, padding=0):
    """Sum of each window (zero padding); on bool spikes the spike count."""
    op = "spike.sumpool2d"
    x = check_array(op, "input", x, (BINARY, REAL), min_rank=3)
    total = None
    for window in _windows(op, x.astype(np.float64), kernel, strides, padding, 0.0):
        total = window.copy() if total is None else total + window
    return total.astype(np.float32)


def avgpool2d(x, kernel, strides=None, padding=0):
    """Sum of each window divided by KH * KW (padding counted, as NIR)."""
    op = "spike.avgpool2d"
    x = check_array(op, "input", x, (BINARY, REAL), min_rank=3)
    kh, kw = as_pair(op, "kernel", kernel)
    total = None
    for window in _windows(op, x.astype(np.float64), kernel, strides, padding, 0.0):
        total = window.copy() if total is None else total + window
    return (total / (kh * kw)).astype(np.float32)
