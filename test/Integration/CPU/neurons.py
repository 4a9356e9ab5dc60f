# RUN: %python %s | FileCheck %s
"""Execution of spike.lif, spike.ternary_lif and spike.leaky_integrate on the
CPU (--spike-cpu-pipeline), checked bit for bit against the NumPy reference.

Inputs and parameters are small multiples of 1/32 (and decays in quarters),
so every membrane value is exact in f32: h may sit exactly on the threshold,
which is what the ge/gt cases test. Feature counts 5, 64, 70, 128 and 130
cover the zero-padded last word of the packed spikes, which must stay zero
where a synapse reads the packed words. The program runs vectorized and
with vectorize=0.
"""

import numpy as np

from spike import reference as ref
from spike.mlir_runner import (Checker, Program, from_spikes,
                               neuron_attributes, tensor_type)

rng = np.random.default_rng(7)
program = Program()
expected = {}

OPS = {"lif": ("spike.lif", "i1", ref.lif),
       "ternary_lif": ("spike.ternary_lif", "i2", ref.ternary_lif),
       "leaky_integrate": ("spike.leaky_integrate", "f32", ref.leaky_integrate)}


def grid(shape, low, high, step):
    """Random multiples of `step` in [low, high]."""
    return (rng.integers(round(low / step), round(high / step) + 1, shape)
            * step).astype(np.float32)


def add(name, op, x, **params):
    """Adds a case applying neuron `op` to x with attributes `params`."""
    mnemonic, element, reference = OPS[op]
    shape = x.shape
    xt, st = tensor_type(shape), tensor_type(shape, element)
    attrs = neuron_attributes(params)
    body = f"  %s = {mnemonic} %x{attrs} : {xt} -> {st}\n"
    result = "s"
    if element != "f32":
        body += "  " + from_spikes("y", "s", shape, element)
        result = "y"
    program.add(name, f"""
func.func @{name}(%x: {xt}) -> {xt} {{
{body}  return %{result} : {xt}
}}""", [x])
    expected[name] = reference(x, **params)


# Feature counts around the 64-bit words, T = 1 and longer runs.
for op in OPS:
    for t, shape in ((4, (2, 5)), (3, (3, 64)), (5, (2, 70)), (2, (128,)),
                     (1, (2, 130)), (6, (2, 3, 70))):
        f = shape[-1]
        add(f"{op}_t{t}_f{f}_r{len(shape)}", op, grid((t,) + shape, -3, 3, 1 / 32))

# Rank-1 input: one neuron, T steps.
for op in OPS:
    add(f"{op}_rank1", op, grid((9,), -3, 3, 1 / 32))
    add(f"{op}_rank1_params", op, grid((6,), -2, 2, 1 / 16), decay=0.75,
        gain=1.0, bias=0.125, v_init=0.5)
# A single neuron over 130 steps: its spikes are re-packed along time.
for op in OPS:
    add(f"{op}_rank1_t130", op, grid((130,), -3, 3, 1 / 8))
# One neuron per row (F = 1), and per-neuron parameters over S = (F,).
for op in OPS:
    add(f"{op}_f1", op, grid((5, 3, 1), -3, 3, 1 / 32))
add("lif_rank2_per_neuron_f", "lif", grid((4, 70), -3, 3, 1 / 32),
    decay=grid((70,), 0, 1, 1 / 4), v_threshold=grid((70,), 0.25, 1.5, 1 / 4))
add("ternary_lif_rank2_per_neuron_f", "ternary_lif", grid((4, 70), -3, 3, 1 / 32),
    v_reset=grid((70,), -0.5, 0.5, 1 / 4), v_threshold=grid((70,), 0.25, 1.5, 1 / 4))
add("leaky_integrate_rank2_per_neuron_f", "leaky_integrate", grid((4, 70), -3, 3, 1 / 32),
    gain=grid((70,), 0, 1, 1 / 4), v_init=grid((70,), -1, 1, 1 / 4))
add("lif_rank1_gt_soft", "lif", grid((8,), 0, 2, 1 / 4), compare="gt",
    reset="soft", v_threshold=0.75)

# All-zero and all-one spikes (and ternary all -1).
add("lif_all_zero", "lif", np.zeros((3, 2, 70), np.float32))
add("lif_all_one", "lif", np.full((3, 2, 70), 4.0, np.float32))
add("ternary_lif_all_zero", "ternary_lif", grid((3, 2, 70), -1.5, 1.5, 1 / 32) * 0)
add("ternary_lif_all_one", "ternary_lif", np.full((3, 2, 70), 4.0, np.float32))
add("ternary_lif_all_minus_one", "ternary_lif", np.full((3, 2, 70), -4.0, np.float32))

# Resets, compare modes; inputs on a coarse grid so that h often equals the
# threshold exactly (the ge/gt difference).
coarse = grid((6, 3, 70), -2, 3, 1 / 4)
for compare in ("ge", "gt"):
    for reset in ("hard", "soft", "none"):
        add(f"lif_{compare}_{reset}", "lif", coarse, compare=compare, reset=reset)
add("lif_threshold_equal_ge", "lif", np.full((2, 2, 70), 2.0, np.float32))
add("lif_threshold_equal_gt", "lif", np.full((2, 2, 70), 2.0, np.float32),
    compare="gt")
for reset in ("hard", "soft", "none"):
    add(f"ternary_lif_{reset}", "ternary_lif", coarse, reset=reset)

# Non-zero v_init, v_reset and bias, non-default decay and gain.
scalars = dict(decay=0.75, gain=1.0, bias=-0.125, v_threshold=0.5,
               v_reset=-0.25, v_init=0.375)
add("lif_scalars", "lif", grid((5, 2, 70), -1, 1, 1 / 32), **scalars)
add("lif_scalars_soft_gt", "lif", grid((5, 2, 70), -1, 1, 1 / 32),
    compare="gt", reset="soft", **scalars)
add("ternary_lif_scalars", "ternary_lif", grid((5, 2, 70), -1, 1, 1 / 32),
    **scalars)
add("ternary_lif_scalars_soft", "ternary_lif", grid((5, 2, 70), -1, 1, 1 / 32),
    reset="soft", **scalars)
add("leaky_integrate_scalars", "leaky_integrate", grid((5, 2, 70), -1, 1, 1 / 32),
    decay=0.75, gain=1.0, bias=-0.125, v_init=0.375)

# Per-neuron parameters broadcast from tensor<F>, tensor<Bx1>, tensor<1xF>,
# the full S, and tensor<3x1x1> over a rank-3 S; dense splats too.
B, F = 3, 70
quarters = lambda shape, lo, hi: grid(shape, lo, hi, 1 / 4)
per_neuron = {
    "f": dict(decay=quarters((F,), 0, 1), v_threshold=quarters((F,), 0.25, 1.5)),
    "bx1": dict(gain=quarters((B, 1), 0.25, 1), v_reset=quarters((B, 1), -1, 0.5),
                bias=grid((B, 1), -0.25, 0.25, 1 / 16)),
    "1xf": dict(v_init=quarters((1, F), -1, 1), v_threshold=quarters((1, F), 0.5, 1)),
    "full": dict(decay=quarters((B, F), 0, 1), gain=quarters((B, F), 0.25, 1),
                 bias=grid((B, F), -0.25, 0.25, 1 / 16),
                 v_threshold=quarters((B, F), 0.25, 1.5),
                 v_reset=quarters((B, F), -0.5, 0.5), v_init=quarters((B, F), -1, 1)),
    "splat": dict(decay=np.full((F,), 0.25, np.float32),
                  v_threshold=np.full((B, 1), 0.75, np.float32)),
}
for key, params in per_neuron.items():
    x = grid((5, B, F), -2, 2, 1 / 32)
    add(f"lif_per_neuron_{key}", "lif", x, **params)
    add(f"lif_per_neuron_{key}_gt_soft", "lif", x, compare="gt", reset="soft", **params)
    add(f"ternary_lif_per_neuron_{key}", "ternary_lif", x, **params)
    add(f"ternary_lif_per_neuron_{key}_soft", "ternary_lif", x, reset="soft", **params)
    integrator = {k: v for k, v in params.items() if k in ("decay", "gain", "bias", "v_init")}
    if integrator:
        add(f"leaky_integrate_per_neuron_{key}", "leaky_integrate", x, **integrator)
rank3 = dict(v_threshold=quarters((3, 1, 1), 0.5, 1.5), decay=quarters((1, 130), 0, 1),
             v_init=quarters((2, 1), -1, 1))
add("lif_per_neuron_rank3", "lif", grid((4, 3, 2, 130), -2, 2, 1 / 32), **rank3)
add("ternary_lif_per_neuron_rank3", "ternary_lif", grid((4, 3, 2, 130), -2, 2, 1 / 32),
    **rank3)
add("leaky_integrate_per_neuron_rank3", "leaky_integrate",
    grid((4, 3, 2, 130), -2, 2, 1 / 32), decay=rank3["decay"], v_init=rank3["v_init"])

# Packed spikes consumed by a synapse: the padding lanes past F = 70 must
# stay zero even where every neuron fires, and where the padding lanes
# would fire themselves: a bias at the threshold (h = 1 >= 1 on their zero
# input), a negative bias (ternary -1), per-neuron thresholds (padded with
# zeros) and a v_init at the threshold.
firing_padding = {
    "lif_all": ("lif", 4.0, {}),
    "ternary_lif_all_minus": ("ternary_lif", -4.0, {}),
    "lif_bias": ("lif", 0.0, dict(bias=1.0)),
    "ternary_lif_bias": ("ternary_lif", 0.0, dict(bias=-1.0)),
    "lif_per_neuron_threshold": ("lif", -1.0, dict(v_threshold=np.full((70,), 0.5, np.float32)
                                                   + np.arange(70, dtype=np.float32) / 64)),
    "ternary_lif_v_init": ("ternary_lif", 1.0, dict(v_init=2.0)),
}
for key, (op, value, params) in firing_padding.items():
    element = OPS[op][1]
    name = f"{key}_into_linear"
    x = np.full((2, 3, 70), value, np.float32)
    w = grid((5, 70), -1, 1, 1 / 64)
    st = tensor_type(x.shape, element)
    attrs = neuron_attributes(params)
    program.add(name, f"""
func.func @{name}(%x: {tensor_type(x.shape)}, %w: tensor<5x70xf32>) -> tensor<2x3x5xf32> {{
  %s = {OPS[op][0]} %x{attrs} : {tensor_type(x.shape)} -> {st}
  %y = spike.linear %s, %w : ({st}, tensor<5x70xf32>) -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}}""", [x, w])
    expected[name] = ref.linear(OPS[op][2](x, **params), w)

checker = Checker()
for options, tag in (("", ""), ("vectorize=0", " [vectorize=0]")):
    results = program.run(options)
    for name, want in expected.items():
        checker.check(name + tag, results[name][0], want)
checker.done()

# Every case, in order: one that silently disappears fails the test.
# CHECK: {{^}}lif_t4_f5_r2: ok{{$}}
# CHECK: {{^}}lif_t3_f64_r2: ok{{$}}
# CHECK: {{^}}lif_t5_f70_r2: ok{{$}}
# CHECK: {{^}}lif_t2_f128_r1: ok{{$}}
# CHECK: {{^}}lif_t1_f130_r2: ok{{$}}
# CHECK: {{^}}lif_t6_f70_r3: ok{{$}}
# CHECK: {{^}}ternary_lif_t4_f5_r2: ok{{$}}
# CHECK: {{^}}ternary_lif_t3_f64_r2: ok{{$}}
# CHECK: {{^}}ternary_lif_t5_f70_r2: ok{{$}}
# CHECK: {{^}}ternary_lif_t2_f128_r1: ok{{$}}
# CHECK: {{^}}ternary_lif_t1_f130_r2: ok{{$}}
# CHECK: {{^}}ternary_lif_t6_f70_r3: ok{{$}}
# CHECK: {{^}}leaky_integrate_t4_f5_r2: ok{{$}}
# CHECK: {{^}}leaky_integrate_t3_f64_r2: ok{{$}}
# CHECK: {{^}}leaky_integrate_t5_f70_r2: ok{{$}}
# CHECK: {{^}}leaky_integrate_t2_f128_r1: ok{{$}}
# CHECK: {{^}}leaky_integrate_t1_f130_r2: ok{{$}}
# CHECK: {{^}}leaky_integrate_t6_f70_r3: ok{{$}}
# CHECK: {{^}}lif_rank1: ok{{$}}
# CHECK: {{^}}lif_rank1_params: ok{{$}}
# CHECK: {{^}}ternary_lif_rank1: ok{{$}}
# CHECK: {{^}}ternary_lif_rank1_params: ok{{$}}
# CHECK: {{^}}leaky_integrate_rank1: ok{{$}}
# CHECK: {{^}}leaky_integrate_rank1_params: ok{{$}}
# CHECK: {{^}}lif_rank1_t130: ok{{$}}
# CHECK: {{^}}ternary_lif_rank1_t130: ok{{$}}
# CHECK: {{^}}leaky_integrate_rank1_t130: ok{{$}}
# CHECK: {{^}}lif_f1: ok{{$}}
# CHECK: {{^}}ternary_lif_f1: ok{{$}}
# CHECK: {{^}}leaky_integrate_f1: ok{{$}}
# CHECK: {{^}}lif_rank2_per_neuron_f: ok{{$}}
# CHECK: {{^}}ternary_lif_rank2_per_neuron_f: ok{{$}}
# CHECK: {{^}}leaky_integrate_rank2_per_neuron_f: ok{{$}}
# CHECK: {{^}}lif_rank1_gt_soft: ok{{$}}
# CHECK: {{^}}lif_all_zero: ok{{$}}
# CHECK: {{^}}lif_all_one: ok{{$}}
# CHECK: {{^}}ternary_lif_all_zero: ok{{$}}
# CHECK: {{^}}ternary_lif_all_one: ok{{$}}
# CHECK: {{^}}ternary_lif_all_minus_one: ok{{$}}
# CHECK: {{^}}lif_ge_hard: ok{{$}}
# CHECK: {{^}}lif_ge_soft: ok{{$}}
# CHECK: {{^}}lif_ge_none: ok{{$}}
# CHECK: {{^}}lif_gt_hard: ok{{$}}
# CHECK: {{^}}lif_gt_soft: ok{{$}}
# CHECK: {{^}}lif_gt_none: ok{{$}}
# CHECK: {{^}}lif_threshold_equal_ge: ok{{$}}
# CHECK: {{^}}lif_threshold_equal_gt: ok{{$}}
# CHECK: {{^}}ternary_lif_hard: ok{{$}}
# CHECK: {{^}}ternary_lif_soft: ok{{$}}
# CHECK: {{^}}ternary_lif_none: ok{{$}}
# CHECK: {{^}}lif_scalars: ok{{$}}
# CHECK: {{^}}lif_scalars_soft_gt: ok{{$}}
# CHECK: {{^}}ternary_lif_scalars: ok{{$}}
# CHECK: {{^}}ternary_lif_scalars_soft: ok{{$}}
# CHECK: {{^}}leaky_integrate_scalars: ok{{$}}
# CHECK: {{^}}lif_per_neuron_f: ok{{$}}
# CHECK: {{^}}lif_per_neuron_f_gt_soft: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_f: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_f_soft: ok{{$}}
# CHECK: {{^}}leaky_integrate_per_neuron_f: ok{{$}}
# CHECK: {{^}}lif_per_neuron_bx1: ok{{$}}
# CHECK: {{^}}lif_per_neuron_bx1_gt_soft: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_bx1: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_bx1_soft: ok{{$}}
# CHECK: {{^}}leaky_integrate_per_neuron_bx1: ok{{$}}
# CHECK: {{^}}lif_per_neuron_1xf: ok{{$}}
# CHECK: {{^}}lif_per_neuron_1xf_gt_soft: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_1xf: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_1xf_soft: ok{{$}}
# CHECK: {{^}}leaky_integrate_per_neuron_1xf: ok{{$}}
# CHECK: {{^}}lif_per_neuron_full: ok{{$}}
# CHECK: {{^}}lif_per_neuron_full_gt_soft: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_full: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_full_soft: ok{{$}}
# CHECK: {{^}}leaky_integrate_per_neuron_full: ok{{$}}
# CHECK: {{^}}lif_per_neuron_splat: ok{{$}}
# CHECK: {{^}}lif_per_neuron_splat_gt_soft: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_splat: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_splat_soft: ok{{$}}
# CHECK: {{^}}leaky_integrate_per_neuron_splat: ok{{$}}
# CHECK: {{^}}lif_per_neuron_rank3: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_rank3: ok{{$}}
# CHECK: {{^}}leaky_integrate_per_neuron_rank3: ok{{$}}
# CHECK: {{^}}lif_all_into_linear: ok{{$}}
# CHECK: {{^}}ternary_lif_all_minus_into_linear: ok{{$}}
# CHECK: {{^}}lif_bias_into_linear: ok{{$}}
# CHECK: {{^}}ternary_lif_bias_into_linear: ok{{$}}
# CHECK: {{^}}lif_per_neuron_threshold_into_linear: ok{{$}}
# CHECK: {{^}}ternary_lif_v_init_into_linear: ok{{$}}
# CHECK: {{^}}lif_t4_f5_r2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_t3_f64_r2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_t5_f70_r2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_t2_f128_r1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_t1_f130_r2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_t6_f70_r3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_t4_f5_r2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_t3_f64_r2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_t5_f70_r2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_t2_f128_r1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_t1_f130_r2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_t6_f70_r3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_t4_f5_r2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_t3_f64_r2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_t5_f70_r2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_t2_f128_r1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_t1_f130_r2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_t6_f70_r3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_rank1_params [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_rank1_params [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_rank1_params [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_rank1_t130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_rank1_t130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_rank1_t130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_f1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_f1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_f1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_rank2_per_neuron_f [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_rank2_per_neuron_f [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_rank2_per_neuron_f [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_rank1_gt_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_all_zero [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_all_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_all_zero [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_all_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_all_minus_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_ge_hard [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_ge_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_ge_none [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_gt_hard [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_gt_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_gt_none [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_threshold_equal_ge [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_threshold_equal_gt [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_hard [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_none [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_scalars [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_scalars_soft_gt [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_scalars [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_scalars_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_scalars [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_per_neuron_f [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_per_neuron_f_gt_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_f [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_f_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_per_neuron_f [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_per_neuron_bx1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_per_neuron_bx1_gt_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_bx1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_bx1_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_per_neuron_bx1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_per_neuron_1xf [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_per_neuron_1xf_gt_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_1xf [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_1xf_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_per_neuron_1xf [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_per_neuron_full [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_per_neuron_full_gt_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_full [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_full_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_per_neuron_full [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_per_neuron_splat [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_per_neuron_splat_gt_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_splat [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_splat_soft [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_per_neuron_splat [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_per_neuron_rank3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_per_neuron_rank3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}leaky_integrate_per_neuron_rank3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_all_into_linear [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_all_minus_into_linear [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_bias_into_linear [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_bias_into_linear [vectorize=0]: ok{{$}}
# CHECK: {{^}}lif_per_neuron_threshold_into_linear [vectorize=0]: ok{{$}}
# CHECK: {{^}}ternary_lif_v_init_into_linear [vectorize=0]: ok{{$}}
