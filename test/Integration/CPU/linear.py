# RUN: %python %s | FileCheck %s
"""Execution of spike.linear on the CPU (--spike-cpu-pipeline), checked bit
for bit against the NumPy reference.

Binary (i1), ternary (i2) and real (f32) input; K below 64, equal to 64 and
128, and not a multiple of 64 (the zero-padded last word); 0, 1 and 2 batch
dimensions; with and without bias; weights as arguments (transposed at run
time) and as constants (transposed at compile time). Weights are multiples
of 1/64 in [-1, 1] and f32 inputs multiples of 1/8, so every sum is exact.
The program runs vectorized (host width and 4 lanes) and with vectorize=0.
"""

import numpy as np

from spike import reference as ref
from spike.mlir_runner import (Checker, Program, dense_f32, tensor_type,
                               to_spikes)

rng = np.random.default_rng(11)
program = Program()
expected = {}


def grid(shape, low, high, step):
    return (rng.integers(round(low / step), round(high / step) + 1, shape)
            * step).astype(np.float32)


def inputs(kind, shape, density=0.3):
    """f32 carriers of i1 (0/1), i2 (-1/0/1) or real input."""
    if kind == "i1":
        return (rng.random(shape) < density).astype(np.float32)
    if kind == "i2":
        r = rng.random(shape)
        return ((r < density / 2).astype(np.float32) -
                (r > 1 - density / 2).astype(np.float32))
    return grid(shape, -2, 2, 1 / 8)


def as_reference(kind, x):
    return {"i1": lambda: x.astype(bool), "i2": lambda: x.astype(np.int8),
            "f32": lambda: x}[kind]()


def add(name, kind, x, m, bias=True, constant_weights=False):
    k = x.shape[-1]
    batch = x.shape[:-1]
    w = grid((m, k), -1, 1, 1 / 64)
    b = grid((m,), -1, 1, 1 / 64) if bias else None
    xt, st = tensor_type(x.shape), tensor_type(x.shape, kind)
    wt, bt, yt = tensor_type((m, k)), tensor_type((m,)), tensor_type(batch + (m,))
    args, values, body = [f"%x: {xt}"], [x], ""
    if constant_weights:
        body += f"  %w = arith.constant {dense_f32(w)}\n"
        if bias:
            body += f"  %b = arith.constant {dense_f32(b)}\n"
    else:
        args.append(f"%w: {wt}")
        values.append(w)
        if bias:
            args.append(f"%b: {bt}")
            values.append(b)
    source = "x"
    if kind != "f32":
        body += "  " + to_spikes("s", "x", x.shape, kind)
        source = "s"
    operands = f"%{source}, %w, %b" if bias else f"%{source}, %w"
    types = f"{st}, {wt}, {bt}" if bias else f"{st}, {wt}"
    program.add(name, f"""
func.func @{name}({', '.join(args)}) -> {yt} {{
{body}  %y = spike.linear {operands} : ({types}) -> {yt}
  return %y : {yt}
}}""", values)
    expected[name] = ref.linear(as_reference(kind, x), w, b)


KINDS = ("i1", "i2", "f32")

# K around the 64-bit words, two batch dims, M below and above 64.
for kind in KINDS:
    for index, k in enumerate((5, 64, 70, 128, 130)):
        add(f"linear_{kind}_k{k}", kind, inputs(kind, (2, 3, k)),
            m=70 if k == 70 else 17, bias=index % 2 == 0)

# 0, 1 and 2 batch dims, with and without bias.
for kind in KINDS:
    for batch in ((), (4,), (2, 3)):
        for bias in (True, False):
            name = f"linear_{kind}_batch{len(batch)}_{'bias' if bias else 'nobias'}"
            add(name, kind, inputs(kind, batch + (70,)), m=9, bias=bias)

# All-zero and all-one spikes (all +1 and all -1 for ternary); M = 1.
for kind, value in (("i1", 0), ("i1", 1), ("i2", 0), ("i2", 1), ("i2", -1)):
    label = {0: "zero", 1: "one", -1: "minus_one"}[value]
    add(f"linear_{kind}_all_{label}", kind,
        np.full((2, 130), value, np.float32), m=5)
add("linear_i1_m1", "i1", inputs("i1", (3, 70)), m=1)
for kind in KINDS:
    add(f"linear_{kind}_k1", kind, inputs(kind, (4, 1), 0.6), m=3)

# Constant weights and bias (their layout is computed at compile time).
for kind in KINDS:
    add(f"linear_{kind}_constant_weights", kind, inputs(kind, (2, 3, 70)), m=11,
        constant_weights=True)
    add(f"linear_{kind}_constant_weights_nobias", kind, inputs(kind, (130,)), m=6,
        bias=False, constant_weights=True)

# Dense spikes (max-pooled maps are): words with more than half of their
# valid bits set take the complement path, the word's row sum minus the
# rows of its clear bits (constant weights: the row sums are precomputed).
# K = 70 and 130 have a partial last word; ternary input mostly +1 (a dense
# +1 plane) and mostly -1 (a dense -1 plane).
for k in (70, 130):
    add(f"linear_i1_dense_k{k}", "i1", inputs("i1", (3, 5, k), 0.85), m=20,
        constant_weights=True)
    for sign, label in ((1, "plus"), (-1, "minus")):
        r = rng.random((4, k))
        x = np.where(r < 0.8, sign, np.where(r > 0.95, -sign, 0)).astype(np.float32)
        add(f"linear_i2_dense_{label}_k{k}", "i2", x, m=9, constant_weights=True)
add("linear_i1_all_one_constant", "i1", np.ones((2, 130), np.float32), m=5,
    constant_weights=True)

checker = Checker()
# The default (host) vector width, scalar loops, and 4 lanes as on a host
# without AVX (other tile sizes).
for options, tag in (("", ""), ("vectorize=0", " [vectorize=0]"),
                     ("vector-width=4", " [vector-width=4]")):
    results = program.run(options)
    for name, want in expected.items():
        checker.check(name + tag, results[name][0], want)
checker.done()

# Every case, in order: one that silently disappears fails the test.
# CHECK: {{^}}linear_i1_k5: ok{{$}}
# CHECK: {{^}}linear_i1_k64: ok{{$}}
# CHECK: {{^}}linear_i1_k70: ok{{$}}
# CHECK: {{^}}linear_i1_k128: ok{{$}}
# CHECK: {{^}}linear_i1_k130: ok{{$}}
# CHECK: {{^}}linear_i2_k5: ok{{$}}
# CHECK: {{^}}linear_i2_k64: ok{{$}}
# CHECK: {{^}}linear_i2_k70: ok{{$}}
# CHECK: {{^}}linear_i2_k128: ok{{$}}
# CHECK: {{^}}linear_i2_k130: ok{{$}}
# CHECK: {{^}}linear_f32_k5: ok{{$}}
# CHECK: {{^}}linear_f32_k64: ok{{$}}
# CHECK: {{^}}linear_f32_k70: ok{{$}}
# CHECK: {{^}}linear_f32_k128: ok{{$}}
# CHECK: {{^}}linear_f32_k130: ok{{$}}
# CHECK: {{^}}linear_i1_batch0_bias: ok{{$}}
# CHECK: {{^}}linear_i1_batch0_nobias: ok{{$}}
# CHECK: {{^}}linear_i1_batch1_bias: ok{{$}}
# CHECK: {{^}}linear_i1_batch1_nobias: ok{{$}}
# CHECK: {{^}}linear_i1_batch2_bias: ok{{$}}
# CHECK: {{^}}linear_i1_batch2_nobias: ok{{$}}
# CHECK: {{^}}linear_i2_batch0_bias: ok{{$}}
# CHECK: {{^}}linear_i2_batch0_nobias: ok{{$}}
# CHECK: {{^}}linear_i2_batch1_bias: ok{{$}}
# CHECK: {{^}}linear_i2_batch1_nobias: ok{{$}}
# CHECK: {{^}}linear_i2_batch2_bias: ok{{$}}
# CHECK: {{^}}linear_i2_batch2_nobias: ok{{$}}
# CHECK: {{^}}linear_f32_batch0_bias: ok{{$}}
# CHECK: {{^}}linear_f32_batch0_nobias: ok{{$}}
# CHECK: {{^}}linear_f32_batch1_bias: ok{{$}}
# CHECK: {{^}}linear_f32_batch1_nobias: ok{{$}}
# CHECK: {{^}}linear_f32_batch2_bias: ok{{$}}
# CHECK: {{^}}linear_f32_batch2_nobias: ok{{$}}
# CHECK: {{^}}linear_i1_all_zero: ok{{$}}
# CHECK: {{^}}linear_i1_all_one: ok{{$}}
# CHECK: {{^}}linear_i2_all_zero: ok{{$}}
# CHECK: {{^}}linear_i2_all_one: ok{{$}}
# CHECK: {{^}}linear_i2_all_minus_one: ok{{$}}
# CHECK: {{^}}linear_i1_m1: ok{{$}}
# CHECK: {{^}}linear_i1_k1: ok{{$}}
# CHECK: {{^}}linear_i2_k1: ok{{$}}
# CHECK: {{^}}linear_f32_k1: ok{{$}}
# CHECK: {{^}}linear_i1_constant_weights: ok{{$}}
# CHECK: {{^}}linear_i1_constant_weights_nobias: ok{{$}}
# CHECK: {{^}}linear_i2_constant_weights: ok{{$}}
# CHECK: {{^}}linear_i2_constant_weights_nobias: ok{{$}}
# CHECK: {{^}}linear_f32_constant_weights: ok{{$}}
# CHECK: {{^}}linear_f32_constant_weights_nobias: ok{{$}}
# CHECK: {{^}}linear_i1_dense_k70: ok{{$}}
# CHECK: {{^}}linear_i2_dense_plus_k70: ok{{$}}
# CHECK: {{^}}linear_i2_dense_minus_k70: ok{{$}}
# CHECK: {{^}}linear_i1_dense_k130: ok{{$}}
# CHECK: {{^}}linear_i2_dense_plus_k130: ok{{$}}
# CHECK: {{^}}linear_i2_dense_minus_k130: ok{{$}}
# CHECK: {{^}}linear_i1_all_one_constant: ok{{$}}
# CHECK: {{^}}linear_i1_k5 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_k64 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_k70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_k128 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_k130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_k5 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_k64 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_k70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_k128 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_k130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_k5 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_k64 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_k70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_k128 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_k130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_batch0_bias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_batch0_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_batch1_bias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_batch1_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_batch2_bias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_batch2_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_batch0_bias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_batch0_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_batch1_bias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_batch1_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_batch2_bias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_batch2_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_batch0_bias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_batch0_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_batch1_bias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_batch1_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_batch2_bias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_batch2_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_all_zero [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_all_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_all_zero [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_all_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_all_minus_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_m1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_k1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_k1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_k1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_constant_weights [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_constant_weights_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_constant_weights [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i2_constant_weights_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_constant_weights [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_f32_constant_weights_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}linear_i1_k5 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_k64 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_k70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_k128 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_k130 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_k5 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_k64 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_k70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_k128 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_k130 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_k5 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_k64 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_k70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_k128 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_k130 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_batch0_bias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_batch0_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_batch1_bias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_batch1_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_batch2_bias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_batch2_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_batch0_bias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_batch0_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_batch1_bias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_batch1_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_batch2_bias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_batch2_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_batch0_bias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_batch0_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_batch1_bias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_batch1_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_batch2_bias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_batch2_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_all_zero [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_all_one [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_all_zero [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_all_one [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_all_minus_one [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_m1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_k1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_k1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_k1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_constant_weights [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i1_constant_weights_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_constant_weights [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_i2_constant_weights_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_constant_weights [vector-width=4]: ok{{$}}
# CHECK: {{^}}linear_f32_constant_weights_nobias [vector-width=4]: ok{{$}}
