# RUN: %python %s | FileCheck %s
"""A whole A²OS²A encoder block (Guo et al., CVPR 2025) as one MLIR function,
compiled with --spike-cpu-pipeline and checked bit for bit against the same
computation done with the NumPy reference (spike.reference):

    s  = lif(x)
    q  = lif(bn(linear(s, Wq)))        binary queries
    k  = relu(bn(linear(s, Wk)))       real keys
    v  = ternary_lif(bn(linear(s, Wv)))  ternary values
    a  = attention(q, k, v)            no softmax, no scale
    x1 = x + bn(linear(lif(a), Wo))
    y  = x1 + bn(linear(lif(bn(linear(lif(x1), W1))), W2))

The batch norms follow linears, so --spike-fold-batchnorm folds them into
the weights: at run time when the weights are arguments, at compile time
when they are constants. To keep every value exact (SPEC section 5) the
batch norms use epsilon 0 and variances 1/4, 1 and 4 (sqrt exact), gammas
are multiples of 1/8, weights multiples of 1/64 and inputs of 1/16; the
folded weights and biases and every sum are then exact in f32, so spikes
and values must match bit for bit. The blocks cover 8 heads (D = 64, the
automatic order is kv_first) and 4 heads of 12 (D = 48, scores_first), and
the program runs again with vectorize=0.
"""

import numpy as np

from spike import reference as ref
from spike.mlir_runner import Checker, Program, dense_f32, tensor_type

rng = np.random.default_rng(29)
program = Program()
expected = {}

LAYERS = ("q", "k", "v", "o", "h", "y")


def grid(shape, low, high, step):
    return (rng.integers(round(low / step), round(high / step) + 1, shape)
            * step).astype(np.float32)


def parameters(dim, hidden):
    """Weights and batch norms of one block, by layer name."""
    shapes = {"q": (dim, dim), "k": (dim, dim), "v": (dim, dim), "o": (dim, dim),
              "h": (hidden, dim), "y": (dim, hidden)}
    params = {}
    for layer, shape in shapes.items():
        out = shape[0]
        params[layer] = dict(
            w=grid(shape, -1, 1, 1 / 64),
            gamma=grid((out,), 0.5, 2, 1 / 8),
            beta=grid((out,), -1, 1, 1 / 16),
            mean=grid((out,), -1, 1, 1 / 16),
            var=(4.0 ** rng.integers(-1, 2, out)).astype(np.float32))
    return params


def reference_block(x, params, heads):
    def dense(layer, s):
        p = params[layer]
        y = ref.linear(s, p["w"])
        return ref.batch_norm(y, p["gamma"], p["beta"], p["mean"], p["var"],
                              epsilon=0.0, axis=-1)
    s = ref.lif(x)
    q = ref.lif(dense("q", s))
    k = ref.relu(dense("k", s))
    v = ref.ternary_lif(dense("v", s))
    a = ref.attention(q, k, v, num_heads=heads)
    x1 = x + dense("o", ref.lif(a))
    y = x1 + dense("y", ref.lif(dense("h", ref.lif(x1))))
    return [y, x1, a]


def add_block(name, t, batch, tokens, dim, hidden, heads, constants=False, order=None):
    x = grid((t, batch, tokens, dim), -1, 3, 1 / 16)
    params = parameters(dim, hidden)
    act = (t, batch, tokens, dim)
    ft, st, tt = (tensor_type(act), tensor_type(act, "i1"), tensor_type(act, "i2"))
    ht, hs = tensor_type((t, batch, tokens, hidden)), tensor_type((t, batch, tokens, hidden), "i1")
    args, values, body = [f"%x: {ft}"], [x], []
    for layer in LAYERS:
        for key in ("w", "gamma", "beta", "mean", "var"):
            value = params[layer][key]
            if constants:
                body.append(f"  %{key}_{layer} = arith.constant {dense_f32(value)}")
            else:
                args.append(f"%{key}_{layer}: {tensor_type(value.shape)}")
                values.append(value)

    def dense(layer, source, in_type, out_type):
        w = params[layer]["w"]
        wt, vt = tensor_type(w.shape), tensor_type((w.shape[0],))
        body.append(f"  %{layer}0 = spike.linear %{source}, %w_{layer} "
                    f": ({in_type}, {wt}) -> {out_type}")
        body.append(f"  %{layer}1 = spike.batch_norm %{layer}0, %gamma_{layer}, %beta_{layer}, "
                    f"%mean_{layer}, %var_{layer} {{epsilon = 0.0 : f32, axis = -1 : i64}} "
                    f": {out_type}, {vt}")
        return f"{layer}1"

    attention_attrs = f"num_heads = {heads} : i64"
    if order:
        attention_attrs += f", spike.attention_order = #spike.attention_order<{order}>"
    body.append(f"  %s = spike.lif %x : {ft} -> {st}")
    body.append(f"  %q = spike.lif %{dense('q', 's', st, ft)} : {ft} -> {st}")
    body.append(f"  %k = spike.relu %{dense('k', 's', st, ft)} : {ft}")
    body.append(f"  %v = spike.ternary_lif %{dense('v', 's', st, ft)} : {ft} -> {tt}")
    body.append(f"  %a = spike.attention %q, %k, %v {{{attention_attrs}}} "
                f": ({st}, {ft}, {tt}) -> {ft}")
    body.append(f"  %as = spike.lif %a : {ft} -> {st}")
    body.append(f"  %x1 = arith.addf %x, %{dense('o', 'as', st, ft)} : {ft}")
    body.append(f"  %s1 = spike.lif %x1 : {ft} -> {st}")
    body.append(f"  %hs = spike.lif %{dense('h', 's1', st, ht)} : {ht} -> {hs}")
    body.append(f"  %y = arith.addf %x1, %{dense('y', 'hs', hs, ft)} : {ft}")
    body.append(f"  return %y, %x1, %a : {ft}, {ft}, {ft}")
    program.add(name, f"""
func.func @{name}({', '.join(args)}) -> ({ft}, {ft}, {ft}) {{
{chr(10).join(body)}
}}""", values)
    expected[name] = reference_block(x, params, heads)


add_block("a2os2a_block_h8", 2, 1, 16, 64, 128, 8)
add_block("a2os2a_block_h4_d48", 3, 2, 8, 48, 96, 4)
add_block("a2os2a_block_h4_d48_kv_first_constants", 2, 1, 8, 48, 96, 4, constants=True,
          order="kv_first")

checker = Checker()
for options, tag in (("", ""), ("vectorize=0", " [vectorize=0]")):
    results = program.run(options)
    for name, wants in expected.items():
        for label, got, want in zip(("y", "x1", "attention"), results[name], wants):
            checker.check(f"{name} {label}{tag}", got, want)
checker.done()

# Every case, in order: one that silently disappears fails the test.
# CHECK: {{^}}a2os2a_block_h8 y: ok{{$}}
# CHECK: {{^}}a2os2a_block_h8 x1: ok{{$}}
# CHECK: {{^}}a2os2a_block_h8 attention: ok{{$}}
# CHECK: {{^}}a2os2a_block_h4_d48 y: ok{{$}}
# CHECK: {{^}}a2os2a_block_h4_d48 x1: ok{{$}}
# CHECK: {{^}}a2os2a_block_h4_d48 attention: ok{{$}}
# CHECK: {{^}}a2os2a_block_h4_d48_kv_first_constants y: ok{{$}}
# CHECK: {{^}}a2os2a_block_h4_d48_kv_first_constants x1: ok{{$}}
# CHECK: {{^}}a2os2a_block_h4_d48_kv_first_constants attention: ok{{$}}
# CHECK: {{^}}a2os2a_block_h8 y [vectorize=0]: ok{{$}}
# CHECK: {{^}}a2os2a_block_h8 x1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}a2os2a_block_h8 attention [vectorize=0]: ok{{$}}
# CHECK: {{^}}a2os2a_block_h4_d48 y [vectorize=0]: ok{{$}}
# CHECK: {{^}}a2os2a_block_h4_d48 x1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}a2os2a_block_h4_d48 attention [vectorize=0]: ok{{$}}
# CHECK: {{^}}a2os2a_block_h4_d48_kv_first_constants y [vectorize=0]: ok{{$}}
# CHECK: {{^}}a2os2a_block_h4_d48_kv_first_constants x1 [vectorize=0]: ok{{$}}
# CHECK: {{^}}a2os2a_block_h4_d48_kv_first_constants attention [vectorize=0]: ok{{$}}
