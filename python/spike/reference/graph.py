"""Graph helpers: spike.batch_norm, spike.relu, spike.repeat, spike.mean_time."""

import numpy as np

from ._checks import BINARY, REAL, TERNARY, check_array

ANY = (BINARY, TERNARY, REAL)


def batch_norm(x, gamma, beta, mean, var, epsilon=1e-5, axis=1):
    """Inference batch norm along ``axis`` (negative counts from the back):
    y = (x - mean) / sqrt(var + epsilon) * gamma + beta."""
    op = "spike.batch_norm"
    x = check_array(op, "input", x, (REAL,), min_rank=1)
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"{op}: axis {axis} out of range for rank {x.ndim}")
    axis %= x.ndim
    params = []
    for name, p in (("gamma", gamma), ("beta", beta), ("mean", mean), ("var", var)):
        p = check_array(op, name, p, (REAL,), rank=1)
        if p.shape[0] != x.shape[axis]:
            raise ValueError(f"{op}: {name} has {p.shape[0]} elements, expected {x.shape[axis]}")
        shape = [1] * x.ndim
        shape[axis] = p.shape[0]
        params.append(p.astype(np.float64).reshape(shape))
    if not (np.isfinite(epsilon) and epsilon >= 0):
        raise ValueError(f"{op}: epsilon must be finite and non-negative")
    gamma, beta, mean, var = params
    eps = float(np.float32(epsilon))
    y = (x.astype(np.float64) - mean) / np.sqrt(var + eps) * gamma + beta
    return y.astype(np.float32)


def relu(x):
    """max(x, 0) on float32."""
    x = check_array("spike.relu", "input", x, (REAL,))
    return np.maximum(x, np.float32(0))


def repeat(x, timesteps):
    """A new leading time dimension of size ``timesteps`` (direct encoding)."""
    x = check_array("spike.repeat", "input", x, ANY)
    if int(timesteps) < 1:
        raise ValueError(f"spike.repeat: timesteps must be positive, got {timesteps}")
    return np.broadcast_to(x, (int(timesteps),) + x.shape).copy()


def mean_time(x):
    """Average over dimension 0 (time) as float32; on spikes the firing rate."""
    x = check_array("spike.mean_time", "input", x, ANY, min_rank=1)
    return x.astype(np.float64).mean(axis=0).astype(np.float32)
