"""Spike-driven attention primitives: spike.and, spike.count.

``and_`` (``and`` is a Python keyword) is the Hadamard product of binary
spikes with NumPy broadcasting; ``count`` sums spikes along ``dims``, keeping
them with size 1. Counts are exact integers, rounded to float32 once.
"""

import numpy as np

from ._checks import BINARY, TERNARY, check_array


def and_(lhs, rhs):
    """Elementwise AND of bool spikes, broadcast as in NumPy (shapes aligned
    at the innermost dimension; sizes equal or 1)."""
    op = "spike.and"
    lhs = check_array(op, "lhs", lhs, (BINARY,))
    rhs = check_array(op, "rhs", rhs, (BINARY,))
    try:
        np.broadcast_shapes(lhs.shape, rhs.shape)
    except ValueError:
        raise ValueError(
            f"{op}: lhs {lhs.shape} and rhs {rhs.shape} cannot be broadcast "
            f"(sizes must be equal or 1)"
        ) from None
    return np.logical_and(lhs, rhs)


def count(x, dims):
    """The number of spikes (bool) or the sum of -1/0/+1 (int8) along
    ``dims`` (non-empty, strictly increasing, in [0, rank)); reduced
    dimensions are kept with size 1. Returns float32."""
    op = "spike.count"
    x = check_array(op, "input", x, (BINARY, TERNARY), min_rank=1)
    dims = (dims,) if np.isscalar(dims) else tuple(dims)
    if not dims:
        raise ValueError(f"{op}: dims must name at least one dimension")
    dims = tuple(int(d) for d in dims)
    for dim in dims:
        if not 0 <= dim < x.ndim:
            raise ValueError(f"{op}: dims holds {dim}, out of range for an input of "
                             f"rank {x.ndim}")
    if any(b <= a for a, b in zip(dims, dims[1:])):
        raise ValueError(f"{op}: dims must be strictly increasing (sorted, without "
                         f"repeats), got {list(dims)}")
    total = x.astype(np.int64).sum(axis=dims, keepdims=True)
    return total.astype(np.float32)
