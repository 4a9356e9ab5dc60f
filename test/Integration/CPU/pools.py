# RUN: %python %s | FileCheck %s
"""Execution of spike.maxpool2d, spike.avgpool2d and spike.sumpool2d on the
CPU (--spike-cpu-pipeline), checked bit for bit against the NumPy reference.

Binary spikes (maxpool as a bitwise OR of packed words) and f32 input;
strides 1 and 2 and the kernel-sized default, asymmetric padding, widths
below 64, 64 and 128, above 64 and not a multiple of it, 0, 1 and 2 leading
dims besides the channels. f32 inputs are multiples of 1/8 (negative too,
so that maxpool's padding must never win); window sums are exact and the
average is one correctly rounded division, as in the reference. The
program runs vectorized (host width and 4 lanes) and with vectorize=0.
"""

import numpy as np

from spike import reference as ref
from spike.mlir_runner import (Checker, Program, from_spikes, tensor_type,
                               to_spikes)

rng = np.random.default_rng(19)
program = Program()
expected = {}

POOLS = {"maxpool": ref.maxpool2d, "avgpool": ref.avgpool2d, "sumpool": ref.sumpool2d}


def inputs(kind, shape, density=0.3):
    if kind == "i1":
        return (rng.random(shape) < density).astype(np.float32)
    return (rng.integers(-16, 17, shape) / 8).astype(np.float32)


def add(name, pool, kind, x, kernel, strides=None, padding=(0, 0, 0, 0)):
    want = POOLS[pool](x.astype(bool) if kind == "i1" else x, kernel, strides, padding)
    out_element = "i1" if pool == "maxpool" and kind == "i1" else "f32"
    xt, st = tensor_type(x.shape), tensor_type(x.shape, kind)
    yt, ot = tensor_type(want.shape), tensor_type(want.shape, out_element)
    ints = lambda values: ", ".join(str(v) for v in values)
    attrs = [f"kernel = array<i64: {ints(kernel)}>"]
    if strides is not None:
        attrs.append(f"strides = array<i64: {ints(strides)}>")
    if any(padding):
        attrs.append(f"padding = array<i64: {ints(padding)}>")
    body, source = "", "x"
    if kind == "i1":
        body += to_spikes("s", "x", x.shape, "i1")
        source = "s"
    body += f"%p = spike.{pool}2d %{source} {{{', '.join(attrs)}}} : {st} -> {ot}\n"
    result = "p"
    if out_element == "i1":
        body += from_spikes("y", "p", want.shape, "i1")
        result = "y"
    program.add(name, f"""
func.func @{name}(%x: {xt}) -> {yt} {{
{body}  return %{result} : {yt}
}}""", [x])
    expected[name] = want


for kind in ("i1", "f32"):
    # Default strides (the kernel), W = 70.
    add(f"maxpool_{kind}_k2_w70", "maxpool", kind, inputs(kind, (2, 3, 4, 70)), (2, 2))
    # Stride 1 with same padding.
    add(f"maxpool_{kind}_k3_s1_pad1_w70", "maxpool", kind, inputs(kind, (1, 2, 5, 70)),
        (3, 3), (1, 1), (1, 1, 1, 1))
    # Stride 2, asymmetric padding, W = 130.
    add(f"maxpool_{kind}_k3x2_s2_asympad_w130", "maxpool", kind,
        inputs(kind, (2, 3, 5, 130)), (3, 2), (2, 2), (1, 0, 0, 1))
    # Stride (1, 3), W = 5, no batch dim; W = 128 into 64 with two batch dims.
    add(f"maxpool_{kind}_k2x3_s1x3_w5", "maxpool", kind, inputs(kind, (3, 4, 5)),
        (2, 3), (1, 3), (0, 1, 1, 0))
    add(f"maxpool_{kind}_k2_w128_batch2", "maxpool", kind, inputs(kind, (2, 2, 2, 4, 128)),
        (2, 2))
    add(f"maxpool_{kind}_k2_s1_w64", "maxpool", kind, inputs(kind, (1, 1, 3, 64)),
        (1, 2), (1, 1), (0, 0, 0, 1))
    for pool in ("avgpool", "sumpool"):
        add(f"{pool}_{kind}_k2_w70", pool, kind, inputs(kind, (2, 3, 4, 70)), (2, 2))
        add(f"{pool}_{kind}_k3_s1_pad1_w70", pool, kind, inputs(kind, (1, 2, 5, 70)),
            (3, 3), (1, 1), (1, 1, 1, 1))
        add(f"{pool}_{kind}_k3x2_s2_asympad_w130", pool, kind,
            inputs(kind, (2, 2, 5, 130)), (3, 2), (2, 2), (1, 0, 2, 1))
        add(f"{pool}_{kind}_k2x3_s1x3_w5", pool, kind, inputs(kind, (3, 4, 5)),
            (2, 3), (1, 3), (0, 1, 1, 0))
        add(f"{pool}_{kind}_k2_batch2", pool, kind, inputs(kind, (2, 2, 2, 4, 6)), (2, 2))

# All-zero and all-one spikes; all-negative real input with padding.
for value in (0, 1):
    label = "one" if value else "zero"
    for pool in POOLS:
        add(f"{pool}_i1_all_{label}", pool, "i1", np.full((1, 2, 4, 70), value, np.float32),
            (3, 3), (2, 2), (1, 1, 1, 1))
add("maxpool_f32_negative_padded", "maxpool", "f32",
    -np.abs(inputs("f32", (1, 2, 4, 9))) - 0.125, (3, 3), (1, 1), (1, 1, 1, 1))

# Pools of packed LIF output (spikes never unpacked before the maxpool).
x = (rng.integers(-8, 25, (3, 2, 4, 6, 70)) / 8).astype(np.float32)
lif_spikes = ref.lif(x)
program.add("pools_of_lif_spikes", """
func.func @pools_of_lif_spikes(%x: tensor<3x2x4x6x70xf32>) -> (tensor<3x2x4x3x35xf32>, tensor<3x2x4x3x35xf32>) {
  %s = spike.lif %x : tensor<3x2x4x6x70xf32> -> tensor<3x2x4x6x70xi1>
  %m = spike.maxpool2d %s {kernel = array<i64: 2, 2>} : tensor<3x2x4x6x70xi1> -> tensor<3x2x4x3x35xi1>
  %a = spike.avgpool2d %s {kernel = array<i64: 2, 2>} : tensor<3x2x4x6x70xi1> -> tensor<3x2x4x3x35xf32>
  %y = arith.uitofp %m : tensor<3x2x4x3x35xi1> to tensor<3x2x4x3x35xf32>
  return %y, %a : tensor<3x2x4x3x35xf32>, tensor<3x2x4x3x35xf32>
}""", [x])
expected["pools_of_lif_spikes"] = [ref.maxpool2d(lif_spikes, (2, 2)),
                                   ref.avgpool2d(lif_spikes, (2, 2))]

# Maxpooled spikes consumed in packed form by a linear: the padding bits
# of the output words must stay zero, also where the windows past the last
# output column still overlap the input (W = 71 pooled by 2 into 35, W = 70
# by 1 x 3 windows into 68).
for width, kernel, strides in ((71, (2, 2), (2, 2)), (70, (1, 3), (1, 1))):
    name = f"maxpool_i1_w{width}_into_linear"
    x = np.ones((1, 2, 4, width), np.float32)
    pooled = ref.maxpool2d(x.astype(bool), kernel, strides)
    out = pooled.shape[-1]
    w = (rng.integers(-64, 65, (5, out)) / 64).astype(np.float32)
    want = ref.linear(pooled, w)
    xt, st = tensor_type(x.shape), tensor_type(x.shape, "i1")
    pt, yt = tensor_type(pooled.shape, "i1"), tensor_type(want.shape)
    program.add(name, f"""
func.func @{name}(%x: {xt}, %w: tensor<5x{out}xf32>) -> {yt} {{
  %zero = arith.constant dense<0.0> : {xt}
  %s = arith.cmpf one, %x, %zero : {xt}
  %m = spike.maxpool2d %s {{kernel = array<i64: {kernel[0]}, {kernel[1]}>, strides = array<i64: {strides[0]}, {strides[1]}>}} : {st} -> {pt}
  %y = spike.linear %m, %w : ({pt}, tensor<5x{out}xf32>) -> {yt}
  return %y : {yt}
}}""", [x, w])
    expected[name] = want

checker = Checker()
# The default (host) vector width, scalar loops, and 4 lanes as on a host
# without AVX (other tile sizes).
for options, tag in (("", ""), ("vectorize=0", " [vectorize=0]"),
                     ("vector-width=4", " [vector-width=4]")):
    results = program.run(options)
    for name, want in expected.items():
        wants = want if isinstance(want, list) else [want]
        for index, w in enumerate(wants):
            label = name + (f"#{index}" if len(wants) > 1 else "") + tag
            checker.check(label, results[name][index], w)
checker.done()

# Every case, in order: one that silently disappears fails the test.
# CHECK: {{^}}maxpool_i1_k2_w70: ok{{$}}
# CHECK: {{^}}maxpool_i1_k3_s1_pad1_w70: ok{{$}}
# CHECK: {{^}}maxpool_i1_k3x2_s2_asympad_w130: ok{{$}}
# CHECK: {{^}}maxpool_i1_k2x3_s1x3_w5: ok{{$}}
# CHECK: {{^}}maxpool_i1_k2_w128_batch2: ok{{$}}
# CHECK: {{^}}maxpool_i1_k2_s1_w64: ok{{$}}
# CHECK: {{^}}avgpool_i1_k2_w70: ok{{$}}
# CHECK: {{^}}avgpool_i1_k3_s1_pad1_w70: ok{{$}}
# CHECK: {{^}}avgpool_i1_k3x2_s2_asympad_w130: ok{{$}}
# CHECK: {{^}}avgpool_i1_k2x3_s1x3_w5: ok{{$}}
# CHECK: {{^}}avgpool_i1_k2_batch2: ok{{$}}
# CHECK: {{^}}sumpool_i1_k2_w70: ok{{$}}
# CHECK: {{^}}sumpool_i1_k3_s1_pad1_w70: ok{{$}}
# CHECK: {{^}}sumpool_i1_k3x2_s2_asympad_w130: ok{{$}}
# CHECK: {{^}}sumpool_i1_k2x3_s1x3_w5: ok{{$}}
# CHECK: {{^}}sumpool_i1_k2_batch2: ok{{$}}
# CHECK: {{^}}maxpool_f32_k2_w70: ok{{$}}
# CHECK: {{^}}maxpool_f32_k3_s1_pad1_w70: ok{{$}}
# CHECK: {{^}}maxpool_f32_k3x2_s2_asympad_w130: ok{{$}}
# CHECK: {{^}}maxpool_f32_k2x3_s1x3_w5: ok{{$}}
# CHECK: {{^}}maxpool_f32_k2_w128_batch2: ok{{$}}
# CHECK: {{^}}maxpool_f32_k2_s1_w64: ok{{$}}
# CHECK: {{^}}avgpool_f32_k2_w70: ok{{$}}
# CHECK: {{^}}avgpool_f32_k3_s1_pad1_w70: ok{{$}}
# CHECK: {{^}}avgpool_f32_k3x2_s2_asympad_w130: ok{{$}}
# CHECK: {{^}}avgpool_f32_k2x3_s1x3_w5: ok{{$}}
# CHECK: {{^}}avgpool_f32_k2_batch2: ok{{$}}
# CHECK: {{^}}sumpool_f32_k2_w70: ok{{$}}
# CHECK: {{^}}sumpool_f32_k3_s1_pad1_w70: ok{{$}}
# CHECK: {{^}}sumpool_f32_k3x2_s2_asympad_w130: ok{{$}}
# CHECK: {{^}}sumpool_f32_k2x3_s1x3_w5: ok{{$}}
# CHECK: {{^}}sumpool_f32_k2_batch2: ok{{$}}
# CHECK: {{^}}maxpool_i1_all_zero: ok{{$}}
# CHECK: {{^}}avgpool_i1_all_zero: ok{{$}}
# CHECK: {{^}}sumpool_i1_all_zero: ok{{$}}
# CHECK: {{^}}maxpool_i1_all_one: ok{{$}}
# CHECK: {{^}}avgpool_i1_all_one: ok{{$}}
# CHECK: {{^}}sumpool_i1_all_one: ok{{$}}
# CHECK: {{^}}maxpool_f32_negative_padded: ok{{$}}
# CHECK: {{^}}pools_of_lif_spikes#0: ok{{$}}
# CHECK: {{^}}pools_of_lif_spikes#1: ok{{$}}
# CHECK: {{^}}maxpool_i1_w71_into_linear: ok{{$}}
# CHECK: {{^}}maxpool_i1_w70_into_linear: ok{{$}}
# CHECK: {{^}}maxpool_i1_k2_w70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_i1_k3_s1_pad1_w70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_i1_k3x2_s2_asympad_w130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_i1_k2x3_s1x3_w5 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_i1_k2_w128_batch2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_i1_k2_s1_w64 [vectorize=0]: ok{{$}}
# CHECK: {{^}}avgpool_i1_k2_w70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}avgpool_i1_k3_s1_pad1_w70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}avgpool_i1_k3x2_s2_asympad_w130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}avgpool_i1_k2x3_s1x3_w5 [vectorize=0]: ok{{$}}
# CHECK: {{^}}avgpool_i1_k2_batch2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}sumpool_i1_k2_w70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}sumpool_i1_k3_s1_pad1_w70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}sumpool_i1_k3x2_s2_asympad_w130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}sumpool_i1_k2x3_s1x3_w5 [vectorize=0]: ok{{$}}
# CHECK: {{^}}sumpool_i1_k2_batch2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_f32_k2_w70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_f32_k3_s1_pad1_w70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_f32_k3x2_s2_asympad_w130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_f32_k2x3_s1x3_w5 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_f32_k2_w128_batch2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_f32_k2_s1_w64 [vectorize=0]: ok{{$}}
# CHECK: {{^}}avgpool_f32_k2_w70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}avgpool_f32_k3_s1_pad1_w70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}avgpool_f32_k3x2_s2_asympad_w130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}avgpool_f32_k2x3_s1x3_w5 [vectorize=0]: ok{{$}}
# CHECK: {{^}}avgpool_f32_k2_batch2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}sumpool_f32_k2_w70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}sumpool_f32_k3_s1_pad1_w70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}sumpool_f32_k3x2_s2_asympad_w130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}sumpool_f32_k2x3_s1x3_w5 [vectorize=0]: ok{{$}}
# CHECK: {{^}}sumpool_f32_k2_batch2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_i1_all_zero [vectorize=0]: ok{{$}}
# CHECK: {{^}}avgpool_i1_all_zero [vectorize=0]: ok{{$}}
# CHECK: {{^}}sumpool_i1_all_zero [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_i1_all_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}avgpool_i1_all_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}sumpool_i1_all_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_f32_negative_padded [vectorize=0]: ok{{$}}
# CHECK: {{^}}pools_of_lif_spikes#0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}pools_of_lif_spikes#1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_i1_w71_into_linear [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_i1_w70_into_linear [vectorize=0]: ok{{$}}
# CHECK: {{^}}maxpool_i1_k2_w70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_i1_k3_s1_pad1_w70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_i1_k3x2_s2_asympad_w130 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_i1_k2x3_s1x3_w5 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_i1_k2_w128_batch2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_i1_k2_s1_w64 [vector-width=4]: ok{{$}}
# CHECK: {{^}}avgpool_i1_k2_w70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}avgpool_i1_k3_s1_pad1_w70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}avgpool_i1_k3x2_s2_asympad_w130 [vector-width=4]: ok{{$}}
# CHECK: {{^}}avgpool_i1_k2x3_s1x3_w5 [vector-width=4]: ok{{$}}
# CHECK: {{^}}avgpool_i1_k2_batch2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}sumpool_i1_k2_w70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}sumpool_i1_k3_s1_pad1_w70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}sumpool_i1_k3x2_s2_asympad_w130 [vector-width=4]: ok{{$}}
# CHECK: {{^}}sumpool_i1_k2x3_s1x3_w5 [vector-width=4]: ok{{$}}
# CHECK: {{^}}sumpool_i1_k2_batch2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_f32_k2_w70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_f32_k3_s1_pad1_w70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_f32_k3x2_s2_asympad_w130 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_f32_k2x3_s1x3_w5 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_f32_k2_w128_batch2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_f32_k2_s1_w64 [vector-width=4]: ok{{$}}
# CHECK: {{^}}avgpool_f32_k2_w70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}avgpool_f32_k3_s1_pad1_w70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}avgpool_f32_k3x2_s2_asympad_w130 [vector-width=4]: ok{{$}}
# CHECK: {{^}}avgpool_f32_k2x3_s1x3_w5 [vector-width=4]: ok{{$}}
# CHECK: {{^}}avgpool_f32_k2_batch2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}sumpool_f32_k2_w70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}sumpool_f32_k3_s1_pad1_w70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}sumpool_f32_k3x2_s2_asympad_w130 [vector-width=4]: ok{{$}}
# CHECK: {{^}}sumpool_f32_k2x3_s1x3_w5 [vector-width=4]: ok{{$}}
# CHECK: {{^}}sumpool_f32_k2_batch2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_i1_all_zero [vector-width=4]: ok{{$}}
# CHECK: {{^}}avgpool_i1_all_zero [vector-width=4]: ok{{$}}
# CHECK: {{^}}sumpool_i1_all_zero [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_i1_all_one [vector-width=4]: ok{{$}}
# CHECK: {{^}}avgpool_i1_all_one [vector-width=4]: ok{{$}}
# CHECK: {{^}}sumpool_i1_all_one [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_f32_negative_padded [vector-width=4]: ok{{$}}
# CHECK: {{^}}pools_of_lif_spikes#0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}pools_of_lif_spikes#1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_i1_w71_into_linear [vector-width=4]: ok{{$}}
# CHECK: {{^}}maxpool_i1_w70_into_linear [vector-width=4]: ok{{$}}
