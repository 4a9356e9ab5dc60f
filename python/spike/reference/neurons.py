"""Neuron ops: spike.lif, spike.ternary_lif, spike.leaky_integrate.

Dimension 0 of the input is time T; the rest, S..., are the neurons. Every
step is computed in float32 in this order, which compiled code must follow to
reproduce spikes bit for bit:

    h = (decay * v + gain * x[t]) + bias
"""

import numpy as np

from ._checks import REAL, check_array

COMPARE_MODES = ("ge", "gt")
RESET_MODES = ("hard", "soft", "none")


def _param(op, name, value, neuron_shape):
    """A neuron parameter as float32, broadcast-checked against S..."""
    array = np.asarray(value, dtype=np.float32)
    if not np.isfinite(array).all():
        raise ValueError(f"{op}: {name} must be finite (no NaN or Inf)")
    if array.ndim > len(neuron_shape) or any(
        p != 1 and p != s for p, s in zip(array.shape[::-1], neuron_shape[::-1])
    ):
        raise ValueError(
            f"{op}: {name} of shape {array.shape} is not broadcastable to the "
            f"neuron shape {tuple(neuron_shape)}"
        )
    return array


def _params(op, neuron_shape, **params):
    """Every named parameter through _param, in the order given."""
    return [_param(op, name, value, neuron_shape) for name, value in params.items()]


def _check_mode(op, name, value, allowed):
    if value not in allowed:
        raise ValueError(f"{op}: {name} must be one of {allowed}, got {value!r}")


def _run(step, x, v_init, neuron_shape, out_dtype):
    """Runs the time loop from v[-1] = v_init; ``step(t, v)`` returns the
    step's output and the new membrane. Returns (outputs, membranes), each
    stacked along time."""
    v = np.broadcast_to(v_init, neuron_shape).astype(np.float32)
    outputs = np.zeros(x.shape, out_dtype)
    membranes = np.zeros(x.shape, np.float32)
    for t in range(x.shape[0]):
        outputs[t], v = step(t, v)
        membranes[t] = v
    return outputs, membranes


def lif(
    x,
    decay=0.5,
    gain=0.5,
    bias=0.0,
    v_threshold=1.0,
    v_reset=0.0,
    v_init=0.0,
    compare="ge",
    reset="hard",
    return_state=False,
):
    """spike.lif: binary leaky integrate-and-fire over T steps.

    Returns the spikes (bool, shape of ``x``); with ``return_state`` also the
    membrane ``v[t]`` after each step's reset (float32, shape of ``x``).
    """
    op = "spike.lif"
    x = check_array(op, "input", x, (REAL,), min_rank=1)
    shape = x.shape[1:]
    decay, gain, bias, v_threshold, v_reset, v_init = _params(
        op, shape, decay=decay, gain=gain, bias=bias,
        v_threshold=v_threshold, v_reset=v_reset, v_init=v_init)
    _check_mode(op, "compare", compare, COMPARE_MODES)
    _check_mode(op, "reset", reset, RESET_MODES)

    def step(t, v):
        h = decay * v + gain * x[t] + bias
        s = h >= v_threshold if compare == "ge" else h > v_threshold
        if reset == "hard":
            v = np.where(s, v_reset, h)
        elif reset == "soft":
            v = np.where(s, h - v_threshold, h)
        else:
            v = h
        return s, v.astype(np.float32)

    spikes, membranes = _run(step, x, v_init, shape, np.bool_)
    return (spikes, membranes) if return_state else spikes


def ternary_lif(
    x,
    decay=0.5,
    gain=0.5,
    bias=0.0,
    v_threshold=1.0,
    v_reset=0.0,
    v_init=0.0,
    reset="hard",
    return_state=False,
):
    """spike.ternary_lif: fires +1 at h >= v_threshold, -1 at h <= -v_threshold.

    Returns the spikes (int8 in {-1, 0, 1}); with ``return_state`` also the
    membrane after each step's reset.
    """
    op = "spike.ternary_lif"
    x = check_array(op, "input", x, (REAL,), min_rank=1)
    shape = x.shape[1:]
    decay, gain, bias, v_threshold, v_reset, v_init = _params(
        op, shape, decay=decay, gain=gain, bias=bias,
        v_threshold=v_threshold, v_reset=v_reset, v_init=v_init)
    if not (v_threshold > 0).all():
        raise ValueError(f"{op}: v_threshold must be positive")
    _check_mode(op, "reset", reset, RESET_MODES)

    def step(t, v):
        h = decay * v + gain * x[t] + bias
        s = (h >= v_threshold).astype(np.int8) - (h <= -v_threshold).astype(np.int8)
        if reset == "hard":
            v = np.where(s != 0, v_reset, h)
        elif reset == "soft":
            v = np.where(s > 0, h - v_threshold, np.where(s < 0, h + v_threshold, h))
        else:
            v = h
        return s, v.astype(np.float32)

    spikes, membranes = _run(step, x, v_init, shape, np.int8)
    return (spikes, membranes) if return_state else spikes


def leaky_integrate(x, decay=0.5, gain=0.5, bias=0.0, v_init=0.0):
    """spike.leaky_integrate: the membrane v[t] of a neuron that never fires."""
    op = "spike.leaky_integrate"
    x = check_array(op, "input", x, (REAL,), min_rank=1)
    shape = x.shape[1:]
    decay, gain, bias, v_init = _params(
        op, shape, decay=decay, gain=gain, bias=bias, v_init=v_init)

    def step(t, v):
        v = (decay * v + gain * x[t] + bias).astype(np.float32)
        return v, v

    return _run(step, x, v_init, shape, np.float32)[0]
