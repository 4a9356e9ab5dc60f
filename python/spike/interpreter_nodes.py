"""What every NIR node computes in spike.interpreter, mirroring
lib/Target/NIR/ImportStandardNodes.cpp and ImportExtensionNodes.cpp on top
of the NumPy reference (spike.reference) and spike.nir_params.

Values are arrays with two leading dimensions [T, B] (T = 1 when a
recurrent graph is evaluated step by step): bool for binary spikes, int8
for ternary spikes, float32 for real values. ``evaluate(node, type, x, ctx)``
returns a node's output for its summed input ``x``.
"""

import math

import numpy as np

from . import nir_params
from . import reference as ref
from .nir_nodes import NIR_NEURON_TYPES, maxpool_padding

LEAD = 2  # the [T, B] dimensions in front of every per-sample shape


class Context:
    """What a node needs besides its input: the Euler step ``dt``, the
    number of time steps, whether the graph runs step by step, and the
    node's own state (neuron membranes), kept across steps."""

    def __init__(self, dt, timesteps, step_mode, state):
        self.dt = dt
        self.timesteps = timesteps
        self.step_mode = step_mode
        self.state = state


def to_real(x):
    """Spikes (bool / int8) as 0/1 (or -1/0/1) float32; reals unchanged."""
    return x if x.dtype == np.float32 else x.astype(np.float32)


def _f32(value):
    return np.asarray(value, dtype=np.float32)


def _attr(node, key, default=None):
    value = getattr(node, key, None)
    return default if value is None else value


def _ints(value, count, name):
    """``count`` ints from a scalar or an array of 1 or ``count`` values."""
    values = [int(v) for v in np.atleast_1d(np.asarray(value))]
    if len(values) == 1:
        values *= count
    if len(values) != count:
        raise ValueError(f"'{name}' must have {count} values")
    return values


def _check_fits(name, array, shape):
    """Raises unless ``array`` broadcasts to the per-sample ``shape``."""
    array = np.asarray(array)
    fits = array.ndim <= len(shape) and all(
        a in (1, s) for a, s in zip(array.shape[::-1], tuple(shape)[::-1]))
    if not fits:
        raise ValueError(f"parameter '{name}' does not fit the input's shape {tuple(shape)}")


def neuron(ctx, key, kind, x, params):
    """Runs a neuron ("lif", "ternary" or "li") on real input ``x`` from its
    state ``ctx.state[key]`` (v_init when absent) and stores the last membrane."""
    params = dict(params)
    if key in ctx.state:
        params["v_init"] = ctx.state[key]
    x = to_real(x)
    if kind == "li":
        out = ref.leaky_integrate(x, **{k: params[k] for k in
                                        ("decay", "gain", "bias", "v_init") if k in params})
        membrane = out[-1]
    else:
        if kind == "ternary":
            params.pop("compare", None)
            out, membranes = ref.ternary_lif(x, **params, return_state=True)
        else:
            out, membranes = ref.lif(x, **params, return_state=True)
        membrane = membranes[-1]
    ctx.state[key] = membrane
    return out


# --- standard NIR nodes ----------------------------------------------------

def _linear(node, x, ctx, with_bias):
    weight = _f32(node.weight)
    if weight.ndim != 2:
        raise ValueError("'weight' must be a matrix [out, in]")
    bias = _f32(node.bias).reshape(-1) if with_bias else None
    return ref.linear(x, weight, bias)


def _scale(node, x, ctx):
    scale = _f32(node.scale)
    _check_fits("scale", scale, x.shape[LEAD:])
    return to_real(x) * scale


def _conv_padding(node, kernel, dilation, spatial):
    """(top, left, bottom, right) from NIR's padding: numbers, 'same' or 'valid'."""
    pad = _attr(node, "padding", 0)
    if isinstance(pad, (str, bytes)):
        pad = pad.decode() if isinstance(pad, bytes) else pad
        if pad == "valid":
            return (0, 0, 0, 0)
        if pad != "same":
            raise ValueError("padding must be numbers, 'same' or 'valid'")
        total = [d * (k - 1) for d, k in zip(dilation, kernel)]
        return (total[0] // 2, total[1] // 2, total[0] - total[0] // 2,
                total[1] - total[1] // 2)
    values = _ints(pad, spatial, "padding")
    if spatial == 1:
        values = [0] + values
    if min(values) < 0:
        raise ValueError("padding must be non-negative")
    return (values[0], values[1], values[0], values[1])


def _conv(node, x, ctx, spatial):
    weight = _f32(node.weight)
    if weight.ndim != 2 + spatial:
        raise ValueError(f"'weight' must have rank {2 + spatial}")
    if x.ndim != LEAD + 1 + spatial:
        raise ValueError("the input must have shape [C, " + ("H, W]" if spatial == 2 else "L]"))
    declared = getattr(node, "input_shape", None)
    if declared is not None:
        declared = [int(v) for v in np.atleast_1d(declared)]
        if declared not in (list(x.shape[LEAD + 1:]), list(x.shape[LEAD:])):
            raise ValueError("'input_shape' does not match the input")
    stride = _ints(_attr(node, "stride", 1), spatial, "stride")
    dilation = _ints(_attr(node, "dilation", 1), spatial, "dilation")
    if spatial == 1:
        weight = weight[:, :, None, :]
        x = x[..., None, :]
        stride, dilation = [1] + stride, [1] + dilation
    padding = _conv_padding(node, weight.shape[2:], dilation, spatial)
    bias = getattr(node, "bias", None)
    bias = None if bias is None else _f32(bias).reshape(-1)
    y = ref.conv2d(x, weight, bias, strides=stride, padding=padding, dilations=dilation,
                   groups=int(_attr(node, "groups", 1)))
    return y[..., 0, :] if spatial == 1 else y


def _pool(node, x, ctx, average):
    if x.ndim != LEAD + 3:
        raise ValueError("the input must have shape [C, H, W]")
    kernel = _ints(_attr(node, "kernel_size", 1), 2, "kernel_size")
    stride = _ints(_attr(node, "stride", kernel), 2, "stride")
    pad = _ints(_attr(node, "padding", 0), 2, "padding")
    if x.dtype == np.int8:
        x = to_real(x)
    pool = ref.avgpool2d if average else ref.sumpool2d
    return pool(x, kernel, stride, (pad[0], pad[1], pad[0], pad[1]))


def _flatten(node, x, ctx):
    rank = x.ndim - LEAD
    start, end = int(_attr(node, "start_dim", 0)), int(_attr(node, "end_dim", -1))
    first, last = start + rank if start < 0 else start, end + rank if end < 0 else end
    if first < 0 or last >= rank or first > last:
        raise ValueError(f"start_dim/end_dim do not fit an input of rank {rank}")
    shape = x.shape[:LEAD + first] + (-1,) + x.shape[LEAD + last + 1:]
    return x.reshape(shape)


def _threshold(node, x, ctx):
    threshold = _f32(node.threshold)
    _check_fits("threshold", threshold, x.shape[LEAD:])
    return to_real(x) > threshold


def _llround(value):
    """C's llround for value >= 0: the nearest integer, halves away from zero."""
    floor = math.floor(value)
    return floor + 1 if value - floor >= 0.5 else floor


def _delay(node, x, ctx):
    """y[t] = x[t - d] (zero before) with d = round(delay / dt) steps."""
    if ctx.step_mode:
        raise ValueError("a Delay inside a recurrent graph is not supported")
    delay = np.asarray(node.delay, dtype=np.float64)
    _check_fits("delay", delay, x.shape[LEAD:])
    if (delay < 0).any():
        raise ValueError("'delay' must be non-negative")
    steps = np.vectorize(lambda d: min(_llround(d / ctx.dt), ctx.timesteps))(delay)
    steps = np.broadcast_to(steps, x.shape[LEAD:])
    x = to_real(x)
    y = np.zeros_like(x)
    for d in np.unique(steps):
        mask = steps == d
        if d < x.shape[0]:
            y[d:] = np.where(mask, x[:x.shape[0] - d], y[d:])
    return y


def _nir_neuron(node, kind, x, ctx):
    """IF, I, LIF, LI, CubaLIF, CubaLI with the mapping of SPEC section 3."""
    v_reset = _attr(node, "v_reset", 0.0)
    if kind in ("IF", "I"):
        if kind == "I":
            return neuron(ctx, "membrane", "li", x, nir_params.nir_i(node.r))
        return neuron(ctx, "membrane", "lif", x,
                      nir_params.nir_if(node.r, node.v_threshold, v_reset))
    if kind in ("LIF", "LI"):
        if kind == "LI":
            return neuron(ctx, "membrane", "li", x,
                          nir_params.nir_li(node.tau, node.r, node.v_leak, ctx.dt))
        return neuron(ctx, "membrane", "lif", x, nir_params.nir_lif(
            node.tau, node.r, node.v_leak, node.v_threshold, v_reset, ctx.dt))
    synapse = nir_params.nir_cuba_synapse(node.tau_syn, _attr(node, "w_in", 1.0), ctx.dt)
    current = neuron(ctx, "synapse", "li", x, synapse)
    membrane = nir_params.nir_li(node.tau_mem, node.r, node.v_leak, ctx.dt)
    if kind == "CubaLI":
        return neuron(ctx, "membrane", "li", current, membrane)
    membrane.update(v_threshold=_f32(node.v_threshold), v_reset=_f32(v_reset),
                    compare="gt", reset="hard")
    return neuron(ctx, "membrane", "lif", current, membrane)


# --- extension nodes -------------------------------------------------------

def _spike_neuron(node, x, ctx, ternary):
    params = {k: getattr(node, k) for k in ("decay", "gain", "bias", "v_threshold", "v_reset")}
    params["v_init"] = _attr(node, "v_init", np.float32(0))
    params["reset"] = _attr(node, "reset", "hard")
    if not ternary:
        params["compare"] = _attr(node, "compare", "ge")
    elif getattr(node, "compare", None) is not None:
        raise ValueError("spike.TernaryLIF has no 'compare'")
    return neuron(ctx, "membrane", "ternary" if ternary else "lif", x, params)


def _batch_norm(x, weight, bias, mean, var, epsilon, axis):
    rank = x.ndim - LEAD
    axis = int(axis)
    if not -rank <= axis < rank:
        raise ValueError("'axis' is out of range")
    return ref.batch_norm(to_real(x), _f32(weight).reshape(-1), _f32(bias).reshape(-1),
                          _f32(mean).reshape(-1), _f32(var).reshape(-1),
                          epsilon=float(epsilon), axis=LEAD + axis % rank)


def _spike_batch_norm(node, x, ctx):
    return _batch_norm(x, node.weight, node.bias, node.running_mean, node.running_var,
                       node.epsilon, node.axis)


def _max_pool(node, x, ctx):
    if x.ndim != LEAD + 3:
        raise ValueError("the input must have shape [C, H, W]")
    kernel = [int(k) for k in np.atleast_1d(node.kernel_size)]
    stride = kernel if node.stride is None else [int(s) for s in np.atleast_1d(node.stride)]
    padding = maxpool_padding(node.padding)
    if x.dtype == np.int8:
        x = to_real(x)
    return ref.maxpool2d(x, kernel, stride, padding)


def _transpose(node, x, ctx):
    perm = [int(p) for p in np.atleast_1d(node.perm)]
    if sorted(perm) != list(range(x.ndim - LEAD)):
        raise ValueError("'perm' is not a permutation of the input's axes")
    return np.ascontiguousarray(np.transpose(x, list(range(LEAD)) + [LEAD + p for p in perm]))


def _mean(node, x, ctx):
    rank = x.ndim - LEAD
    axis = int(node.axis)
    if not -rank <= axis < rank:
        raise ValueError("'axis' is out of range")
    return to_real(x).astype(np.float64).mean(axis=LEAD + axis % rank).astype(np.float32)


def _mean_time(node, x, ctx):
    if ctx.step_mode:
        raise ValueError("spike.MeanTime inside a recurrent graph is not supported "
                         "(it needs every time step)")
    return np.broadcast_to(ref.mean_time(to_real(x)), x.shape).copy()


def _self_attention(node, x, ctx):
    """q, k, v projections with their BNs and neurons, then spike.attention."""
    if x.ndim != LEAD + 2:
        raise ValueError("the input must be tokens [N, D]")
    ssa = node.kind == "ssa"
    epsilon = 1e-5 if node.bn_epsilon is None else node.bn_epsilon
    scale = (0.125 if ssa else 1.0) if node.scale is None else node.scale

    def project(p):
        y = ref.linear(x, _f32(getattr(node, p + "weight")))
        return _batch_norm(y, *(getattr(node, f"{p}bn_{k}") for k in
                                ("weight", "bias", "running_mean", "running_var")),
                           epsilon, -1)

    q = neuron(ctx, "q", "lif", project("q_"), node.neuron_params("q_"))
    k_in = project("k_")
    k = neuron(ctx, "k", "lif", k_in, node.neuron_params("k_")) if ssa else ref.relu(k_in)
    v = neuron(ctx, "v", "lif" if ssa else "ternary", project("v_"), node.neuron_params("v_"))
    return ref.attention(q, k, v, num_heads=int(node.num_heads), scale=float(scale))


def _sample_axis(axis, rank):
    axis = int(axis)
    if not -rank <= axis < rank:
        raise ValueError(f"axis {axis} is out of range for a per-sample rank of {rank}")
    return axis % rank


def _reshape(node, x, ctx):
    shape = tuple(int(s) for s in np.atleast_1d(node.shape))
    if x.ndim == LEAD or not shape or int(np.prod(shape)) != int(np.prod(x.shape[LEAD:])):
        raise ValueError(f"'shape' {shape} does not hold the elements of {x.shape[LEAD:]}")
    return x.reshape(x.shape[:LEAD] + shape)


def _slice(node, x, ctx):
    axis = _sample_axis(node.axis, x.ndim - LEAD)
    start, stop = int(node.start), int(node.stop)
    if not 0 <= start < stop <= x.shape[LEAD + axis]:
        raise ValueError(f"the slice [{start}, {stop}) does not fit an axis of "
                         f"{x.shape[LEAD + axis]}")
    index = [slice(None)] * x.ndim
    index[LEAD + axis] = slice(start, stop)
    return np.ascontiguousarray(x[tuple(index)])


def _count(node, x, ctx):
    if x.dtype == np.float32:
        raise ValueError("the input must be binary or ternary spikes")
    rank = x.ndim - LEAD
    dims = sorted(_sample_axis(d, rank) for d in np.atleast_1d(node.dims))
    if len(set(dims)) != len(dims):
        raise ValueError("'dims' names an axis twice")
    return ref.count(x, [LEAD + d for d in dims])


def _and(node, operands, ctx):
    a, b = operands
    if a.dtype != np.bool_ or b.dtype != np.bool_:
        raise ValueError("both operands must be binary spikes")
    if a.ndim != b.ndim:
        raise ValueError("its operands must have the same per-sample rank")
    return ref.and_(a, b)


def _attention(node, operands, ctx):
    q, k, v = operands
    if q.dtype != np.bool_:
        raise ValueError("operand q must be binary spikes")
    if k.dtype == np.int8 or v.dtype == np.float32:
        raise ValueError("k must be binary or real, v binary or ternary")
    scale = 1.0 if node.scale is None else float(node.scale)
    return ref.attention(q, k, v, num_heads=int(node.num_heads), scale=scale)


def _concat(node, operands, ctx):
    kinds = {x.dtype for x in operands}
    if len(kinds) > 1:
        operands = [to_real(x) for x in operands]
    axis = _sample_axis(node.axis, operands[0].ndim - LEAD)
    return np.concatenate(operands, axis=LEAD + axis)


_OPERAND_EVALUATORS = {"spike.And": _and, "spike.Attention": _attention,
                       "spike.Concat": _concat}


def evaluate_operands(node, node_type, operands, ctx):
    """The output of an operand node (spike.And, ...) for its operands in order."""
    return _OPERAND_EVALUATORS[node_type](node, operands, ctx)


_EVALUATORS = {
    "Affine": lambda n, x, c: _linear(n, x, c, True),
    "Linear": lambda n, x, c: _linear(n, x, c, False),
    "Scale": _scale,
    "Conv1d": lambda n, x, c: _conv(n, x, c, 1),
    "Conv2d": lambda n, x, c: _conv(n, x, c, 2),
    "SumPool2d": lambda n, x, c: _pool(n, x, c, False),
    "AvgPool2d": lambda n, x, c: _pool(n, x, c, True),
    "Flatten": _flatten,
    "Threshold": _threshold,
    "Delay": _delay,
    "spike.LIF": lambda n, x, c: _spike_neuron(n, x, c, False),
    "spike.TernaryLIF": lambda n, x, c: _spike_neuron(n, x, c, True),
    "spike.BatchNorm": _spike_batch_norm,
    "spike.ReLU": lambda n, x, c: ref.relu(to_real(x)),
    "spike.MaxPool2d": _max_pool,
    "spike.Sum": lambda n, x, c: x,
    "spike.Transpose": _transpose,
    "spike.Mean": _mean,
    "spike.MeanTime": _mean_time,
    "spike.SelfAttention": _self_attention,
    "spike.Reshape": _reshape,
    "spike.Slice": _slice,
    "spike.Count": _count,
}
for _kind in NIR_NEURON_TYPES:
    _EVALUATORS[_kind] = (lambda kind: lambda n, x, c: _nir_neuron(n, kind, x, c))(_kind)


def evaluate(node, node_type, x, ctx):
    """The output of ``node`` (of NIR type ``node_type``) for its summed input."""
    evaluator = _EVALUATORS.get(node_type)
    if evaluator is None:
        if node_type == "Input":
            raise ValueError("an Input node inside the graph has inputs")
        raise ValueError(f"unknown node type '{node_type}'")
    return evaluator(node, x, ctx)
