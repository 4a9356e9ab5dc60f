"""spike.interpreter on the NIR reference files and on small hand-built
graphs of every node type, with expectations computed by hand."""

import nir
import numpy as np
import pytest

from spike import interpreter, nir_io, nir_params
from spike import reference as ref
from spike.nir_graph import GraphError

DT = 2.0 ** -13  # with tau = 2 DT the Euler factors are exact: dt/tau = 0.5
TAU = 2.0 ** -12


def f32(values):
    return np.asarray(values, dtype=np.float32)


def chain(input_shape, *nodes, output_shape=None):
    """Input -> nodes... -> Output, named n0, n1, ... (types are not needed)."""
    names = [f"n{i}" for i in range(len(nodes))]
    graph_nodes = {"input": nir.Input(np.array(input_shape))}
    graph_nodes.update(zip(names, nodes))
    graph_nodes["output"] = nir.Output(np.array(output_shape or [1]))
    order = ["input"] + names + ["output"]
    graph = nir.NIRGraph(nodes=graph_nodes, edges=list(zip(order, order[1:])), type_check=False)
    graph.nodes["output"].output_type = {"output": None}  # not checked here
    return graph


def run1(node, x, input_shape=None, dt=DT):
    """One node on x [T, B, ...]; returns the output."""
    x = f32(x)
    return interpreter.run(chain(input_shape or x.shape[2:], node), x, dt=dt)


def lif_fields(**changes):
    fields = dict(decay=0.5, gain=0.5, bias=0.0, v_threshold=1.0, v_reset=0.0)
    fields.update(changes)
    return fields


# --- the NIR reference files -------------------------------------------------

def test_norse_trace(nir_data):
    trace = np.loadtxt(nir_data / "lif_norse.csv", delimiter=",", dtype=np.float32)
    it = interpreter.Interpreter(nir_data / "lif_norse.nir")
    spikes, values = it.run(trace[:, 0][:, None, None], record=True)
    assert spikes.dtype == np.float32 and spikes.shape == (1000, 1, 1)
    np.testing.assert_array_equal(np.flatnonzero(spikes[:, 0, 0]), [460, 510, 710, 760])
    np.testing.assert_array_equal(np.flatnonzero(trace[:, 2]), [460, 510, 710, 760])
    # The membrane: the neuron (SPEC section 3 mapping) on the current the graph computed.
    node = it.graph.nodes["1"]
    params = nir_params.nir_lif(node.tau, node.r, node.v_leak, node.v_threshold, node.v_reset)
    _, voltage = ref.lif(values["0"][1], **params, return_state=True)
    assert np.abs(voltage[:, 0, 0] - trace[:, 1]).max() <= 1e-6


def test_sinabs_cnn_on_events(nir_data):
    rng = np.random.default_rng(0)
    x = (rng.random((8, 2, 2, 34, 34)) < 0.3).astype(np.float32)
    y, values = interpreter.Interpreter(nir_data / "cnn_sinabs.nir").run(x, record=True)
    assert y.shape == (8, 2, 10) and y.dtype == np.float32
    assert set(np.unique(y)) <= {0.0, 1.0}
    for name, shape in (("1", (16, 16, 16)), ("4", (16, 8, 8)), ("8", (128,)), ("10", (256,))):
        assert values[name][1].shape == (8, 2) + shape
    for name in ("1", "3", "6", "10"):  # every IF layer fires, none saturates
        assert values[name][1].dtype == np.bool_ and 0 < values[name][1].mean() < 0.9
    # Flatten is per sample: [8, 4, 4] -> [128] in C, H, W order.
    np.testing.assert_array_equal(values["8"][1], values["7"][1].reshape(8, 2, 128))


# --- standard nodes ----------------------------------------------------------

def test_affine_linear_scale():
    x = f32([[[1, 2]], [[0, -1]]])  # T=2, B=1, [2]
    affine = nir.Affine(weight=f32([[1, 1], [2, -1], [0, 3]]), bias=f32([0.5, 0, -1]))
    np.testing.assert_array_equal(run1(affine, x), f32([[[3.5, 0, 5]], [[-0.5, 1, -4]]]))
    linear = nir.Linear(weight=f32([[1, 1]]))
    np.testing.assert_array_equal(run1(linear, x), f32([[[3]], [[-1]]]))
    scale = nir.Scale(scale=f32([2, -0.5]))
    np.testing.assert_array_equal(run1(scale, x), f32([[[2, -1]], [[0, 0.5]]]))


def test_conv2d_and_conv1d():
    x = np.arange(9, dtype=np.float32).reshape(1, 1, 1, 3, 3)
    conv = nir.Conv2d(input_shape=(3, 3), weight=np.ones((1, 1, 2, 2), np.float32), stride=1,
                      padding=0, dilation=1, groups=1, bias=f32([1]))
    # Window sums of [[0,1,2],[3,4,5],[6,7,8]] plus 1.
    np.testing.assert_array_equal(run1(conv, x)[0, 0, 0], f32([[9, 13], [21, 25]]))
    same = nir.Conv2d(input_shape=(3, 3), weight=np.ones((1, 1, 3, 3), np.float32), stride=1,
                      padding="same", dilation=1, groups=1, bias=f32([0]))
    np.testing.assert_array_equal(run1(same, x)[0, 0, 0],
                                  f32([[8, 15, 12], [21, 36, 27], [20, 33, 24]]))
    conv1 = nir.Conv1d(input_shape=4, weight=f32([[[1, -1]]]), stride=1, padding=1, dilation=1,
                       groups=1, bias=f32([0]))
    x1 = f32([1, 4, 9, 16]).reshape(1, 1, 1, 4)
    np.testing.assert_array_equal(run1(conv1, x1)[0, 0, 0], f32([-1, -3, -5, -7, 16]))


def test_pools_flatten_threshold():
    x = np.arange(16, dtype=np.float32).reshape(1, 1, 1, 4, 4)
    pool = nir.SumPool2d(kernel_size=np.array([2, 2]), stride=np.array([2, 2]),
                         padding=np.array([0, 0]))
    np.testing.assert_array_equal(run1(pool, x)[0, 0, 0], f32([[10, 18], [42, 50]]))
    avg = nir.AvgPool2d(kernel_size=np.array([2, 2]), stride=np.array([2, 2]),
                        padding=np.array([0, 0]))
    np.testing.assert_array_equal(run1(avg, x)[0, 0, 0], f32([[2.5, 4.5], [10.5, 12.5]]))
    flat = nir.Flatten(input_type={"input": np.array([1, 4, 4])}, start_dim=1, end_dim=2)
    np.testing.assert_array_equal(run1(flat, x), x.reshape(1, 1, 1, 16))
    threshold = nir.Threshold(threshold=f32([1, 1, 1]))
    np.testing.assert_array_equal(run1(threshold, f32([[[0.5, 1, 1.5]]])), f32([[[0, 0, 1]]]))


def test_delay_rounds_to_steps():
    x = np.arange(1, 6, dtype=np.float32).reshape(5, 1, 1)
    delay = nir.Delay(delay=f32([1.0]))
    np.testing.assert_array_equal(run1(delay, x, dt=0.5)[:, 0, 0], f32([0, 0, 1, 2, 3]))
    # 2.5 steps round half away from zero: 3; per-neuron delays.
    delay = nir.Delay(delay=f32([1.25, 0.0]))
    y = run1(delay, np.repeat(x, 2, axis=2), dt=0.5)
    np.testing.assert_array_equal(y[:, 0, 0], f32([0, 0, 0, 1, 2]))
    np.testing.assert_array_equal(y[:, 0, 1], x[:, 0, 0])


def test_if_and_i_are_per_step():
    x = f32([0.6, 0.6, 0.6, 0.6]).reshape(4, 1, 1)
    if_node = nir.IF(r=f32([1]), v_threshold=f32([1.2]))
    # v: 0.6, 1.2 (not > 1.2), 1.8 fires -> 0, 0.6.
    np.testing.assert_array_equal(run1(if_node, x, dt=0.5)[:, 0, 0], f32([0, 0, 1, 0]))
    i_node = nir.I(r=f32([2]))
    np.testing.assert_allclose(run1(i_node, x, dt=0.5)[:, 0, 0], f32([1.2, 2.4, 3.6, 4.8]))


def test_lif_li_euler():
    x = f32([0.75, 0.75, 0.75]).reshape(3, 1, 1)
    # tau = 2 dt: decay 0.5; r = 2: gain 1; h = 0.5 v + x.
    lif = nir.LIF(tau=f32([TAU]), r=f32([2]), v_leak=f32([0]), v_threshold=f32([1]))
    np.testing.assert_array_equal(run1(lif, x)[:, 0, 0], f32([0, 1, 0]))
    # v = 0.5 v + x + 0.5 (v_leak 1 -> bias dt v_leak / tau = 0.5).
    li = nir.LI(tau=f32([TAU]), r=f32([2]), v_leak=f32([1]))
    np.testing.assert_array_equal(run1(li, f32([1, 0]).reshape(2, 1, 1))[:, 0, 0], f32([1.5, 1.25]))


def test_cuba_neurons():
    x = f32([2, 2, 0, 0]).reshape(4, 1, 1)
    common = dict(tau_syn=f32([TAU]), tau_mem=f32([TAU]), r=f32([2]), v_leak=f32([0]),
                  w_in=f32([1]))
    # I = 0.5 I + 0.5 x: 1, 1.5, 0.75, 0.375;  v = 0.5 v + I: 1, 2, 1.75, 1.25.
    cuba_li = nir.CubaLI(**common)
    np.testing.assert_array_equal(run1(cuba_li, x)[:, 0, 0], f32([1, 2, 1.75, 1.25]))
    # With threshold 1.5 (gt): v 1, 2 fires -> 0, 0.75, 0.75.
    cuba = nir.CubaLIF(**common, v_threshold=f32([1.5]))
    np.testing.assert_array_equal(run1(cuba, x)[:, 0, 0], f32([0, 1, 0, 0]))


# --- extension nodes ---------------------------------------------------------

def test_spike_lif_and_ternary_lif():
    x = f32([3, 0, 0, 2.5]).reshape(4, 1, 1)
    soft = nir_io.LIF(**lif_fields(compare="gt", reset="soft"))
    # h: 1.5 fires -> 0.5; 0.25; 0.125; 1.3125 fires.
    np.testing.assert_array_equal(run1(soft, x)[:, 0, 0], f32([1, 0, 0, 1]))
    ternary = nir_io.TernaryLIF(**lif_fields(v_init=-2.0))
    # h: -1 + 0.5*1 = -0.5 (v_init -2), then with x = [1, -4, 0]: ...
    xt = f32([1, -4, 0]).reshape(3, 1, 1)
    # h0 = -1 + 0.5 = -0.5 -> 0; h1 = -0.25 - 2 = -2.25 -> -1 (reset 0); h2 = 0 -> 0.
    np.testing.assert_array_equal(run1(ternary, xt)[:, 0, 0], f32([0, -1, 0]))


def test_batch_norm_relu_transpose_mean():
    x = f32([[1, 2, 3], [4, 5, 6]]).reshape(1, 1, 2, 3)
    bn0 = nir_io.BatchNorm(weight=f32([1, 2]), bias=f32([0, 1]), running_mean=f32([1, 4]),
                           running_var=f32([4, 1]), epsilon=0.0, axis=0)
    np.testing.assert_array_equal(run1(bn0, x)[0, 0], f32([[0, 0.5, 1], [1, 3, 5]]))
    bn1 = nir_io.BatchNorm(weight=f32([1, 1, 1]), bias=f32([0, 0, 0]), running_mean=f32([1, 2, 3]),
                           running_var=f32([1, 1, 1]), epsilon=0.0, axis=-1)
    np.testing.assert_array_equal(run1(bn1, x)[0, 0], f32([[0, 0, 0], [3, 3, 3]]))
    np.testing.assert_array_equal(run1(nir_io.ReLU(), x - 3)[0, 0], f32([[0, 0, 0], [1, 2, 3]]))
    np.testing.assert_array_equal(run1(nir_io.Transpose(perm=[1, 0]), x)[0, 0],
                                  f32([[1, 4], [2, 5], [3, 6]]))
    np.testing.assert_array_equal(run1(nir_io.Mean(axis=0), x)[0, 0], f32([2.5, 3.5, 4.5]))
    np.testing.assert_array_equal(run1(nir_io.Mean(axis=-1), x)[0, 0], f32([2, 5]))


def test_max_pool_on_spikes_and_reals():
    spikes = np.zeros((1, 1, 1, 4, 4), np.float32)
    spikes[..., 0, 1] = spikes[..., 3, 3] = 1
    # The spikes come from a Threshold so the pool sees i1 (an OR).
    graph = chain([1, 4, 4], nir.Threshold(threshold=np.full((1, 4, 4), 0.5, np.float32)),
                  nir_io.MaxPool2d(kernel_size=[2, 2]))
    np.testing.assert_array_equal(interpreter.run(graph, spikes)[0, 0, 0], f32([[1, 0], [0, 1]]))
    x = -np.arange(9, dtype=np.float32).reshape(1, 1, 1, 3, 3)
    pool = nir_io.MaxPool2d(kernel_size=[2, 2], stride=[1, 1], padding=[1, 1, 0, 0])
    # Padding (top 1, left 1) with -inf: maxima of the 2x2 windows of the padded input.
    np.testing.assert_array_equal(run1(pool, x)[0, 0, 0],
                                  f32([[0, 0, -1], [0, 0, -1], [-3, -3, -4]]))


def test_sum_of_several_edges_and_mean_time():
    nodes = {"input": nir.Input(np.array([2])), "a": nir.Scale(scale=f32([2, 2])),
             "b": nir.Scale(scale=f32([-1, 3])), "sum": nir_io.Sum(),
             "fc": nir.Linear(weight=f32([[1, 1]])), "mt": nir_io.MeanTime(),
             "output": nir.Output(np.array([1]))}
    edges = [("input", "a"), ("input", "b"), ("a", "sum"), ("b", "sum"), ("input", "sum"),
             ("sum", "fc"), ("input", "fc"), ("fc", "mt"), ("mt", "output")]
    graph = nir.NIRGraph(nodes=nodes, edges=edges, type_check=False)
    x = f32([[[1, 2]], [[3, 0]]])
    # sum = 2x + [-1, 3] x + x = [2, 6] * x; fc sums the features of sum + x.
    per_step = np.array([(2 * 1 + 6 * 2) + 3, (2 * 3 + 0) + 3], np.float32)
    y = interpreter.run(graph, x)
    np.testing.assert_array_equal(y[:, 0, 0], np.full(2, per_step.mean(), np.float32))


def attention_node(kind, dim=2, heads=1):
    """Identity projections and BNs; neurons that pass their input's spikes
    (decay 0, gain 1, threshold 0.5): q = v = s, k = ReLU(s) = s (or LIF)."""
    fields = dict(kind=kind, num_heads=heads, bn_epsilon=0.0)
    for p in "qkv":
        fields[f"{p}_weight"] = np.eye(dim, dtype=np.float32)
        for k, v in (("weight", 1.0), ("bias", 0.0), ("running_mean", 0.0), ("running_var", 1.0)):
            fields[f"{p}_bn_{k}"] = np.full(dim, v, np.float32)
    for p in ("q_", "v_", "k_") if kind == "ssa" else ("q_", "v_"):
        neuron = lif_fields(decay=0.0, gain=1.0, v_threshold=0.5)
        fields.update({p + k: v for k, v in neuron.items()})
    return nir_io.SelfAttention(**fields)


@pytest.mark.parametrize("kind,scale", [("a2os2a", 1.0), ("ssa", 0.125)])
def test_self_attention(kind, scale):
    s = f32([[1, 0], [1, 1]]).reshape(1, 1, 2, 2)
    # s s^T = [[1, 1], [1, 2]];  (s s^T) s = [[2, 1], [3, 2]].
    y = run1(attention_node(kind), s)
    np.testing.assert_array_equal(y[0, 0], scale * f32([[2, 1], [3, 2]]))
    # Two heads of one feature each: q_h k_h^T v_h per column.
    s2 = f32([[1, 1], [0, 1]]).reshape(1, 1, 2, 2)
    y2 = run1(attention_node(kind, heads=2), s2)
    # head 0: column [1, 0] -> [[1, 0], [0, 0]] @ [1, 0] = [1, 0];
    # head 1: column [1, 1] -> [[1, 1], [1, 1]] @ [1, 1] = [2, 2].
    np.testing.assert_array_equal(y2[0, 0], scale * f32([[1, 2], [0, 2]]))


def test_ternary_values_subtract():
    node = attention_node("a2os2a")
    node.v_bn_bias = f32([-1.0, 0.0])  # v = TernaryLIF(s - [1, 0]): feature 0 fires -1 when s = 0
    s = f32([[0, 1], [1, 1]]).reshape(1, 1, 2, 2)
    # q = k = s; v = [[-1, 1], [0, 1]]; s s^T = [[1, 1], [1, 2]] -> [[-1, 2], [-1, 3]].
    np.testing.assert_array_equal(run1(node, s)[0, 0], f32([[-1, 2], [-1, 3]]))


def test_nested_graph_is_inlined():
    inner = nir.NIRGraph(nodes={"in": nir.Input(np.array([2])),
                                "fc": nir.Affine(weight=f32([[1, 0], [1, 1]]), bias=f32([0, 1])),
                                "out": nir.Output(np.array([2]))},
                         edges=[("in", "fc"), ("fc", "out")], type_check=False)
    outer = nir.NIRGraph(nodes={"input": nir.Input(np.array([2])), "sub": inner,
                                "relu": nir_io.ReLU(), "output": nir.Output(np.array([2]))},
                         edges=[("input", "sub"), ("sub", "relu"), ("input", "relu"),
                                ("relu", "output")], type_check=False)
    x = f32([[[1, -3]]])
    # fc: [1, -2 + 1] = [1, -1]; plus x: [2, -4]; relu: [2, 0].
    y, values = interpreter.Interpreter(outer).run(x, record=True)
    np.testing.assert_array_equal(y, f32([[[2, 0]]]))
    assert "sub.fc" in values and "sub.in" in values


# --- recurrence --------------------------------------------------------------

def recurrent_graph(w_in, w_rec, fields):
    return nir.NIRGraph(
        nodes={"input": nir.Input(np.array([w_in.shape[1]])), "fc": nir.Linear(weight=w_in),
               "lif": nir_io.LIF(**fields), "rec": nir.Linear(weight=w_rec),
               "output": nir.Output(np.array([w_in.shape[0]]))},
        edges=[("input", "fc"), ("fc", "lif"), ("lif", "rec"), ("rec", "lif"), ("lif", "output")],
        type_check=False)


def test_recurrent_graph_matches_explicit_loop():
    rng = np.random.default_rng(5)
    w_in = rng.uniform(-1, 1, (4, 3)).astype(np.float32)
    w_rec = rng.uniform(-1, 1, (4, 4)).astype(np.float32)
    fields = lif_fields(decay=0.75, gain=1.0, v_threshold=0.5, reset="soft")
    x = rng.uniform(0, 1, (12, 2, 3)).astype(np.float32)
    y = interpreter.run(recurrent_graph(w_in, w_rec, fields), x)

    v = np.zeros((2, 4), np.float32)
    r = np.zeros((2, 4), np.float32)  # rec's output of the previous step, 0 at t = 0
    expected = []
    for t in range(12):
        current = ref.linear(x[t], w_in) + r
        s, v = ref.lif(current[None], **fields, v_init=v, return_state=True)
        s, v = s[0], v[0]
        expected.append(s)
        r = ref.linear(s, w_rec)
    expected = np.array(expected, np.float32)
    assert 0.1 < expected.mean() < 0.9
    np.testing.assert_array_equal(y, expected)


def test_self_loop_on_nir_lif():
    """snnTorch's RLeaky shape: a standard LIF whose spikes feed itself."""
    graph = nir.NIRGraph(
        nodes={"input": nir.Input(np.array([1])),
               "lif": nir.LIF(tau=f32([TAU]), r=f32([2]), v_leak=f32([0]), v_threshold=f32([0.9])),
               "rec": nir.Scale(scale=f32([-2])), "output": nir.Output(np.array([1]))},
        edges=[("input", "lif"), ("lif", "rec"), ("rec", "lif"), ("lif", "output")],
        type_check=False)
    x = np.ones((5, 1, 1), np.float32)
    # h = 0.5 v + (x + r): 1 fires; 0 + 1 - 2 = -1; -0.5 + 1 = 0.5; 0.25 + 1 = 1.25 fires; -1.
    np.testing.assert_array_equal(interpreter.run(graph, x, dt=DT)[:, 0, 0], f32([1, 0, 0, 1, 0]))


def test_algebraic_loop_is_rejected():
    graph = nir.NIRGraph(
        nodes={"input": nir.Input(np.array([1])), "a": nir.Scale(scale=f32([0.5])),
               "b": nir.Scale(scale=f32([0.5])), "output": nir.Output(np.array([1]))},
        edges=[("input", "a"), ("a", "b"), ("b", "a"), ("b", "output")], type_check=False)
    # The neurons named are spike-import's too (import-errors.py).
    with pytest.raises(GraphError, match=r"algebraic loop\): every cycle must pass through "
                       r"LIF, IF, LI, I, CubaLIF, CubaLI, spike\.LIF or spike\.TernaryLIF$"):
        interpreter.run(graph, np.zeros((2, 1, 1), np.float32))


def test_unsupported_recurrent_graphs():
    only_recurrent = nir.NIRGraph(
        nodes={"input": nir.Input(np.array([1])), "lif": nir_io.LIF(**lif_fields()),
               "out": nir.Output(np.array([1])), "sink": nir.Scale(scale=f32([1]))},
        edges=[("input", "sink"), ("lif", "lif"), ("lif", "out")], type_check=False)
    with pytest.raises(ValueError, match="fed only by recurrent edges"):
        interpreter.run(only_recurrent, np.zeros((2, 1, 1), np.float32))
    fields = lif_fields()
    graph = recurrent_graph(np.eye(1, dtype=np.float32), np.eye(1, dtype=np.float32), fields)
    graph.nodes["mt"] = nir_io.MeanTime()
    graph.edges = [e for e in graph.edges if e != ("lif", "output")]
    graph.edges += [("lif", "mt"), ("mt", "output")]
    with pytest.raises(interpreter.InterpreterError, match="node 'mt'.*recurrent"):
        interpreter.run(graph, np.zeros((2, 1, 1), np.float32))


def test_graph_and_input_errors():
    graph = chain([2], nir_io.ReLU())
    with pytest.raises(interpreter.InterpreterError, match="expected"):
        interpreter.run(graph, np.zeros((2, 1, 3), np.float32))
    two_inputs = nir.NIRGraph(nodes={"a": nir.Input(np.array([1])), "b": nir.Input(np.array([1])),
                                     "o": nir.Output(np.array([1]))},
                              edges=[("a", "o"), ("b", "o")], type_check=False)
    with pytest.raises(GraphError, match="exactly one Input"):
        interpreter.run(two_inputs, np.zeros((1, 1, 1), np.float32))
    bad_shape = chain([2], nir.Linear(weight=np.ones((2, 3), np.float32)))
    with pytest.raises(interpreter.InterpreterError, match="node 'n0'"):
        interpreter.run(bad_shape, np.zeros((1, 1, 2), np.float32))
    with pytest.raises(ValueError, match="dt"):
        interpreter.run(graph, np.zeros((1, 1, 2), np.float32), dt=0.0)


def test_duplicate_edges_count_once():
    graph = chain([1], nir.Scale(scale=f32([3])))
    graph.edges.append(("input", "n0"))
    np.testing.assert_array_equal(interpreter.run(graph, f32([[[2]]])), f32([[[6]]]))
