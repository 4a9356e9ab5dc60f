"""Operand checks shared by the reference ops: clear ValueErrors, never a
silently broadcast or truncated result."""

import numpy as np

BINARY = np.dtype(np.bool_)
TERNARY = np.dtype(np.int8)
REAL = np.dtype(np.float32)

_NAMES = {BINARY: "bool (i1)", TERNARY: "int8 (i2)", REAL: "float32 (f32)"}


def check_array(op, name, value, dtypes, min_rank=0, rank=None):
    """Returns ``value`` as an ndarray after checking its dtype and rank."""
    array = np.asarray(value)
    if array.dtype not in dtypes:
        allowed = ", ".join(_NAMES[d] for d in dtypes)
        raise ValueError(f"{op}: {name} must have dtype {allowed}, got {array.dtype}")
    if rank is not None and array.ndim != rank:
        raise ValueError(f"{op}: {name} must have rank {rank}, got shape {array.shape}")
    if array.ndim < min_rank:
        raise ValueError(
            f"{op}: {name} must have rank >= {min_rank}, got shape {array.shape}"
        )
    if array.dtype == TERNARY and array.size and (np.abs(array) > 1).any():
        raise ValueError(f"{op}: {name} holds values outside {{-1, 0, 1}}")
    return array


def as_pair(op, name, value):
    """A 2-tuple of ints from an int or a sequence of two."""
    pair = (value, value) if np.isscalar(value) else tuple(value)
    if len(pair) != 2:
        raise ValueError(f"{op}: {name} must have 2 values, got {value!r}")
    return tuple(int(v) for v in pair)


def as_padding(op, value):
    """Padding as (top, left, bottom, right) from an int, a pair or four."""
    if np.isscalar(value):
        pad = (value,) * 4
    else:
        pad = tuple(value)
        if len(pad) == 2:
            pad = pad * 2
    if len(pad) != 4 or min(pad) < 0:
        raise ValueError(
            f"{op}: padding must be 4 non-negative values (top, left, bottom, right), "
            f"got {value!r}"
        )
    return tuple(int(v) for v in pad)


def window_output_size(op, dim, size, pad_before, pad_after, kernel, stride, dilation=1):
    """PyTorch's output size of a sliding window along one dimension."""
    if kernel < 1 or stride < 1 or dilation < 1:
        raise ValueError(f"{op}: kernel, stride and dilation must be positive")
    span = dilation * (kernel - 1) + 1
    padded = size + pad_before + pad_after
    if padded < span:
        raise ValueError(
            f"{op}: window {dim} {span} is larger than the padded input {dim} {padded}"
        )
    return (padded - span) // stride + 1
