# RUN: %python %s | FileCheck %s
"""Execution of spike.conv2d on the CPU (--spike-cpu-pipeline), checked bit
for bit against the NumPy reference.

Binary (i1), ternary (i2) and real (f32) input with strides, asymmetric
padding, dilations, groups 2 and 4, no, one and two batch dimensions, widths
below 64, equal to 128 and not a multiple of 64 (70), patches longer than
one 64-bit word, with and without bias, weights as arguments and as
constants. Weights are multiples of 1/64 in [-1, 1] and f32 inputs multiples
of 1/8, so every sum is exact. The program runs vectorized (host width and
4 lanes), with vectorize=0 and with dense-spikes=1.
"""

import numpy as np

from spike import reference as ref
from spike.mlir_runner import (Checker, Program, dense_f32, tensor_type,
                               to_spikes)

rng = np.random.default_rng(13)
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


def add(name, kind, x, out_channels, kernel, strides=(1, 1), padding=(0, 0, 0, 0),
        dilations=(1, 1), groups=1, bias=True, constant_weights=False):
    c = x.shape[-3]
    w = grid((out_channels, c // groups) + tuple(kernel), -1, 1, 1 / 64)
    b = grid((out_channels,), -1, 1, 1 / 64) if bias else None
    want = ref.conv2d(as_reference(kind, x), w, b, strides=strides, padding=padding,
                      dilations=dilations, groups=groups)
    xt, st = tensor_type(x.shape), tensor_type(x.shape, kind)
    wt, bt, yt = tensor_type(w.shape), tensor_type((out_channels,)), tensor_type(want.shape)
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
    ints = lambda values: ", ".join(str(v) for v in values)
    attrs = (f"strides = array<i64: {ints(strides)}>, padding = array<i64: {ints(padding)}>, "
             f"dilations = array<i64: {ints(dilations)}>, groups = {groups} : i64")
    program.add(name, f"""
func.func @{name}({', '.join(args)}) -> {yt} {{
{body}  %y = spike.conv2d {operands} {{{attrs}}} : ({types}) -> {yt}
  return %y : {yt}
}}""", values)
    expected[name] = want


KINDS = ("i1", "i2", "f32")
for kind in KINDS:
    # W > 64 and not a multiple of 64, same padding, one batch dim.
    add(f"conv2d_{kind}_w70_pad1", kind, inputs(kind, (2, 3, 4, 70)), 4, (3, 3),
        padding=(1, 1, 1, 1))
    # Strides, asymmetric padding and dilations.
    add(f"conv2d_{kind}_stride_dilation_asympad", kind, inputs(kind, (1, 3, 7, 70)), 5,
        (3, 2), strides=(2, 3), padding=(1, 0, 2, 1), dilations=(2, 1))
    add(f"conv2d_{kind}_dilation2x3_nobias", kind, inputs(kind, (2, 6, 9)), 3, (2, 3),
        padding=(0, 2, 1, 0), dilations=(2, 3), bias=False)
    # Groups 2 and 4 (patch of 2 * 3 * 3 and 4 * 3 * 3 per group).
    add(f"conv2d_{kind}_groups2", kind, inputs(kind, (2, 8, 5, 9)), 6, (3, 3),
        padding=(1, 1, 1, 1), groups=2)
    add(f"conv2d_{kind}_groups4_stride2", kind, inputs(kind, (1, 8, 6, 70)), 8, (3, 3),
        strides=(2, 2), padding=(0, 1, 1, 0), groups=4)
    # No, one and two batch dims.
    add(f"conv2d_{kind}_batch0", kind, inputs(kind, (3, 5, 6)), 4, (3, 3))
    add(f"conv2d_{kind}_batch1", kind, inputs(kind, (3, 3, 5, 6)), 4, (2, 2),
        strides=(1, 2), bias=False)
    add(f"conv2d_{kind}_batch2", kind, inputs(kind, (2, 2, 3, 5, 6)), 4, (3, 1),
        padding=(1, 0, 1, 0))
    # A patch longer than one word (8 * 3 * 3 = 72 bits), constant weights.
    add(f"conv2d_{kind}_patch72_constant", kind, inputs(kind, (1, 8, 4, 5)), 3, (3, 3),
        padding=(1, 1, 1, 1), constant_weights=True)

# W = 128 (two full words) with stride 2, and W = 64 with 1 x 1 kernels.
add("conv2d_i1_w128_stride2", "i1", inputs("i1", (1, 2, 3, 128)), 3, (1, 3),
    strides=(1, 2), padding=(0, 1, 0, 0))
add("conv2d_i2_w64_kernel1", "i2", inputs("i2", (2, 4, 2, 64)), 5, (1, 1))
add("conv2d_i1_groups4_constant", "i1", inputs("i1", (2, 4, 5, 70)), 4, (3, 3),
    padding=(1, 1, 1, 1), groups=4, constant_weights=True)

# All-zero and all-one spikes (all +1 and all -1 for ternary), with padding.
for kind, value in (("i1", 0), ("i1", 1), ("i2", 1), ("i2", -1)):
    label = {0: "zero", 1: "one", -1: "minus_one"}[value]
    add(f"conv2d_{kind}_all_{label}", kind, np.full((1, 3, 4, 70), value, np.float32),
        4, (3, 3), padding=(1, 2, 0, 1))

# Dense spikes (max-pooled maps are): channel words with more than half of
# their valid bits set take the complement path (constant weights: the row
# sums are precomputed); 70 channels leave a partial last word, and padding
# taps (no word) must not take it.
add("conv2d_i1_dense_c70", "i1", inputs("i1", (1, 70, 4, 5), 0.85), 6, (3, 3),
    padding=(1, 1, 1, 1), constant_weights=True)
r = rng.random((2, 70, 3, 4))
add("conv2d_i2_dense_c70", "i2",
    np.where(r < 0.8, 1, np.where(r > 0.95, -1, 0)).astype(np.float32), 5, (3, 3),
    padding=(1, 1, 1, 1), constant_weights=True)
add("conv2d_i1_all_one_c70", "i1", np.ones((1, 70, 3, 3), np.float32), 4, (3, 3),
    padding=(1, 1, 1, 1), groups=2, constant_weights=True)

checker = Checker()
# The default (host) vector width, scalar loops, 4 lanes as on a host
# without AVX (other tile sizes), and the dense-f32 baseline (spikes cast to
# 0.0/1.0 floats from their packed words, then the f32 im2col gathers from
# them).
for options, tag in (("", ""), ("vectorize=0", " [vectorize=0]"),
                     ("vector-width=4", " [vector-width=4]"),
                     ("dense-spikes=1", " [dense-spikes=1]")):
    results = program.run(options)
    for name, want in expected.items():
        checker.check(name + tag, results[name][0], want)
checker.done()

# Every case, in order: one that silently disappears fails the test.
# CHECK: {{^}}conv2d_i1_w70_pad1: ok{{$}}
# CHECK: {{^}}conv2d_i1_stride_dilation_asympad: ok{{$}}
# CHECK: {{^}}conv2d_i1_dilation2x3_nobias: ok{{$}}
# CHECK: {{^}}conv2d_i1_groups2: ok{{$}}
# CHECK: {{^}}conv2d_i1_groups4_stride2: ok{{$}}
# CHECK: {{^}}conv2d_i1_batch0: ok{{$}}
# CHECK: {{^}}conv2d_i1_batch1: ok{{$}}
# CHECK: {{^}}conv2d_i1_batch2: ok{{$}}
# CHECK: {{^}}conv2d_i1_patch72_constant: ok{{$}}
# CHECK: {{^}}conv2d_i2_w70_pad1: ok{{$}}
# CHECK: {{^}}conv2d_i2_stride_dilation_asympad: ok{{$}}
# CHECK: {{^}}conv2d_i2_dilation2x3_nobias: ok{{$}}
# CHECK: {{^}}conv2d_i2_groups2: ok{{$}}
# CHECK: {{^}}conv2d_i2_groups4_stride2: ok{{$}}
# CHECK: {{^}}conv2d_i2_batch0: ok{{$}}
# CHECK: {{^}}conv2d_i2_batch1: ok{{$}}
# CHECK: {{^}}conv2d_i2_batch2: ok{{$}}
# CHECK: {{^}}conv2d_i2_patch72_constant: ok{{$}}
# CHECK: {{^}}conv2d_f32_w70_pad1: ok{{$}}
# CHECK: {{^}}conv2d_f32_stride_dilation_asympad: ok{{$}}
# CHECK: {{^}}conv2d_f32_dilation2x3_nobias: ok{{$}}
# CHECK: {{^}}conv2d_f32_groups2: ok{{$}}
# CHECK: {{^}}conv2d_f32_groups4_stride2: ok{{$}}
# CHECK: {{^}}conv2d_f32_batch0: ok{{$}}
# CHECK: {{^}}conv2d_f32_batch1: ok{{$}}
# CHECK: {{^}}conv2d_f32_batch2: ok{{$}}
# CHECK: {{^}}conv2d_f32_patch72_constant: ok{{$}}
# CHECK: {{^}}conv2d_i1_w128_stride2: ok{{$}}
# CHECK: {{^}}conv2d_i2_w64_kernel1: ok{{$}}
# CHECK: {{^}}conv2d_i1_groups4_constant: ok{{$}}
# CHECK: {{^}}conv2d_i1_all_zero: ok{{$}}
# CHECK: {{^}}conv2d_i1_all_one: ok{{$}}
# CHECK: {{^}}conv2d_i2_all_one: ok{{$}}
# CHECK: {{^}}conv2d_i2_all_minus_one: ok{{$}}
# CHECK: {{^}}conv2d_i1_dense_c70: ok{{$}}
# CHECK: {{^}}conv2d_i2_dense_c70: ok{{$}}
# CHECK: {{^}}conv2d_i1_all_one_c70: ok{{$}}
# CHECK: {{^}}conv2d_i1_w70_pad1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_stride_dilation_asympad [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_dilation2x3_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_groups2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_groups4_stride2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_batch0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_batch1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_batch2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_patch72_constant [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i2_w70_pad1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i2_stride_dilation_asympad [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i2_dilation2x3_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i2_groups2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i2_groups4_stride2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i2_batch0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i2_batch1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i2_batch2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i2_patch72_constant [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_f32_w70_pad1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_f32_stride_dilation_asympad [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_f32_dilation2x3_nobias [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_f32_groups2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_f32_groups4_stride2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_f32_batch0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_f32_batch1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_f32_batch2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_f32_patch72_constant [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_w128_stride2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i2_w64_kernel1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_groups4_constant [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_all_zero [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_all_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i2_all_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i2_all_minus_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}conv2d_i1_w70_pad1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_stride_dilation_asympad [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_dilation2x3_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_groups2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_groups4_stride2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_batch0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_batch1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_batch2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_patch72_constant [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i2_w70_pad1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i2_stride_dilation_asympad [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i2_dilation2x3_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i2_groups2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i2_groups4_stride2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i2_batch0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i2_batch1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i2_batch2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i2_patch72_constant [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_f32_w70_pad1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_f32_stride_dilation_asympad [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_f32_dilation2x3_nobias [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_f32_groups2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_f32_groups4_stride2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_f32_batch0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_f32_batch1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_f32_batch2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_f32_patch72_constant [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_w128_stride2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i2_w64_kernel1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_groups4_constant [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_all_zero [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_all_one [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i2_all_one [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i2_all_minus_one [vector-width=4]: ok{{$}}
# CHECK: {{^}}conv2d_i1_w70_pad1 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i1_stride_dilation_asympad [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i1_dilation2x3_nobias [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i1_groups2 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i1_groups4_stride2 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i1_batch0 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i1_batch1 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i1_batch2 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i1_patch72_constant [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i2_w70_pad1 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i2_stride_dilation_asympad [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i2_dilation2x3_nobias [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i2_groups2 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i2_groups4_stride2 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i2_batch0 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i2_batch1 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i2_batch2 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i2_patch72_constant [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_f32_w70_pad1 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_f32_stride_dilation_asympad [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_f32_dilation2x3_nobias [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_f32_groups2 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_f32_groups4_stride2 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_f32_batch0 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_f32_batch1 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_f32_batch2 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_f32_patch72_constant [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i1_w128_stride2 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i2_w64_kernel1 [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i1_groups4_constant [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i1_all_zero [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i1_all_one [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i2_all_one [dense-spikes=1]: ok{{$}}
# CHECK: {{^}}conv2d_i2_all_minus_one [dense-spikes=1]: ok{{$}}
