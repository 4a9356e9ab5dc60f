# RUN: %python %s | FileCheck %s
"""Execution of spike.and and spike.count on the CPU (--spike-cpu-pipeline),
checked bit for bit against the NumPy reference.

spike.and: feature counts below 64, 64, above 64 and not a multiple of it,
and 128; operands of equal shape, broadcast along outer dimensions (ranks
that differ, both operands broadcast), along the innermost dimension (a
single spike masking a row of words) and a rank-0 operand. spike.count:
binary and ternary spikes over the innermost dimension (popcounts), over
outer dimensions only (one bit per lane) and over several dimensions with
and without the innermost; all-zero and all-one inputs. Spikes come both
unpacked (arith.cmpf, packed at the op) and packed (from spike.lif), and
the padding bits of an AND must stay zero for a following count or
linear; both ops also run in the body of a spike.time_loop. The program
runs vectorized (host width and 4 lanes) and with vectorize=0.
"""

import numpy as np

from spike import reference as ref
from spike.mlir_runner import (Checker, Program, from_spikes, tensor_type,
                               to_spikes)

rng = np.random.default_rng(29)
program = Program()
expected = {}


def spikes(shape, element, density=0.4):
    """f32 carriers of i1 (0/1) or i2 (-1/0/1) spikes."""
    r = rng.random(shape)
    if element == "i1":
        return (r < density).astype(np.float32)
    return ((r < density / 2).astype(np.float32) -
            (r > 1 - density / 2).astype(np.float32))


def mask(shape):
    """Random spikes with the first set and the last clear (a mask that
    keeps some rows and clears others)."""
    m = spikes(shape, "i1", 0.5)
    m.flat[0], m.flat[-1] = 1, 0
    return m


def as_reference(element, x):
    return x.astype(bool) if element == "i1" else x.astype(np.int8)


def ints(values):
    return ", ".join(str(v) for v in values)


def add_and(name, a, b):
    want = ref.and_(a.astype(bool), b.astype(bool))
    at, bt, yt = tensor_type(a.shape), tensor_type(b.shape), tensor_type(want.shape)
    sa, sb, sy = (tensor_type(s, "i1") for s in (a.shape, b.shape, want.shape))
    body = (to_spikes("sa", "a", a.shape, "i1") + to_spikes("sb", "b", b.shape, "i1") +
            f"%r = spike.and %sa, %sb : {sa}, {sb} -> {sy}\n" +
            from_spikes("y", "r", want.shape, "i1"))
    program.add(name, f"""
func.func @{name}(%a: {at}, %b: {bt}) -> {yt} {{
{body}  return %y : {yt}
}}""", [a, b])
    expected[name] = want


def add_count(name, element, x, dims):
    want = ref.count(as_reference(element, x), dims)
    xt, st, yt = tensor_type(x.shape), tensor_type(x.shape, element), tensor_type(want.shape)
    body = (to_spikes("s", "x", x.shape, element) +
            f"%c = spike.count %s {{dims = array<i64: {ints(dims)}>}} : {st} -> {yt}\n")
    program.add(name, f"""
func.func @{name}(%x: {xt}) -> {yt} {{
{body}  return %c : {yt}
}}""", [x])
    expected[name] = want


# spike.and ------------------------------------------------------------------

for features in (20, 64, 70, 128):
    f = features
    add_and(f"and_same_f{f}", spikes((3, 5, f), "i1", 0.6), spikes((3, 5, f), "i1", 0.6))
    # Outer broadcasting, both operands and ranks that differ.
    add_and(f"and_outer_f{f}", spikes((2, 1, f), "i1", 0.6), spikes((3, f), "i1", 0.6))
    # A spike per row masks the row's words (innermost 1 -> F).
    add_and(f"and_innermost_f{f}", mask((3, 5, 1)), spikes((3, 5, f), "i1", 0.9))
    add_and(f"and_innermost_rhs_f{f}", spikes((4, f), "i1", 0.9), mask((4, 1)))
    # Innermost and outer dims at once: [3, 1] x [2, 1, F].
    add_and(f"and_both_f{f}", mask((3, 1)), spikes((2, 1, f), "i1", 0.9))
# Tokens masked per channel: [2, 2, 3, 1, 48] x [2, 2, 3, 17, 48].
add_and("and_tokens", spikes((2, 2, 3, 1, 48), "i1", 0.6),
        spikes((2, 2, 3, 17, 48), "i1", 0.6))
# One feature; a rank-0 spike (set and clear) against a tensor, two rank-0
# spikes; 130 features.
add_and("and_f1", mask((4, 1)), mask((4, 1))[::-1].copy())
add_and("and_scalar_set", np.float32(1), spikes((3, 70), "i1"))
add_and("and_scalar_clear", spikes((3, 70), "i1"), np.float32(0))
add_and("and_rank0", np.float32(1), np.float32(1))
add_and("and_rank1_f130", spikes((130,), "i1", 0.6), spikes((2, 130), "i1", 0.6))

# spike.count ----------------------------------------------------------------

for element in ("i1", "i2"):
    for features in (20, 64, 70, 128):
        f, e = features, element
        x = spikes((3, 5, f), e)
        add_count(f"count_{e}_f{f}_innermost", e, x, [2])
        add_count(f"count_{e}_f{f}_outer", e, x, [1])
        add_count(f"count_{e}_f{f}_outer_all", e, x, [0, 1])
        add_count(f"count_{e}_f{f}_outer_and_innermost", e, x, [0, 2])
        add_count(f"count_{e}_f{f}_all", e, x, [0, 1, 2])
    x = spikes((2, 3, 4, 130), element)
    add_count(f"count_{element}_4d_dims_1_3", element, x, [1, 3])
    add_count(f"count_{element}_4d_dims_0_2", element, x, [0, 2])
    add_count(f"count_{element}_rank1", element, spikes((70,), element), [0])
for value in (0, 1):
    x = np.full((3, 2, 130), value, np.float32)
    add_count(f"count_i1_all_{value}_innermost", "i1", x, [2])
    add_count(f"count_i1_all_{value}_outer", "i1", x, [0])
x = -np.ones((2, 3, 130), np.float32)
add_count("count_i2_all_minus_one", "i2", x, [0, 2])

# Packed producers and consumers --------------------------------------------

# Spike-driven self-attention on LIF spikes (packed words all the way):
# q AND lif(count(k AND v over the tokens)), T = 2, B = 1, 7 tokens, 70
# channels; then the count of the result over the channels.
x = (rng.integers(-4, 12, (3, 2, 1, 7, 70)) / 4).astype(np.float32)
q, k, v = (ref.lif(x[i]) for i in range(3))
kv = ref.count(ref.and_(k, v), [2])
attention = ref.and_(q, ref.lif(kv, v_threshold=0.5))
program.add("sdsa_of_lif_spikes", """
func.func @sdsa_of_lif_spikes(%x: tensor<3x2x1x7x70xf32>) -> (tensor<2x1x7x70xf32>, tensor<2x1x7x1xf32>) {
  %xq = tensor.extract_slice %x[0, 0, 0, 0, 0] [1, 2, 1, 7, 70] [1, 1, 1, 1, 1] : tensor<3x2x1x7x70xf32> to tensor<2x1x7x70xf32>
  %xk = tensor.extract_slice %x[1, 0, 0, 0, 0] [1, 2, 1, 7, 70] [1, 1, 1, 1, 1] : tensor<3x2x1x7x70xf32> to tensor<2x1x7x70xf32>
  %xv = tensor.extract_slice %x[2, 0, 0, 0, 0] [1, 2, 1, 7, 70] [1, 1, 1, 1, 1] : tensor<3x2x1x7x70xf32> to tensor<2x1x7x70xf32>
  %q = spike.lif %xq : tensor<2x1x7x70xf32> -> tensor<2x1x7x70xi1>
  %k = spike.lif %xk : tensor<2x1x7x70xf32> -> tensor<2x1x7x70xi1>
  %v = spike.lif %xv : tensor<2x1x7x70xf32> -> tensor<2x1x7x70xi1>
  %kv = spike.and %k, %v : tensor<2x1x7x70xi1>, tensor<2x1x7x70xi1> -> tensor<2x1x7x70xi1>
  %c = spike.count %kv {dims = array<i64: 2>} : tensor<2x1x7x70xi1> -> tensor<2x1x1x70xf32>
  %m = spike.lif %c {v_threshold = 0.5 : f32} : tensor<2x1x1x70xf32> -> tensor<2x1x1x70xi1>
  %a = spike.and %q, %m : tensor<2x1x7x70xi1>, tensor<2x1x1x70xi1> -> tensor<2x1x7x70xi1>
  %n = spike.count %a {dims = array<i64: 3>} : tensor<2x1x7x70xi1> -> tensor<2x1x7x1xf32>
  %y = arith.uitofp %a : tensor<2x1x7x70xi1> to tensor<2x1x7x70xf32>
  return %y, %n : tensor<2x1x7x70xf32>, tensor<2x1x7x1xf32>
}""", [x])
expected["sdsa_of_lif_spikes"] = [attention, ref.count(attention, [3])]

# A row mask (innermost broadcast) of LIF spikes feeding a linear and a
# count over 70 features: a set padding bit would add weight rows past K
# and spikes past F.
x = (rng.integers(-4, 12, (2, 3, 70)) / 4).astype(np.float32)
mask = np.float32([[1], [0], [1]])  # rows kept and cleared
w = (rng.integers(-64, 65, (5, 70)) / 64).astype(np.float32)
masked = ref.and_(ref.lif(x), mask.astype(bool))
program.add("masked_lif_into_linear_and_count", """
func.func @masked_lif_into_linear_and_count(%x: tensor<2x3x70xf32>, %mask: tensor<3x1xf32>, %w: tensor<5x70xf32>) -> (tensor<2x3x5xf32>, tensor<2x3x1xf32>) {
  %zero = arith.constant dense<0.0> : tensor<3x1xf32>
  %m = arith.cmpf one, %mask, %zero : tensor<3x1xf32>
  %s = spike.lif %x : tensor<2x3x70xf32> -> tensor<2x3x70xi1>
  %a = spike.and %m, %s : tensor<3x1xi1>, tensor<2x3x70xi1> -> tensor<2x3x70xi1>
  %y = spike.linear %a, %w : (tensor<2x3x70xi1>, tensor<5x70xf32>) -> tensor<2x3x5xf32>
  %c = spike.count %a {dims = array<i64: 2>} : tensor<2x3x70xi1> -> tensor<2x3x1xf32>
  return %y, %c : tensor<2x3x5xf32>, tensor<2x3x1xf32>
}""", [x, mask, w])
expected["masked_lif_into_linear_and_count"] = [ref.linear(masked, w), ref.count(masked, [2])]

# Ternary LIF spikes counted over time and over the features.
x = (rng.integers(-12, 13, (4, 2, 70)) / 4).astype(np.float32)
t = ref.ternary_lif(x)
program.add("count_of_ternary_lif", """
func.func @count_of_ternary_lif(%x: tensor<4x2x70xf32>) -> (tensor<1x2x70xf32>, tensor<4x2x1xf32>) {
  %t = spike.ternary_lif %x : tensor<4x2x70xf32> -> tensor<4x2x70xi2>
  %a = spike.count %t {dims = array<i64: 0>} : tensor<4x2x70xi2> -> tensor<1x2x70xf32>
  %b = spike.count %t {dims = array<i64: 2>} : tensor<4x2x70xi2> -> tensor<4x2x1xf32>
  return %a, %b : tensor<1x2x70xf32>, tensor<4x2x1xf32>
}""", [x])
expected["count_of_ternary_lif"] = [ref.count(t, [0]), ref.count(t, [2])]

# Inside a time loop (the form of recurrent graphs): each step's spikes
# ANDed with the previous step's (carried, all ones before t = 0), counted
# over the features.
x = spikes((4, 2, 70), "i1", 0.6)
steps = x.astype(bool)
previous = np.concatenate([np.ones((1, 2, 70), bool), steps[:-1]])
program.add("and_count_in_time_loop", """
func.func @and_count_in_time_loop(%x: tensor<4x2x70xf32>) -> (tensor<4x2x1xf32>, tensor<2x70xf32>) {
  %zero = arith.constant dense<0.0> : tensor<4x2x70xf32>
  %s = arith.cmpf one, %x, %zero : tensor<4x2x70xf32>
  %p0 = arith.constant dense<true> : tensor<2x70xi1>
  %c, %p = spike.time_loop ins(%s : tensor<4x2x70xi1>) carry(%p0 : tensor<2x70xi1>)
      -> (tensor<4x2x1xf32>, tensor<2x70xi1>) {
  ^bb0(%st: tensor<2x70xi1>, %prev: tensor<2x70xi1>):
    %a = spike.and %st, %prev : tensor<2x70xi1>, tensor<2x70xi1> -> tensor<2x70xi1>
    %n = spike.count %a {dims = array<i64: 1>} : tensor<2x70xi1> -> tensor<2x1xf32>
    spike.yield %n, %st : tensor<2x1xf32>, tensor<2x70xi1>
  }
  %pf = arith.uitofp %p : tensor<2x70xi1> to tensor<2x70xf32>
  return %c, %pf : tensor<4x2x1xf32>, tensor<2x70xf32>
}""", [x])
expected["and_count_in_time_loop"] = [ref.count(ref.and_(steps, previous), [2]), steps[-1]]

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
# CHECK: {{^}}and_same_f20: ok{{$}}
# CHECK: {{^}}and_outer_f20: ok{{$}}
# CHECK: {{^}}and_innermost_f20: ok{{$}}
# CHECK: {{^}}and_innermost_rhs_f20: ok{{$}}
# CHECK: {{^}}and_both_f20: ok{{$}}
# CHECK: {{^}}and_same_f64: ok{{$}}
# CHECK: {{^}}and_outer_f64: ok{{$}}
# CHECK: {{^}}and_innermost_f64: ok{{$}}
# CHECK: {{^}}and_innermost_rhs_f64: ok{{$}}
# CHECK: {{^}}and_both_f64: ok{{$}}
# CHECK: {{^}}and_same_f70: ok{{$}}
# CHECK: {{^}}and_outer_f70: ok{{$}}
# CHECK: {{^}}and_innermost_f70: ok{{$}}
# CHECK: {{^}}and_innermost_rhs_f70: ok{{$}}
# CHECK: {{^}}and_both_f70: ok{{$}}
# CHECK: {{^}}and_same_f128: ok{{$}}
# CHECK: {{^}}and_outer_f128: ok{{$}}
# CHECK: {{^}}and_innermost_f128: ok{{$}}
# CHECK: {{^}}and_innermost_rhs_f128: ok{{$}}
# CHECK: {{^}}and_both_f128: ok{{$}}
# CHECK: {{^}}and_tokens: ok{{$}}
# CHECK: {{^}}and_f1: ok{{$}}
# CHECK: {{^}}and_scalar_set: ok{{$}}
# CHECK: {{^}}and_scalar_clear: ok{{$}}
# CHECK: {{^}}and_rank0: ok{{$}}
# CHECK: {{^}}and_rank1_f130: ok{{$}}
# CHECK: {{^}}count_i1_f20_innermost: ok{{$}}
# CHECK: {{^}}count_i1_f20_outer: ok{{$}}
# CHECK: {{^}}count_i1_f20_outer_all: ok{{$}}
# CHECK: {{^}}count_i1_f20_outer_and_innermost: ok{{$}}
# CHECK: {{^}}count_i1_f20_all: ok{{$}}
# CHECK: {{^}}count_i1_f64_innermost: ok{{$}}
# CHECK: {{^}}count_i1_f64_outer: ok{{$}}
# CHECK: {{^}}count_i1_f64_outer_all: ok{{$}}
# CHECK: {{^}}count_i1_f64_outer_and_innermost: ok{{$}}
# CHECK: {{^}}count_i1_f64_all: ok{{$}}
# CHECK: {{^}}count_i1_f70_innermost: ok{{$}}
# CHECK: {{^}}count_i1_f70_outer: ok{{$}}
# CHECK: {{^}}count_i1_f70_outer_all: ok{{$}}
# CHECK: {{^}}count_i1_f70_outer_and_innermost: ok{{$}}
# CHECK: {{^}}count_i1_f70_all: ok{{$}}
# CHECK: {{^}}count_i1_f128_innermost: ok{{$}}
# CHECK: {{^}}count_i1_f128_outer: ok{{$}}
# CHECK: {{^}}count_i1_f128_outer_all: ok{{$}}
# CHECK: {{^}}count_i1_f128_outer_and_innermost: ok{{$}}
# CHECK: {{^}}count_i1_f128_all: ok{{$}}
# CHECK: {{^}}count_i1_4d_dims_1_3: ok{{$}}
# CHECK: {{^}}count_i1_4d_dims_0_2: ok{{$}}
# CHECK: {{^}}count_i1_rank1: ok{{$}}
# CHECK: {{^}}count_i2_f20_innermost: ok{{$}}
# CHECK: {{^}}count_i2_f20_outer: ok{{$}}
# CHECK: {{^}}count_i2_f20_outer_all: ok{{$}}
# CHECK: {{^}}count_i2_f20_outer_and_innermost: ok{{$}}
# CHECK: {{^}}count_i2_f20_all: ok{{$}}
# CHECK: {{^}}count_i2_f64_innermost: ok{{$}}
# CHECK: {{^}}count_i2_f64_outer: ok{{$}}
# CHECK: {{^}}count_i2_f64_outer_all: ok{{$}}
# CHECK: {{^}}count_i2_f64_outer_and_innermost: ok{{$}}
# CHECK: {{^}}count_i2_f64_all: ok{{$}}
# CHECK: {{^}}count_i2_f70_innermost: ok{{$}}
# CHECK: {{^}}count_i2_f70_outer: ok{{$}}
# CHECK: {{^}}count_i2_f70_outer_all: ok{{$}}
# CHECK: {{^}}count_i2_f70_outer_and_innermost: ok{{$}}
# CHECK: {{^}}count_i2_f70_all: ok{{$}}
# CHECK: {{^}}count_i2_f128_innermost: ok{{$}}
# CHECK: {{^}}count_i2_f128_outer: ok{{$}}
# CHECK: {{^}}count_i2_f128_outer_all: ok{{$}}
# CHECK: {{^}}count_i2_f128_outer_and_innermost: ok{{$}}
# CHECK: {{^}}count_i2_f128_all: ok{{$}}
# CHECK: {{^}}count_i2_4d_dims_1_3: ok{{$}}
# CHECK: {{^}}count_i2_4d_dims_0_2: ok{{$}}
# CHECK: {{^}}count_i2_rank1: ok{{$}}
# CHECK: {{^}}count_i1_all_0_innermost: ok{{$}}
# CHECK: {{^}}count_i1_all_0_outer: ok{{$}}
# CHECK: {{^}}count_i1_all_1_innermost: ok{{$}}
# CHECK: {{^}}count_i1_all_1_outer: ok{{$}}
# CHECK: {{^}}count_i2_all_minus_one: ok{{$}}
# CHECK: {{^}}sdsa_of_lif_spikes#0: ok{{$}}
# CHECK: {{^}}sdsa_of_lif_spikes#1: ok{{$}}
# CHECK: {{^}}masked_lif_into_linear_and_count#0: ok{{$}}
# CHECK: {{^}}masked_lif_into_linear_and_count#1: ok{{$}}
# CHECK: {{^}}count_of_ternary_lif#0: ok{{$}}
# CHECK: {{^}}count_of_ternary_lif#1: ok{{$}}
# CHECK: {{^}}and_count_in_time_loop#0: ok{{$}}
# CHECK: {{^}}and_count_in_time_loop#1: ok{{$}}
# CHECK: {{^}}and_same_f20 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_outer_f20 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_innermost_f20 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_innermost_rhs_f20 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_both_f20 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_same_f64 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_outer_f64 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_innermost_f64 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_innermost_rhs_f64 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_both_f64 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_same_f70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_outer_f70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_innermost_f70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_innermost_rhs_f70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_both_f70 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_same_f128 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_outer_f128 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_innermost_f128 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_innermost_rhs_f128 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_both_f128 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_tokens [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_f1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_scalar_set [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_scalar_clear [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_rank0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_rank1_f130 [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f20_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f20_outer [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f20_outer_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f20_outer_and_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f20_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f64_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f64_outer [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f64_outer_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f64_outer_and_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f64_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f70_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f70_outer [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f70_outer_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f70_outer_and_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f70_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f128_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f128_outer [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f128_outer_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f128_outer_and_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_f128_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_4d_dims_1_3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_4d_dims_0_2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f20_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f20_outer [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f20_outer_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f20_outer_and_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f20_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f64_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f64_outer [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f64_outer_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f64_outer_and_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f64_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f70_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f70_outer [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f70_outer_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f70_outer_and_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f70_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f128_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f128_outer [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f128_outer_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f128_outer_and_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_f128_all [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_4d_dims_1_3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_4d_dims_0_2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_all_0_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_all_0_outer [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_all_1_innermost [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i1_all_1_outer [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_i2_all_minus_one [vectorize=0]: ok{{$}}
# CHECK: {{^}}sdsa_of_lif_spikes#0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}sdsa_of_lif_spikes#1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}masked_lif_into_linear_and_count#0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}masked_lif_into_linear_and_count#1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_of_ternary_lif#0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}count_of_ternary_lif#1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_count_in_time_loop#0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_count_in_time_loop#1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}and_same_f20 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_outer_f20 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_innermost_f20 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_innermost_rhs_f20 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_both_f20 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_same_f64 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_outer_f64 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_innermost_f64 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_innermost_rhs_f64 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_both_f64 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_same_f70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_outer_f70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_innermost_f70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_innermost_rhs_f70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_both_f70 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_same_f128 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_outer_f128 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_innermost_f128 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_innermost_rhs_f128 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_both_f128 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_tokens [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_f1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_scalar_set [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_scalar_clear [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_rank0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_rank1_f130 [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f20_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f20_outer [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f20_outer_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f20_outer_and_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f20_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f64_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f64_outer [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f64_outer_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f64_outer_and_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f64_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f70_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f70_outer [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f70_outer_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f70_outer_and_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f70_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f128_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f128_outer [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f128_outer_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f128_outer_and_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_f128_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_4d_dims_1_3 [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_4d_dims_0_2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_rank1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f20_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f20_outer [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f20_outer_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f20_outer_and_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f20_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f64_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f64_outer [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f64_outer_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f64_outer_and_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f64_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f70_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f70_outer [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f70_outer_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f70_outer_and_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f70_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f128_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f128_outer [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f128_outer_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f128_outer_and_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_f128_all [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_4d_dims_1_3 [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_4d_dims_0_2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_rank1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_all_0_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_all_0_outer [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_all_1_innermost [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i1_all_1_outer [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_i2_all_minus_one [vector-width=4]: ok{{$}}
# CHECK: {{^}}sdsa_of_lif_spikes#0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}sdsa_of_lif_spikes#1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}masked_lif_into_linear_and_count#0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}masked_lif_into_linear_and_count#1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_of_ternary_lif#0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}count_of_ternary_lif#1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_count_in_time_loop#0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}and_count_in_time_loop#1 [vector-width=4]: ok{{$}}
