# RUN: %python %s | FileCheck %s
"""Execution of spike.batch_norm, spike.relu, spike.repeat and
spike.mean_time on the CPU (--spike-cpu-pipeline), checked against the NumPy
reference.

Everything is bit for bit except batch_norm with epsilon 1e-5: sqrt(var +
epsilon) is not exact, and the lowering computes (x - mean) * (gamma /
sqrt(var + eps)) + beta in f32 while the reference divides in f64, so those
cases use SPEC section 5's tolerance (1e-5 relative, and 99.9 % identical
spikes for a LIF fed by such a batch norm). With epsilon 0 and variances
that are powers of 4 the batch norm is exact and checked bit for bit.
mean_time divides an exact sum once, as the reference does. The program
runs vectorized (host width and 4 lanes) and with vectorize=0.
"""

import numpy as np

from spike import reference as ref
from spike.mlir_runner import (Checker, Program, f32_attr, from_spikes,
                               tensor_type, to_spikes)

rng = np.random.default_rng(23)
program = Program()
expected = {}
tolerance = {}


def grid(shape, low, high, step):
    return (rng.integers(round(low / step), round(high / step) + 1, shape)
            * step).astype(np.float32)


def spikes(shape, element, density=0.3):
    """f32 carriers of i1 (0/1) or i2 (-1/0/1) spikes."""
    r = rng.random(shape)
    if element == "i1":
        return (r < density).astype(np.float32)
    return ((r < density / 2).astype(np.float32) -
            (r > 1 - density / 2).astype(np.float32))


def as_reference(element, x):
    return {"i1": lambda: x.astype(bool), "i2": lambda: x.astype(np.int8),
            "f32": lambda: x}[element]()


def add(name, text, inputs, want, rtol=None, spikes_identical=None):
    program.add(name, text, inputs)
    expected[name] = want
    if rtol is not None:
        tolerance[name] = dict(rtol=rtol, spikes=spikes_identical)


# batch_norm -----------------------------------------------------------------

def batch_norm(name, shape, axis, epsilon, then_lif=False):
    channels = shape[axis]
    x = grid(shape, -2, 2, 1 / 16)
    gamma = grid((channels,), -2, 2, 1 / 8)
    beta = grid((channels,), -1, 1, 1 / 16)
    mean = grid((channels,), -1, 1, 1 / 16)
    if epsilon == 0:
        var = (4.0 ** rng.integers(-1, 3, channels)).astype(np.float32)
    else:
        var = grid((channels,), 0.25, 2, 1 / 16)
    xt, vt = tensor_type(shape), tensor_type((channels,))
    want = ref.batch_norm(x, gamma, beta, mean, var, epsilon=epsilon, axis=axis)
    body = (f"  %y = spike.batch_norm %x, %g, %b, %m, %v {{epsilon = {f32_attr(epsilon)}, "
            f"axis = {axis} : i64}} : {xt}, {vt}\n")
    result = "y"
    if then_lif:
        # 0.4 is not a multiple of 1/16: no y sits on it exactly.
        body += (f"  %s = spike.lif %y {{v_threshold = {f32_attr(0.4)}}} : {xt} -> "
                 f"{tensor_type(shape, 'i1')}\n")
        body += "  " + from_spikes("z", "s", shape, "i1")
        result = "z"
        want = ref.lif(want, v_threshold=0.4)
    text = f"""
func.func @{name}(%x: {xt}, %g: {vt}, %b: {vt}, %m: {vt}, %v: {vt}) -> {xt} {{
{body}  return %{result} : {xt}
}}"""
    if epsilon == 0:
        add(name, text, [x, gamma, beta, mean, var], want)
    elif then_lif:
        add(name, text, [x, gamma, beta, mean, var], want, 1e-5, 0.999)
    else:
        add(name, text, [x, gamma, beta, mean, var], want, 1e-5)


batch_norm("batch_norm_exact_axis1", (4, 6, 5, 7), 1, 0.0)
batch_norm("batch_norm_exact_axis_m1", (3, 2, 70), -1, 0.0)
batch_norm("batch_norm_exact_axis0_rank1", (70,), 0, 0.0)
batch_norm("batch_norm_eps_axis1", (4, 6, 5, 7), 1, 1e-5)
batch_norm("batch_norm_eps_axis_m1", (3, 2, 70), -1, 1e-5)
batch_norm("batch_norm_eps_axis2", (2, 3, 9, 4), 2, 1e-5)
batch_norm("batch_norm_eps_then_lif", (4, 8, 70), -1, 1e-5, then_lif=True)

# relu ------------------------------------------------------------------------

for shape in ((70,), (3, 5, 70), (2, 2, 3, 4), ()):
    name = f"relu_rank{len(shape)}"
    x = grid(shape, -2, 2, 1 / 16)
    xt = tensor_type(shape)
    add(name, f"""
func.func @{name}(%x: {xt}) -> {xt} {{
  %y = spike.relu %x : {xt}
  return %y : {xt}
}}""", [x], ref.relu(x))

# repeat ----------------------------------------------------------------------

for element in ("f32", "i1", "i2"):
    for t, shape in ((4, (3, 70)), (1, (2, 5)), (3, (130,)), (5, ())):
        name = f"repeat_{element}_t{t}_rank{len(shape)}"
        x = spikes(shape, element) if element != "f32" else grid(shape, -2, 2, 1 / 16)
        xt, yt = tensor_type(shape), tensor_type((t,) + shape)
        body, source, result = "", "x", "r"
        if element != "f32":
            body += to_spikes("s", "x", shape, element)
            source = "s"
        body += (f"%r = spike.repeat %{source} {{timesteps = {t} : i64}} : "
                 f"{tensor_type(shape, element)} -> {tensor_type((t,) + shape, element)}\n")
        if element != "f32":
            body += from_spikes("y", "r", (t,) + shape, element)
            result = "y"
        add(name, f"""
func.func @{name}(%x: {xt}) -> {yt} {{
{body}  return %{result} : {yt}
}}""", [x], ref.repeat(as_reference(element, x), t))

# Repeated spikes consumed in packed form by a synapse and by mean_time.
for element in ("i1", "i2"):
    name = f"repeat_{element}_into_linear_and_mean_time"
    x = spikes((2, 70), element)
    w = grid((6, 70), -1, 1, 1 / 64)
    st, rt = tensor_type((2, 70), element), tensor_type((3, 2, 70), element)
    add(name, f"""
func.func @{name}(%x: tensor<2x70xf32>, %w: tensor<6x70xf32>) -> (tensor<3x2x6xf32>, tensor<2x70xf32>) {{
  {to_spikes("s", "x", (2, 70), element)}  %r = spike.repeat %s {{timesteps = 3 : i64}} : {st} -> {rt}
  %y = spike.linear %r, %w : ({rt}, tensor<6x70xf32>) -> tensor<3x2x6xf32>
  %m = spike.mean_time %r : {rt} -> tensor<2x70xf32>
  return %y, %m : tensor<3x2x6xf32>, tensor<2x70xf32>
}}""", [x, w], [ref.linear(ref.repeat(as_reference(element, x), 3), w),
                ref.mean_time(ref.repeat(as_reference(element, x), 3))])

# mean_time -------------------------------------------------------------------

for element in ("f32", "i1", "i2"):
    for t, shape in ((4, (3, 70)), (3, (2, 5)), (1, (130,)), (6, ())):
        name = f"mean_time_{element}_t{t}_rank{len(shape) + 1}"
        full = (t,) + shape
        x = spikes(full, element) if element != "f32" else grid(full, -2, 2, 1 / 16)
        xt, yt = tensor_type(full), tensor_type(shape)
        body, source = "", "x"
        if element != "f32":
            body += to_spikes("s", "x", full, element)
            source = "s"
        body += (f"%m = spike.mean_time %{source} : {tensor_type(full, element)} -> {yt}\n")
        add(name, f"""
func.func @{name}(%x: {xt}) -> {yt} {{
{body}  return %m : {yt}
}}""", [x], ref.mean_time(as_reference(element, x)))

# Firing rates of packed LIF and ternary LIF output (padding lanes past 70).
x = grid((5, 2, 70), -1, 3, 1 / 8)
add("mean_time_of_lif_and_ternary_lif", """
func.func @mean_time_of_lif_and_ternary_lif(%x: tensor<5x2x70xf32>) -> (tensor<2x70xf32>, tensor<2x70xf32>) {
  %s = spike.lif %x : tensor<5x2x70xf32> -> tensor<5x2x70xi1>
  %t = spike.ternary_lif %x : tensor<5x2x70xf32> -> tensor<5x2x70xi2>
  %a = spike.mean_time %s : tensor<5x2x70xi1> -> tensor<2x70xf32>
  %b = spike.mean_time %t : tensor<5x2x70xi2> -> tensor<2x70xf32>
  return %a, %b : tensor<2x70xf32>, tensor<2x70xf32>
}""", [x], [ref.mean_time(ref.lif(x)), ref.mean_time(ref.ternary_lif(x))])

# Spikes reshaped by upstream tensor ops between spike ops (SPEC: flattening
# uses tensor ops): conv2d -> lif -> collapse_shape -> linear.
x = (rng.integers(-4, 5, (2, 1, 2, 4, 5)) / 4).astype(np.float32)
wc = grid((3, 2, 3, 3), -1, 1, 1 / 64)
wl = grid((4, 60), -1, 1, 1 / 64)
conv = ref.conv2d(x.astype(bool), wc, padding=(1, 1, 1, 1))
lif_spikes = ref.lif(conv * 4)
add("flatten_spikes_into_linear", """
func.func @flatten_spikes_into_linear(%x: tensor<2x1x2x4x5xf32>, %wc: tensor<3x2x3x3xf32>, %wl: tensor<4x60xf32>) -> tensor<2x1x4xf32> {
  %zero = arith.constant dense<0.0> : tensor<2x1x2x4x5xf32>
  %s = arith.cmpf one, %x, %zero : tensor<2x1x2x4x5xf32>
  %c = spike.conv2d %s, %wc {padding = array<i64: 1, 1, 1, 1>} : (tensor<2x1x2x4x5xi1>, tensor<3x2x3x3xf32>) -> tensor<2x1x3x4x5xf32>
  %four = arith.constant dense<4.0> : tensor<2x1x3x4x5xf32>
  %c4 = arith.mulf %c, %four : tensor<2x1x3x4x5xf32>
  %l = spike.lif %c4 : tensor<2x1x3x4x5xf32> -> tensor<2x1x3x4x5xi1>
  %f = tensor.collapse_shape %l [[0], [1], [2, 3, 4]] : tensor<2x1x3x4x5xi1> into tensor<2x1x60xi1>
  %y = spike.linear %f, %wl : (tensor<2x1x60xi1>, tensor<4x60xf32>) -> tensor<2x1x4xf32>
  return %y : tensor<2x1x4xf32>
}""", [x, wc, wl], ref.linear(lif_spikes.reshape(2, 1, 60), wl))

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
            checker.check(label, results[name][index], w, **tolerance.get(name, {}))
checker.done()

# Every case, in order: one that silently disappears fails the test.
# CHECK: {{^}}batch_norm_exact_axis1: ok{{$}}
# CHECK: {{^}}batch_norm_exact_axis_m1: ok{{$}}
# CHECK: {{^}}batch_norm_exact_axis0_rank1: ok{{$}}
# CHECK: {{^}}batch_norm_eps_axis1: ok{{$}}
# CHECK: {{^}}batch_norm_eps_axis_m1: ok{{$}}
# CHECK: {{^}}batch_norm_eps_axis2: ok{{$}}
# CHECK: {{^}}batch_norm_eps_then_lif: ok{{$}}
# CHECK: {{^}}relu_rank1: ok{{$}}
# CHECK: {{^}}relu_rank3: ok{{$}}
# CHECK: {{^}}relu_rank4: ok{{$}}
# CHECK: {{^}}relu_rank0: ok{{$}}
# CHECK: {{^}}repeat_f32_t4_rank2: ok{{$}}
# CHECK: {{^}}repeat_f32_t1_rank2: ok{{$}}
# CHECK: {{^}}repeat_f32_t3_rank1: ok{{$}}
# CHECK: {{^}}repeat_f32_t5_rank0: ok{{$}}
# CHECK: {{^}}repeat_i1_t4_rank2: ok{{$}}
# CHECK: {{^}}repeat_i1_t1_rank2: ok{{$}}
# CHECK: {{^}}repeat_i1_t3_rank1: ok{{$}}
# CHECK: {{^}}repeat_i1_t5_rank0: ok{{$}}
# CHECK: {{^}}repeat_i2_t4_rank2: ok{{$}}
# CHECK: {{^}}repeat_i2_t1_rank2: ok{{$}}
# CHECK: {{^}}repeat_i2_t3_rank1: ok{{$}}
# CHECK: {{^}}repeat_i2_t5_rank0: ok{{$}}
# CHECK: {{^}}repeat_i1_into_linear_and_mean_time#0: ok{{$}}
# CHECK: {{^}}repeat_i1_into_linear_and_mean_time#1: ok{{$}}
# CHECK: {{^}}repeat_i2_into_linear_and_mean_time#0: ok{{$}}
# CHECK: {{^}}repeat_i2_into_linear_and_mean_time#1: ok{{$}}
# CHECK: {{^}}mean_time_f32_t4_rank3: ok{{$}}
# CHECK: {{^}}mean_time_f32_t3_rank3: ok{{$}}
# CHECK: {{^}}mean_time_f32_t1_rank2: ok{{$}}
# CHECK: {{^}}mean_time_f32_t6_rank1: ok{{$}}
# CHECK: {{^}}mean_time_i1_t4_rank3: ok{{$}}
# CHECK: {{^}}mean_time_i1_t3_rank3: ok{{$}}
# CHECK: {{^}}mean_time_i1_t1_rank2: ok{{$}}
# CHECK: {{^}}mean_time_i1_t6_rank1: ok{{$}}
# CHECK: {{^}}mean_time_i2_t4_rank3: ok{{$}}
# CHECK: {{^}}mean_time_i2_t3_rank3: ok{{$}}
# CHECK: {{^}}mean_time_i2_t1_rank2: ok{{$}}
# CHECK: {{^}}mean_time_i2_t6_rank1: ok{{$}}
# CHECK: {{^}}mean_time_of_lif_and_ternary_lif#0: ok{{$}}
# CHECK: {{^}}mean_time_of_lif_and_ternary_lif#1: ok{{$}}
# CHECK: {{^}}flatten_spikes_into_linear: ok{{$}}
# CHECK: {{^}}batch_norm_exact_axis1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}batch_norm_exact_axis_m1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}batch_norm_exact_axis0_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}batch_norm_eps_axis1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}batch_norm_eps_axis_m1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}batch_norm_eps_axis2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}batch_norm_eps_then_lif [vectorize=0]: ok{{$}}
# CHECK: {{^}}relu_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}relu_rank3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}relu_rank4 [vectorize=0]: ok{{$}}
# CHECK: {{^}}relu_rank0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_f32_t4_rank2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_f32_t1_rank2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_f32_t3_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_f32_t5_rank0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_i1_t4_rank2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_i1_t1_rank2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_i1_t3_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_i1_t5_rank0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_i2_t4_rank2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_i2_t1_rank2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_i2_t3_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_i2_t5_rank0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_i1_into_linear_and_mean_time#0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_i1_into_linear_and_mean_time#1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_i2_into_linear_and_mean_time#0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}repeat_i2_into_linear_and_mean_time#1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_f32_t4_rank3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_f32_t3_rank3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_f32_t1_rank2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_f32_t6_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_i1_t4_rank3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_i1_t3_rank3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_i1_t1_rank2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_i1_t6_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_i2_t4_rank3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_i2_t3_rank3 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_i2_t1_rank2 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_i2_t6_rank1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_of_lif_and_ternary_lif#0 [vectorize=0]: ok{{$}}
# CHECK: {{^}}mean_time_of_lif_and_ternary_lif#1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}flatten_spikes_into_linear [vectorize=0]: ok{{$}}
# CHECK: {{^}}batch_norm_exact_axis1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}batch_norm_exact_axis_m1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}batch_norm_exact_axis0_rank1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}batch_norm_eps_axis1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}batch_norm_eps_axis_m1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}batch_norm_eps_axis2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}batch_norm_eps_then_lif [vector-width=4]: ok{{$}}
# CHECK: {{^}}relu_rank1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}relu_rank3 [vector-width=4]: ok{{$}}
# CHECK: {{^}}relu_rank4 [vector-width=4]: ok{{$}}
# CHECK: {{^}}relu_rank0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_f32_t4_rank2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_f32_t1_rank2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_f32_t3_rank1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_f32_t5_rank0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_i1_t4_rank2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_i1_t1_rank2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_i1_t3_rank1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_i1_t5_rank0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_i2_t4_rank2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_i2_t1_rank2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_i2_t3_rank1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_i2_t5_rank0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_i1_into_linear_and_mean_time#0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_i1_into_linear_and_mean_time#1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_i2_into_linear_and_mean_time#0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}repeat_i2_into_linear_and_mean_time#1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_f32_t4_rank3 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_f32_t3_rank3 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_f32_t1_rank2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_f32_t6_rank1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_i1_t4_rank3 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_i1_t3_rank3 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_i1_t1_rank2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_i1_t6_rank1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_i2_t4_rank3 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_i2_t3_rank3 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_i2_t1_rank2 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_i2_t6_rank1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_of_lif_and_ternary_lif#0 [vector-width=4]: ok{{$}}
# CHECK: {{^}}mean_time_of_lif_and_ternary_lif#1 [vector-width=4]: ok{{$}}
# CHECK: {{^}}flatten_spikes_into_linear [vector-width=4]: ok{{$}}
