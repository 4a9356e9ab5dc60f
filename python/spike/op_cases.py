"""Small single-op models for checking a compiled backend against the NumPy
reference, on a machine that has Python and NumPy but no MLIR.

    from spike.op_cases import cases
    for case in cases():
        ...compile case.mlir, run it on case.input...
        ok, message = case.check(output)

Every case is a module whose only public function is
``func.func @forward(%x: tensor<...xf32>) -> tensor<...xf32>``: spike inputs
arrive as f32 (0/1, or -1/0/1) and are converted to i1/i2 inside, spike
outputs leave as f32, weights are ``arith.constant``s. ``case.expected`` comes
from ``spike.reference``, never from the compiler. Weights are multiples of
1/64, inputs and parameters of 1/4 to 1/32 (as in test/Integration/CPU), so
every sum is exact in f32 and results must match exactly; the only
exceptions are batch norms with epsilon > 0 (sqrt is inexact), checked with
SPEC section 5's tolerance (see ``check_arrays``).

    python3 -m spike.op_cases write DIR

writes DIR/<name>/{model.mlir,input.npy,expected.npy} per case and
DIR/cases.json, a list of {"name", "input_shape", "output_shape", "rtol",
"spikes"}: pass rtol and spikes to ``check_arrays`` to re-check an output.
"""

import argparse
import dataclasses
import json
import os
import zlib

import numpy as np

from . import reference as ref
from .mlir_runner import (dense_f32, f32_attr, from_spikes, neuron_attributes, tensor_type,
                          to_spikes)


def check_arrays(got, expected, rtol=None, spikes=None):
    """Compares `got` with `expected` (float32 arrays); returns (ok, message).

    rtol None: every element equal (as floats: -0.0 == 0.0, NaN == NaN).
    rtol only: every element within rtol of the expected one, relative to
    the largest |expected| (values near zero do not dominate).
    rtol and spikes (spike outputs of inexact values): at least the fraction
    `spikes` of the elements identical, since a spike flips where h sits on
    the threshold. The same rules as mlir_runner.Checker.check; NumPy only."""
    want = np.asarray(expected).astype(np.float32)
    got = np.asarray(got)
    if got.shape != want.shape:
        return False, f"shape {got.shape}, expected {want.shape}"
    if rtol is None:
        bad = ~((got == want) | (np.isnan(got) & np.isnan(want)))
    elif spikes is not None:
        identical = np.mean(got == want) if want.size else 1.0
        bad = got != want if identical < spikes else np.zeros(want.shape, bool)
    else:
        scale = np.abs(want).max() if want.size else 0.0
        bad = ~np.isclose(got, want, rtol=rtol, atol=rtol * scale)
    if not bad.any():
        return True, "ok"
    details = ", ".join(f"{tuple(int(i) for i in w)}: got {got[tuple(w)]!r} expected "
                        f"{want[tuple(w)]!r}" for w in np.argwhere(bad)[:8])
    return False, f"{int(bad.sum())} of {want.size} differ; first: {details}"


@dataclasses.dataclass
class OpCase:
    """One model: its MLIR text, an input and the reference output."""

    name: str
    mlir: str
    input: np.ndarray
    expected: np.ndarray
    rtol: float | None = None
    spikes: float | None = None

    def check(self, got):
        return check_arrays(got, self.expected, self.rtol, self.spikes)


# Helpers ----------------------------------------------------------------------

def _rng(name):
    # One seed per case: adding or changing a case leaves the others alone.
    return np.random.default_rng(zlib.crc32(name.encode()))


def _grid(rng, shape, low, high, step):
    """Random multiples of `step` in [low, high] (exact in f32)."""
    return (rng.integers(round(low / step), round(high / step) + 1, shape)
            * step).astype(np.float32)


def _carrier(rng, element, shape, density=0.3, plus=0.5):
    """f32 input of an i1 (1 with probability `density`), i2 (non-zero with
    probability `density`, +1 for a fraction `plus` of those) or f32
    (multiples of 1/8 in [-2, 2]) operand."""
    if element == "f32":
        return _grid(rng, shape, -2, 2, 1 / 8)
    fire = rng.random(shape) < density
    if element == "i1":
        return fire.astype(np.float32)
    sign = np.where(rng.random(shape) < plus, 1, -1)
    return np.where(fire, sign, 0).astype(np.float32)


def _as_reference(element, x):
    """The f32 carrier in the reference's types (bool, int8 or float32)."""
    return {"i1": x.astype(bool), "i2": x.astype(np.int8), "f32": x}[element]


def _indent(text):
    return "".join(f"  {line}\n" for line in text.splitlines())


def _to_element(element, value, name, shape):
    """Lines converting f32 %value into `element`, and the name to use."""
    if element == "f32":
        return "", value
    return _indent(to_spikes(name, value, shape, element)), name


def _constant(name, array):
    return f"  %{name} = arith.constant {dense_f32(array)}\n"


def _ints(values):
    return f"array<i64: {', '.join(str(v) for v in values)}>"


def _case(name, x, body, result, expected, out_element="f32", **tolerance):
    """An OpCase of @forward(%x) running `body` and returning %result, of
    `out_element` (spikes are returned as f32)."""
    expected = np.asarray(expected).astype(np.float32)
    if out_element != "f32":
        body += _indent(from_spikes("out", result, expected.shape, out_element))
        result = "out"
    xt, yt = tensor_type(x.shape), tensor_type(expected.shape)
    mlir = (f"func.func @forward(%x: {xt}) -> {yt} {{\n{body}"
            f"  return %{result} : {yt}\n}}\n")
    return OpCase(name, mlir, x, expected, **tolerance)


# Synapses ---------------------------------------------------------------------

def _synapse(element, shape, w, b):
    """Lines defining the spike input, %w and %b (if any); the synapse's
    operands and their types."""
    body, source = _to_element(element, "x", "s", shape)
    body += _constant("w", w)
    operands, types = [f"%{source}", "%w"], [tensor_type(shape, element), tensor_type(w.shape)]
    if b is not None:
        body += _constant("b", b)
        operands.append("%b")
        types.append(tensor_type(b.shape))
    return body, ", ".join(operands), ", ".join(types)


def _linear(name, element, shape, m, bias=True, density=0.3, plus=0.5):
    rng = _rng(name)
    x = _carrier(rng, element, shape, density, plus)
    w = _grid(rng, (m, shape[-1]), -1, 1, 1 / 64)
    b = _grid(rng, (m,), -1, 1, 1 / 64) if bias else None
    body, operands, types = _synapse(element, shape, w, b)
    want = ref.linear(_as_reference(element, x), w, b)
    body += f"  %y = spike.linear {operands} : ({types}) -> {tensor_type(want.shape)}\n"
    return _case(name, x, body, "y", want)


def _conv2d(name, element, shape, out_channels, kernel, strides=(1, 1),
            padding=(0, 0, 0, 0), dilations=(1, 1), groups=1, bias=True, density=0.3):
    rng = _rng(name)
    x = _carrier(rng, element, shape, density)
    w = _grid(rng, (out_channels, shape[-3] // groups) + kernel, -1, 1, 1 / 64)
    b = _grid(rng, (out_channels,), -1, 1, 1 / 64) if bias else None
    want = ref.conv2d(_as_reference(element, x), w, b, strides=strides, padding=padding,
                      dilations=dilations, groups=groups)
    body, operands, types = _synapse(element, shape, w, b)
    attrs = (f"strides = {_ints(strides)}, padding = {_ints(padding)}, "
             f"dilations = {_ints(dilations)}, groups = {groups} : i64")
    body += (f"  %y = spike.conv2d {operands} {{{attrs}}} : ({types}) -> "
             f"{tensor_type(want.shape)}\n")
    return _case(name, x, body, "y", want)


# Neurons ----------------------------------------------------------------------

NEURONS = {"lif": ("spike.lif", "i1", ref.lif),
           "ternary_lif": ("spike.ternary_lif", "i2", ref.ternary_lif),
           "leaky_integrate": ("spike.leaky_integrate", "f32", ref.leaky_integrate)}



def _quarters(shape, low, high):
    """Per-neuron parameter values: multiples of 1/4, drawn from a case's rng."""
    return lambda rng: _grid(rng, shape, low, high, 1 / 4)


def _neuron(name, op, shape, step=1 / 32, low=-3, high=3, params=None):
    """`op` on random multiples of `step`; `params` maps attribute names to
    values, or to functions of the rng (per-neuron values)."""
    rng = _rng(name)
    x = _grid(rng, shape, low, high, step)
    params = {k: v(rng) if callable(v) else v for k, v in (params or {}).items()}
    mnemonic, element, reference = NEURONS[op]
    body = (f"  %s = {mnemonic} %x{neuron_attributes(params)} : {tensor_type(shape)} -> "
            f"{tensor_type(shape, element)}\n")
    return _case(name, x, body, "s", reference(x, **params), element)


def _cuba_lif(name):
    """NIR CubaLIF: a leaky integrator of the synaptic current, then a LIF."""
    x = _grid(_rng(name), (6, 2, 70), -2, 2, 1 / 16)
    synapse = dict(decay=0.75, gain=1.0)
    membrane = dict(decay=0.5, gain=0.5, v_threshold=0.75, compare="gt")
    t, s = tensor_type(x.shape), tensor_type(x.shape, "i1")
    body = (f"  %i = spike.leaky_integrate %x{neuron_attributes(synapse)} : {t} -> {t}\n"
            f"  %s = spike.lif %i{neuron_attributes(membrane)} : {t} -> {s}\n")
    want = ref.lif(ref.leaky_integrate(x, **synapse), **membrane)
    return _case(name, x, body, "s", want, "i1")


# Pools ------------------------------------------------------------------------

POOLS = {"maxpool": ref.maxpool2d, "avgpool": ref.avgpool2d, "sumpool": ref.sumpool2d}


def _pool(name, pool, element, shape, kernel, strides=None, padding=(0, 0, 0, 0)):
    # Negative f32 inputs too, so that a maxpool's padding must never win.
    x = _carrier(_rng(name), element, shape)
    want = POOLS[pool](_as_reference(element, x), kernel, strides, padding)
    out_element = "i1" if pool == "maxpool" and element == "i1" else "f32"
    attrs = [f"kernel = {_ints(kernel)}"]
    if strides is not None:
        attrs.append(f"strides = {_ints(strides)}")
    if any(padding):
        attrs.append(f"padding = {_ints(padding)}")
    body, source = _to_element(element, "x", "s", shape)
    body += (f"  %p = spike.{pool}2d %{source} {{{', '.join(attrs)}}} : "
             f"{tensor_type(shape, element)} -> {tensor_type(want.shape, out_element)}\n")
    return _case(name, x, body, "p", want, out_element)


# Graph ops --------------------------------------------------------------------

def _batch_norm(name, shape, axis, epsilon, then_lif=False):
    """Exact with epsilon 0 and variances that are powers of 4; else
    sqrt(var + epsilon) rounds, and SPEC section 5's tolerance applies."""
    rng = _rng(name)
    channels = shape[axis]
    x = _grid(rng, shape, -2, 2, 1 / 16)
    params = [_grid(rng, (channels,), -2, 2, 1 / 8), _grid(rng, (channels,), -1, 1, 1 / 16),
              _grid(rng, (channels,), -1, 1, 1 / 16)]
    if epsilon == 0:
        params.append((4.0 ** rng.integers(-1, 3, channels)).astype(np.float32))
    else:
        params.append(_grid(rng, (channels,), 0.25, 2, 1 / 16))
    body = "".join(_constant(key, p) for key, p in zip(("g", "b", "m", "v"), params))
    t, vt = tensor_type(shape), tensor_type((channels,))
    body += (f"  %y = spike.batch_norm %x, %g, %b, %m, %v {{epsilon = {f32_attr(epsilon)}, "
             f"axis = {axis} : i64}} : {t}, {vt}\n")
    want = ref.batch_norm(x, *params, epsilon=epsilon, axis=axis)
    tolerance = {} if epsilon == 0 else dict(rtol=1e-5)
    if not then_lif:
        return _case(name, x, body, "y", want, **tolerance)
    # 0.4 is not a multiple of 1/16: no y sits on the threshold exactly.
    body += (f"  %s = spike.lif %y {{v_threshold = {f32_attr(0.4)}}} : {t} -> "
             f"{tensor_type(shape, 'i1')}\n")
    return _case(name, x, body, "s", ref.lif(want, v_threshold=0.4), "i1",
                 spikes=0.999, **tolerance)


def _relu(name):
    x = _grid(_rng(name), (3, 5, 70), -2, 2, 1 / 16)
    body = f"  %y = spike.relu %x : {tensor_type(x.shape)}\n"
    return _case(name, x, body, "y", ref.relu(x))


def _repeat(name, element, shape, timesteps, then_lif=False):
    """spike.repeat (direct encoding); on f32 followed by a LIF, as models use it."""
    x = _carrier(_rng(name), element, shape)
    body, source = _to_element(element, "x", "s", shape)
    out = (timesteps,) + shape
    body += (f"  %r = spike.repeat %{source} {{timesteps = {timesteps} : i64}} : "
             f"{tensor_type(shape, element)} -> {tensor_type(out, element)}\n")
    want = ref.repeat(_as_reference(element, x), timesteps)
    if not then_lif:
        return _case(name, x, body, "r", want, element)
    body += f"  %l = spike.lif %r : {tensor_type(out)} -> {tensor_type(out, 'i1')}\n"
    return _case(name, x, body, "l", ref.lif(want), "i1")


def _mean_time(name, element, shape):
    x = _carrier(_rng(name), element, shape)
    body, source = _to_element(element, "x", "s", shape)
    want = ref.mean_time(_as_reference(element, x))
    body += (f"  %m = spike.mean_time %{source} : {tensor_type(shape, element)} -> "
             f"{tensor_type(want.shape)}\n")
    return _case(name, x, body, "m", want)


def _mean_time_of_lif(name):
    """Firing rates of packed LIF output (the usual readout)."""
    x = _grid(_rng(name), (5, 2, 70), -1, 3, 1 / 8)
    t, s = tensor_type(x.shape), tensor_type(x.shape, "i1")
    body = (f"  %s = spike.lif %x : {t} -> {s}\n"
            f"  %m = spike.mean_time %s : {s} -> {tensor_type((2, 70))}\n")
    return _case(name, x, body, "m", ref.mean_time(ref.lif(x)))


def _residual_add(name):
    """A membrane shortcut: x + linear(lif(x)) with arith.addf."""
    rng = _rng(name)
    x = _grid(rng, (3, 2, 70), -1, 3, 1 / 16)
    w = _grid(rng, (70, 70), -1, 1, 1 / 64)
    t, s, wt = tensor_type(x.shape), tensor_type(x.shape, "i1"), tensor_type(w.shape)
    body = _constant("w", w) + (
        f"  %s = spike.lif %x : {t} -> {s}\n"
        f"  %l = spike.linear %s, %w : ({s}, {wt}) -> {t}\n"
        f"  %y = arith.addf %x, %l : {t}\n")
    return _case(name, x, body, "y", x + ref.linear(ref.lif(x), w))


def _flatten(name):
    """Spikes flattened by tensor.collapse_shape between spike ops:
    conv2d -> lif -> collapse_shape -> linear."""
    rng = _rng(name)
    x = _carrier(rng, "i1", (2, 1, 2, 4, 5))
    wc = _grid(rng, (3, 2, 3, 3), -1, 1, 1 / 64)
    wl = _grid(rng, (4, 60), -1, 1, 1 / 64)
    conv = ref.conv2d(x.astype(bool), wc, padding=(1, 1, 1, 1))
    want = ref.linear(ref.lif(conv * 4).reshape(2, 1, 60), wl)
    ct, cs = tensor_type(conv.shape), tensor_type(conv.shape, "i1")
    body, source = _to_element("i1", "x", "s", x.shape)
    body += _constant("wc", wc) + _constant("wl", wl) + (
        f"  %c = spike.conv2d %{source}, %wc {{padding = {_ints((1, 1, 1, 1))}}} : "
        f"({tensor_type(x.shape, 'i1')}, {tensor_type(wc.shape)}) -> {ct}\n"
        f"  %four = arith.constant dense<4.0> : {ct}\n"
        f"  %c4 = arith.mulf %c, %four : {ct}\n"
        f"  %l = spike.lif %c4 : {ct} -> {cs}\n"
        f"  %f = tensor.collapse_shape %l [[0], [1], [2, 3, 4]] : {cs} into "
        f"tensor<2x1x60xi1>\n"
        f"  %y = spike.linear %f, %wl : (tensor<2x1x60xi1>, {tensor_type(wl.shape)}) -> "
        f"{tensor_type(want.shape)}\n")
    return _case(name, x, body, "y", want)


# Spike-driven attention primitives --------------------------------------------

def _split(x, shapes):
    """Lines cutting the flat f32 input %x into one tensor per shape (%in0,
    %in1, ...): consecutive slices, reshaped."""
    body, offset = "", 0
    for index, shape in enumerate(shapes):
        size = int(np.prod(shape, dtype=np.int64))
        flat = tensor_type((size,))
        body += (f"  %flat{index} = tensor.extract_slice %x[{offset}] [{size}] [1] : "
                 f"{tensor_type(x.shape)} to {flat}\n")
        if len(shape) == 0:
            body += f"  %in{index} = tensor.collapse_shape %flat{index} [] : {flat} into tensor<f32>\n"
        elif len(shape) == 1:
            body += f"  %in{index} = tensor.extract_slice %flat{index}[0] [{size}] [1] : {flat} to {flat}\n"
        else:
            dims = ", ".join(str(d) for d in range(len(shape)))
            body += (f"  %in{index} = tensor.expand_shape %flat{index} [[{dims}]] output_shape "
                     f"[{', '.join(str(d) for d in shape)}] : {flat} into {tensor_type(shape)}\n")
        offset += size
    return body


def _and(name, lhs_shape, rhs_shape, lhs_density=0.6, rhs_density=0.6):
    """spike.and of two operands carried in one flat input."""
    rng = _rng(name)
    a = _carrier(rng, "i1", lhs_shape, lhs_density)
    b = _carrier(rng, "i1", rhs_shape, rhs_density)
    x = np.concatenate([a.ravel(), b.ravel()])
    want = ref.and_(a.astype(bool), b.astype(bool))
    body = _split(x, [lhs_shape, rhs_shape])
    body += _indent(to_spikes("a", "in0", lhs_shape, "i1") + to_spikes("b", "in1", rhs_shape, "i1"))
    body += (f"  %y = spike.and %a, %b : {tensor_type(lhs_shape, 'i1')}, "
             f"{tensor_type(rhs_shape, 'i1')} -> {tensor_type(want.shape, 'i1')}\n")
    return _case(name, x, body, "y", want, "i1")


def _count(name, element, shape, dims, density=0.4):
    x = _carrier(_rng(name), element, shape, density)
    want = ref.count(_as_reference(element, x), dims)
    body, source = _to_element(element, "x", "s", shape)
    body += (f"  %c = spike.count %{source} {{dims = {_ints(dims)}}} : "
             f"{tensor_type(shape, element)} -> {tensor_type(want.shape)}\n")
    return _case(name, x, body, "c", want)


def _spike_driven_attention(name, t, batch, tokens, dim):
    """Spike-driven self-attention (SDT v1) on LIF spikes: q AND lif(count(k
    AND v) over the tokens), q, k and v from slices of one input."""
    rng = _rng(name)
    shape = (t, batch, tokens, dim)
    x = _grid(rng, (3,) + shape, -1, 3, 1 / 4)
    ft, st = tensor_type(shape), tensor_type(shape, "i1")
    counted = (t, batch, 1, dim)
    ct, cs = tensor_type(counted), tensor_type(counted, "i1")
    body = ""
    for index, part in enumerate(("q", "k", "v")):
        body += (f"  %{part}f = tensor.extract_slice %x[{index}, 0, 0, 0, 0] "
                 f"[1, {', '.join(str(d) for d in shape)}] [1, 1, 1, 1, 1] : "
                 f"{tensor_type(x.shape)} to {ft}\n"
                 f"  %{part} = spike.lif %{part}f : {ft} -> {st}\n")
    body += (f"  %kv = spike.and %k, %v : {st}, {st} -> {st}\n"
             f"  %c = spike.count %kv {{dims = {_ints([2])}}} : {st} -> {ct}\n"
             f"  %m = spike.lif %c {{v_threshold = {f32_attr(0.5)}}} : {ct} -> {cs}\n"
             f"  %y = spike.and %q, %m : {st}, {cs} -> {st}\n")
    q, k, v = (ref.lif(x[i]) for i in range(3))
    want = ref.and_(q, ref.lif(ref.count(ref.and_(k, v), [2]), v_threshold=0.5))
    return _case(name, x, body, "y", want, "i1")


def _token_attention(name, t, tokens, heads, head_dim):
    """Q-K token attention (QKFormer) per head: k AND lif(count(q) over the
    channels of a head), heads split off the channels by a reshape of the
    spikes."""
    rng = _rng(name)
    shape, split = (t, tokens, heads * head_dim), (t, tokens, heads, head_dim)
    x = _grid(rng, (2,) + shape, -1, 3, 1 / 4)
    ft, st = tensor_type(shape), tensor_type(shape, "i1")
    ht, counted = tensor_type(split, "i1"), (t, tokens, heads, 1)
    ct, cs = tensor_type(counted), tensor_type(counted, "i1")
    body = ""
    for index, part in enumerate(("q", "k")):
        body += (f"  %{part}f = tensor.extract_slice %x[{index}, 0, 0, 0] "
                 f"[1, {', '.join(str(d) for d in shape)}] [1, 1, 1, 1] : "
                 f"{tensor_type(x.shape)} to {ft}\n"
                 f"  %{part} = spike.lif %{part}f : {ft} -> {st}\n"
                 f"  %{part}h = tensor.expand_shape %{part} [[0], [1], [2, 3]] output_shape "
                 f"[{', '.join(str(d) for d in split)}] : {st} into {ht}\n")
    body += (f"  %c = spike.count %qh {{dims = {_ints([3])}}} : {ht} -> {ct}\n"
             f"  %m = spike.lif %c {{v_threshold = {f32_attr(4.0)}}} : {ct} -> {cs}\n"
             f"  %a = spike.and %kh, %m : {ht}, {cs} -> {ht}\n"
             f"  %y = tensor.collapse_shape %a [[0], [1], [2, 3]] : {ht} into {st}\n")
    q, k = (ref.lif(x[i]).reshape(split) for i in range(2))
    want = ref.and_(k, ref.lif(ref.count(q, [3]), v_threshold=4.0)).reshape(shape)
    return _case(name, x, body, "y", want, "i1")


# Attention --------------------------------------------------------------------

def _attention(name, batch, tokens, dim, heads, keys, values, order=None, scale=1.0):
    """q, k and v stacked in one input (3, B..., N, D), sliced apart.
    `order` sets the `spike.attention_order` attribute (else the compiler
    chooses from the shapes: kv_first where D / heads < N). Real keys are
    multiples of 1/16 in [-1, 2], so every sum is exact in either order."""
    rng = _rng(name)
    shape = batch + (tokens, dim)
    q = _carrier(rng, "i1", shape)
    k = _grid(rng, shape, -1, 2, 1 / 16) if keys == "f32" else _carrier(rng, "i1", shape, 0.5)
    v = _carrier(rng, values, shape)
    x = np.stack([q, k, v])
    t, rank = tensor_type(shape), len(shape)
    body = ""
    for index, part in enumerate(("q", "k", "v")):
        offsets = ", ".join([str(index)] + ["0"] * rank)
        sizes = ", ".join(str(d) for d in (1,) + shape)
        body += (f"  %{part}f = tensor.extract_slice %x[{offsets}] [{sizes}] "
                 f"[{', '.join(['1'] * (rank + 1))}] : {tensor_type(x.shape)} to {t}\n")
    sources = []
    for part, element in (("q", "i1"), ("k", keys), ("v", values)):
        text, source = _to_element(element, f"{part}f", f"{part}s", shape)
        body += text
        sources.append(f"%{source}")
    attrs = [f"num_heads = {heads} : i64"]
    if scale != 1.0:
        attrs.append(f"scale = {f32_attr(scale)}")
    if order:
        attrs.append(f"spike.attention_order = #spike.attention_order<{order}>")
    types = ", ".join(tensor_type(shape, e) for e in ("i1", keys, values))
    body += (f"  %o = spike.attention {', '.join(sources)} {{{', '.join(attrs)}}} : "
             f"({types}) -> {t}\n")
    want = ref.attention(q.astype(bool), _as_reference(keys, k), _as_reference(values, v),
                         num_heads=heads, scale=scale)
    return _case(name, x, body, "o", want)


def _a2os2a_block(name, t, batch, tokens, dim, hidden, heads):
    """One A2OS2A encoder block (examples/a2os2a-block.mlir), weights and
    batch norms as constants; exact as in test/Integration/CPU/a2os2a_block.py
    (epsilon 0, variances 1/4, 1, 4, gammas multiples of 1/8)."""
    rng = _rng(name)
    x = _grid(rng, (t, batch, tokens, dim), -1, 3, 1 / 16)
    shapes = {"q": (dim, dim), "k": (dim, dim), "v": (dim, dim), "o": (dim, dim),
              "h": (hidden, dim), "y": (dim, hidden)}
    params = {layer: dict(w=_grid(rng, shape, -1, 1, 1 / 64),
                          gamma=_grid(rng, shape[:1], 0.5, 2, 1 / 8),
                          beta=_grid(rng, shape[:1], -1, 1, 1 / 16),
                          mean=_grid(rng, shape[:1], -1, 1, 1 / 16),
                          var=(4.0 ** rng.integers(-1, 2, shape[0])).astype(np.float32))
              for layer, shape in shapes.items()}
    act, hid = (t, batch, tokens, dim), (t, batch, tokens, hidden)
    ft, st, tt = tensor_type(act), tensor_type(act, "i1"), tensor_type(act, "i2")
    ht, hs = tensor_type(hid), tensor_type(hid, "i1")
    lines = [_constant(f"{key}_{layer}", value)
             for layer, p in params.items() for key, value in p.items()]

    def dense(layer, source, in_type, out_type):
        wt, vt = tensor_type(shapes[layer]), tensor_type(shapes[layer][:1])
        lines.append(f"  %{layer}0 = spike.linear %{source}, %w_{layer} : ({in_type}, {wt}) "
                     f"-> {out_type}\n")
        lines.append(f"  %{layer}1 = spike.batch_norm %{layer}0, %gamma_{layer}, %beta_{layer}, "
                     f"%mean_{layer}, %var_{layer} {{epsilon = 0.0 : f32, axis = -1 : i64}} : "
                     f"{out_type}, {vt}\n")
        return f"%{layer}1"

    lines.append(f"  %s = spike.lif %x : {ft} -> {st}\n")
    lines.append(f"  %q = spike.lif {dense('q', 's', st, ft)} : {ft} -> {st}\n")
    lines.append(f"  %k = spike.relu {dense('k', 's', st, ft)} : {ft}\n")
    lines.append(f"  %v = spike.ternary_lif {dense('v', 's', st, ft)} : {ft} -> {tt}\n")
    lines.append(f"  %a = spike.attention %q, %k, %v {{num_heads = {heads} : i64}} : "
                 f"({st}, {ft}, {tt}) -> {ft}\n")
    lines.append(f"  %as = spike.lif %a : {ft} -> {st}\n")
    lines.append(f"  %x1 = arith.addf %x, {dense('o', 'as', st, ft)} : {ft}\n")
    lines.append(f"  %s1 = spike.lif %x1 : {ft} -> {st}\n")
    lines.append(f"  %hs = spike.lif {dense('h', 's1', st, ht)} : {ht} -> {hs}\n")
    lines.append(f"  %y = arith.addf %x1, {dense('y', 'hs', hs, ft)} : {ft}\n")

    def reference_dense(layer, s):
        p = params[layer]
        return ref.batch_norm(ref.linear(s, p["w"]), p["gamma"], p["beta"], p["mean"],
                              p["var"], epsilon=0.0, axis=-1)
    s = ref.lif(x)
    a = ref.attention(ref.lif(reference_dense("q", s)), ref.relu(reference_dense("k", s)),
                      ref.ternary_lif(reference_dense("v", s)), num_heads=heads)
    x1 = x + reference_dense("o", ref.lif(a))
    want = x1 + reference_dense("y", ref.lif(reference_dense("h", ref.lif(x1))))
    return _case(name, x, "".join(lines), "y", want)


# The cases --------------------------------------------------------------------

def cases():
    """Every case, in a fixed order, with fixed seeds."""
    return [
        # spike.linear: K = 64, 70 and 130 (a zero-padded last word), 0 to 2
        # batch dims, with and without bias.
        _linear("linear_i1_k70", "i1", (2, 3, 70), 17),
        _linear("linear_i1_k130_nobias", "i1", (4, 130), 9, bias=False),
        _linear("linear_i1_k64", "i1", (64,), 5),
        _linear("linear_i2_k70", "i2", (2, 3, 70), 17),
        _linear("linear_i2_k130_nobias", "i2", (4, 130), 9, bias=False),
        _linear("linear_f32_k70", "f32", (2, 3, 70), 17),
        _linear("linear_f32_k130_nobias", "f32", (130,), 6, bias=False),
        # Dense spikes: words with more than half of their bits set take the
        # complement path; ternary input mostly +1 and mostly -1.
        _linear("linear_i1_dense_k70", "i1", (3, 5, 70), 20, density=0.85),
        _linear("linear_i1_dense_k130", "i1", (4, 130), 9, bias=False, density=0.9),
        _linear("linear_i2_dense_plus_k130", "i2", (4, 130), 9, density=0.95, plus=0.85),
        _linear("linear_i2_dense_minus_k70", "i2", (4, 70), 9, density=0.95, plus=0.15),
        # spike.conv2d: strides, asymmetric padding, dilations, groups,
        # W = 70, a patch longer than one word, dense spikes over 70 channels.
        _conv2d("conv2d_i1_w70_pad1", "i1", (2, 3, 4, 70), 4, (3, 3), padding=(1, 1, 1, 1)),
        _conv2d("conv2d_i2_stride_dilation_asympad", "i2", (1, 3, 7, 70), 5, (3, 2),
                strides=(2, 3), padding=(1, 0, 2, 1), dilations=(2, 1)),
        _conv2d("conv2d_i1_groups4_stride2_nobias", "i1", (1, 8, 6, 70), 8, (3, 3),
                strides=(2, 2), padding=(0, 1, 1, 0), groups=4, bias=False),
        _conv2d("conv2d_f32_groups2", "f32", (2, 8, 5, 9), 6, (3, 3), padding=(1, 1, 1, 1),
                groups=2),
        _conv2d("conv2d_f32_stride2_patch72", "f32", (8, 6, 7), 3, (3, 3), strides=(2, 2),
                padding=(1, 1, 1, 1)),
        _conv2d("conv2d_i1_dense_c70", "i1", (1, 70, 4, 5), 6, (3, 3), padding=(1, 1, 1, 1),
                density=0.85),
        # Neurons: dimension 0 is time; a coarse grid puts h exactly on the
        # threshold (ge vs gt); scalar and per-neuron parameters.
        _neuron("lif_default", "lif", (5, 2, 70)),
        _neuron("lif_gt_soft_scalars", "lif", (6, 3, 70), 1 / 4, -2, 3,
                dict(decay=0.75, gain=1.0, bias=-0.125, v_threshold=0.5, v_reset=-0.25,
                     v_init=0.375, compare="gt", reset="soft")),
        _neuron("lif_ge_none_per_neuron", "lif", (5, 3, 70), params=dict(
            decay=_quarters((70,), 0, 1), v_threshold=_quarters((3, 1), 0.25, 1.5),
            v_init=_quarters((3, 70), -1, 1), reset="none")),
        # NIR IF: decay 1, gain r, bias 0, compare gt, hard reset.
        _neuron("if_neuron", "lif", (6, 2, 70), 1 / 8, -1, 2,
                dict(decay=1.0, gain=1.0, bias=0.0, compare="gt")),
        _neuron("ternary_lif_default", "ternary_lif", (5, 2, 70)),
        _neuron("ternary_lif_soft_per_neuron", "ternary_lif", (4, 3, 130), params=dict(
            v_threshold=_quarters((130,), 0.5, 1.5), v_reset=_quarters((3, 1), -0.5, 0.5),
            bias=-0.125, reset="soft")),
        _neuron("leaky_integrate_scalars", "leaky_integrate", (5, 2, 70),
                params=dict(decay=0.75, gain=1.0, bias=-0.125, v_init=0.375)),
        _cuba_lif("cuba_lif"),
        # Pools: binary maxpool is a bitwise OR; padding, strides, W = 70, 130.
        _pool("maxpool_i1_k2_w70", "maxpool", "i1", (2, 3, 4, 70), (2, 2)),
        _pool("maxpool_f32_k3_s1_pad1", "maxpool", "f32", (1, 2, 5, 70), (3, 3), (1, 1),
              (1, 1, 1, 1)),
        _pool("avgpool_i1_k3x2_s2_asympad_w130", "avgpool", "i1", (2, 2, 5, 130), (3, 2),
              (2, 2), (1, 0, 2, 1)),
        _pool("avgpool_f32_k2", "avgpool", "f32", (2, 3, 4, 70), (2, 2)),
        _pool("sumpool_i1_k3_s1_pad1", "sumpool", "i1", (1, 2, 5, 70), (3, 3), (1, 1),
              (1, 1, 1, 1)),
        _pool("sumpool_f32_k2x3_s1x3", "sumpool", "f32", (3, 4, 5), (2, 3), (1, 3),
              (0, 1, 1, 0)),
        # Graph ops.
        _batch_norm("batch_norm_exact_axis1", (4, 6, 5, 7), 1, 0.0),
        _batch_norm("batch_norm_eps_axis_m1", (3, 2, 70), -1, 1e-5),
        _batch_norm("batch_norm_eps_then_lif", (4, 8, 70), -1, 1e-5, then_lif=True),
        _relu("relu"),
        _repeat("repeat_f32_then_lif", "f32", (2, 70), 4, then_lif=True),
        _repeat("repeat_i2", "i2", (3, 70), 3),
        _mean_time("mean_time_i1", "i1", (4, 3, 70)),
        _mean_time_of_lif("mean_time_of_lif"),
        _residual_add("residual_add"),
        _flatten("flatten_spikes_into_linear"),
        # spike.and: equal shapes (70 features), outer broadcasting with ranks
        # that differ (64), a spike per row masking 130 features, a rank-0
        # spike. spike.count: binary and ternary, over the innermost
        # (popcounts), over outer dims only (per-lane bits), over both.
        _and("and_f70", (2, 3, 70), (2, 3, 70)),
        _and("and_outer_broadcast_f64", (2, 1, 64), (5, 64)),
        _and("and_innermost_broadcast_f130", (3, 4, 1), (3, 4, 130), 0.5, 0.9),
        _and("and_scalar_f20", (), (4, 20), 1.0),
        _count("count_i1_innermost_f130", "i1", (2, 3, 130), [2]),
        _count("count_i1_tokens_f70", "i1", (2, 7, 70), [1]),
        _count("count_i2_outer_and_innermost_f70", "i2", (3, 4, 70), [0, 2]),
        _count("count_i2_outer_f128", "i2", (3, 2, 128), [0, 1]),
        # Spike-driven self-attention and Q-K token attention on LIF spikes.
        _spike_driven_attention("sdsa_lif_and_count", 2, 1, 7, 70),
        _token_attention("qk_token_attention", 2, 5, 3, 24),
        # Attention: both orders forced by the attribute on one shape, and
        # the compiler's own choice (kv_first: head size 16 < 20 tokens;
        # scores_first: head size 48 >= 9 tokens).
        _attention("attention_a2os2a_scores_first", (2,), 12, 32, 2, "f32", "i2",
                   "scores_first"),
        _attention("attention_a2os2a_kv_first", (2,), 12, 32, 2, "f32", "i2", "kv_first"),
        _attention("attention_a2os2a_auto_kv_first", (1,), 20, 32, 2, "f32", "i2"),
        _attention("attention_ssa_auto_scores_first", (), 9, 48, 1, "i1", "i1", scale=0.125),
        # A whole A2OS2A block (4 heads of 12 over 8 tokens).
        _a2os2a_block("a2os2a_block", 2, 1, 8, 48, 96, 4),
    ]


def write(directory):
    """Writes every case and cases.json into `directory`."""
    index = []
    for case in cases():
        folder = os.path.join(directory, case.name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "model.mlir"), "w") as f:
            f.write(case.mlir)
        np.save(os.path.join(folder, "input.npy"), case.input)
        np.save(os.path.join(folder, "expected.npy"), case.expected)
        index.append(dict(name=case.name, input_shape=list(case.input.shape),
                          output_shape=list(case.expected.shape), rtol=case.rtol,
                          spikes=case.spikes))
    with open(os.path.join(directory, "cases.json"), "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(entry) for entry in index) + "\n]\n")
    return index


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m spike.op_cases", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    write_parser = commands.add_parser("write", help="write every case into DIR")
    write_parser.add_argument("directory", metavar="DIR")
    args = parser.parse_args(argv)
    index = write(args.directory)
    print(f"wrote {len(index)} cases to {args.directory}")


if __name__ == "__main__":
    main()
