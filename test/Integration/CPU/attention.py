# RUN: %python %s | FileCheck %s
"""Execution of spike.attention on the CPU (--spike-cpu-pipeline), checked
bit for bit against the NumPy reference.

Binary queries; real (f32, A²OS²A) and binary (SSA) keys; ternary and binary
values; 1, 2, 4 and 8 heads, head sizes that are not multiples of 64 (48,
65) and word-aligned ones (64), 1, 64 and 70 tokens, Dv != D, 0, 1 and 2
batch dims, scale 1.0 and 0.125, and both evaluation orders forced through
the discardable attribute `spike.attention_order` as well as the automatic
choice (kv_first for the `_auto` cases with 16 and 70 tokens, scores_first
for the one with 9). A second program forces the order on every op with
the pipeline option attention-order=..., once with vectorize=0. Real keys
are multiples of 1/16 in [-1, 2], so every sum is exact in either order.
"""

import numpy as np

from spike import reference as ref
from spike.mlir_runner import (Checker, Program, f32_attr, tensor_type,
                               to_spikes)

rng = np.random.default_rng(17)
program = Program()
expected = {}
# Cases compiled again with the order forced by the pipeline option.
forced_program = Program()
forced_expected = {}


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


def add(name, batch, tokens, dim, value_dim, heads, keys, values, order=None,
        scale=1.0, q=None, v=None, forced=False):
    qshape = batch + (tokens, dim)
    vshape = batch + (tokens, value_dim)
    q = spikes(qshape, "i1") if q is None else q
    k = (rng.integers(-16, 33, qshape) / 16).astype(np.float32) if keys == "f32" \
        else spikes(qshape, "i1", 0.5)
    v = spikes(vshape, values) if v is None else v
    qt, vt = tensor_type(qshape), tensor_type(vshape)
    body = to_spikes("qs", "q", qshape, "i1")
    ks = "k"
    if keys == "i1":
        body += to_spikes("ks", "k", qshape, "i1")
        ks = "ks"
    body += to_spikes("vs", "v", vshape, values)
    attrs = [f"num_heads = {heads} : i64"]
    if scale != 1.0:
        attrs.append(f"scale = {f32_attr(scale)}")
    if order:
        attrs.append(f"spike.attention_order = #spike.attention_order<{order}>")
    types = (f"({tensor_type(qshape, 'i1')}, {tensor_type(qshape, keys)}, "
             f"{tensor_type(vshape, values)}) -> {vt}")
    body += f"%o = spike.attention %qs, %{ks}, %vs {{{', '.join(attrs)}}} : {types}\n"
    (forced_program if forced else program).add(name, f"""
func.func @{name}(%q: {qt}, %k: {qt}, %v: {vt}) -> {vt} {{
{body}  return %o : {vt}
}}""", [q, k, v])
    want = ref.attention(q.astype(bool), as_reference(keys, k), as_reference(values, v),
                         num_heads=heads, scale=scale)
    (forced_expected if forced else expected)[name] = want


ORDERS = ("scores_first", "kv_first", None)


def order_name(order):
    return order or "auto"


# A²OS²A (f32 keys, ternary values) and SSA (binary keys and values, scale
# 0.125) with 8 heads of 8, and the two other mixes with 2 heads of 32; one
# batch dim. (The lowering unrolls the heads: 8-head cases are costly to
# compile, so only three.)
add("attention_kf32_vi2_h8_scores_first", (2,), 16, 64, 64, 8, "f32", "i2", "scores_first")
add("attention_kf32_vi2_h8_kv_first", (2,), 16, 64, 64, 8, "f32", "i2", "kv_first")
add("attention_ki1_vi1_h8_auto", (2,), 16, 64, 64, 8, "i1", "i1", scale=0.125)
for keys, values in (("f32", "i1"), ("i1", "i2")):
    for order in ("scores_first", "kv_first"):
        add(f"attention_k{keys}_v{values}_h2_{order}", (2,), 16, 64, 64, 2, keys, values,
            order)

# One head of 48 (not a multiple of 64) over 70 tokens (more than one word
# of tokens), no batch dim.
for order in ORDERS:
    add(f"attention_h1_d48_n70_{order_name(order)}", (), 70, 48, 48, 1, "f32", "i2",
        order)
for order in ("scores_first", "kv_first"):
    add(f"attention_h1_d48_n70_ssa_{order}", (), 70, 48, 48, 1, "i1", "i1", order, 0.125)
# Two heads of 48, two batch dims (the automatic order is scores_first here:
# few tokens).
for order in ORDERS:
    add(f"attention_h2_d96_b2_{order_name(order)}", (2, 3), 9, 96, 96, 2, "f32", "i2",
        order)
# Dv != D (4 heads: dh = 16, dvh = 8) and Dv = 130 over 2 heads (dvh = 65).
for order in ("scores_first", "kv_first"):
    add(f"attention_h4_dv32_{order}", (3,), 12, 64, 32, 4, "f32", "i2", order, 0.125)
    add(f"attention_h2_dv130_{order}", (1,), 10, 32, 130, 2, "i1", "i2", order)
# One head of 128 (two words per row).
for order in ("scores_first", "kv_first"):
    add(f"attention_h1_d128_{order}", (1,), 20, 128, 128, 1, "f32", "i2", order)

# Two heads of 64 (word-aligned head slices) with Dv = 130 (dvh = 65).
for order in ("scores_first", "kv_first"):
    add(f"attention_h2_d128_dv130_{order}", (1,), 12, 128, 130, 2, "f32", "i2", order)

# 64 tokens and one head of 64 (whole words), and a single token.
for order in ("scores_first", "kv_first"):
    add(f"attention_h1_n64_d64_{order}", (), 64, 64, 64, 1, "f32", "i2", order)
    add(f"attention_n1_{order}", (2,), 1, 8, 8, 2, "f32", "i2", order)

# All-one queries with all-(-1) values, and all-zero queries.
for order in ("scores_first", "kv_first"):
    add(f"attention_all_one_q_minus_one_v_{order}", (1,), 8, 64, 64, 2, "f32", "i2",
        order, q=np.ones((1, 8, 64), np.float32), v=-np.ones((1, 8, 64), np.float32))
    add(f"attention_all_zero_q_{order}", (1,), 8, 64, 64, 2, "i1", "i1", order,
        0.125, q=np.zeros((1, 8, 64), np.float32))

# The order forced for every op by the pipeline option (no attribute).
add("forced_h2_d96", (2, 3), 9, 96, 96, 2, "f32", "i2", forced=True)
add("forced_h1_d48_n70_ssa", (), 70, 48, 48, 1, "i1", "i1", scale=0.125, forced=True)

checker = Checker()
results = program.run()
for name, want in expected.items():
    checker.check(name, results[name][0], want)
for options in ("attention-order=scores_first", "vectorize=0 attention-order=kv_first"):
    results = forced_program.run(options)
    for name, want in forced_expected.items():
        checker.check(f"{name} [{options}]", results[name][0], want)
checker.done()

# Every case, in order: one that silently disappears fails the test.
# CHECK: {{^}}attention_kf32_vi2_h8_scores_first: ok{{$}}
# CHECK: {{^}}attention_kf32_vi2_h8_kv_first: ok{{$}}
# CHECK: {{^}}attention_ki1_vi1_h8_auto: ok{{$}}
# CHECK: {{^}}attention_kf32_vi1_h2_scores_first: ok{{$}}
# CHECK: {{^}}attention_kf32_vi1_h2_kv_first: ok{{$}}
# CHECK: {{^}}attention_ki1_vi2_h2_scores_first: ok{{$}}
# CHECK: {{^}}attention_ki1_vi2_h2_kv_first: ok{{$}}
# CHECK: {{^}}attention_h1_d48_n70_scores_first: ok{{$}}
# CHECK: {{^}}attention_h1_d48_n70_kv_first: ok{{$}}
# CHECK: {{^}}attention_h1_d48_n70_auto: ok{{$}}
# CHECK: {{^}}attention_h1_d48_n70_ssa_scores_first: ok{{$}}
# CHECK: {{^}}attention_h1_d48_n70_ssa_kv_first: ok{{$}}
# CHECK: {{^}}attention_h2_d96_b2_scores_first: ok{{$}}
# CHECK: {{^}}attention_h2_d96_b2_kv_first: ok{{$}}
# CHECK: {{^}}attention_h2_d96_b2_auto: ok{{$}}
# CHECK: {{^}}attention_h4_dv32_scores_first: ok{{$}}
# CHECK: {{^}}attention_h2_dv130_scores_first: ok{{$}}
# CHECK: {{^}}attention_h4_dv32_kv_first: ok{{$}}
# CHECK: {{^}}attention_h2_dv130_kv_first: ok{{$}}
# CHECK: {{^}}attention_h1_d128_scores_first: ok{{$}}
# CHECK: {{^}}attention_h1_d128_kv_first: ok{{$}}
# CHECK: {{^}}attention_h2_d128_dv130_scores_first: ok{{$}}
# CHECK: {{^}}attention_h2_d128_dv130_kv_first: ok{{$}}
# CHECK: {{^}}attention_h1_n64_d64_scores_first: ok{{$}}
# CHECK: {{^}}attention_n1_scores_first: ok{{$}}
# CHECK: {{^}}attention_h1_n64_d64_kv_first: ok{{$}}
# CHECK: {{^}}attention_n1_kv_first: ok{{$}}
# CHECK: {{^}}attention_all_one_q_minus_one_v_scores_first: ok{{$}}
# CHECK: {{^}}attention_all_zero_q_scores_first: ok{{$}}
# CHECK: {{^}}attention_all_one_q_minus_one_v_kv_first: ok{{$}}
# CHECK: {{^}}attention_all_zero_q_kv_first: ok{{$}}
# CHECK: {{^}}forced_h2_d96 [attention-order=scores_first]: ok{{$}}
# CHECK: {{^}}forced_h1_d48_n70_ssa [attention-order=scores_first]: ok{{$}}
# CHECK: {{^}}forced_h2_d96 [vectorize=0 attention-order=kv_first]: ok{{$}}
# CHECK: {{^}}forced_h1_d48_n70_ssa [vectorize=0 attention-order=kv_first]: ok{{$}}
