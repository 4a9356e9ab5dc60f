"""spike.nir_io: extension nodes written by nir.write in the HDF5 layout of
docs/nir-extension.md, read back (standard nodes through nir), types
checked, bad files rejected with the file and node named."""

import h5py
import nir
import numpy as np
import pytest

from spike import nir_io

rng = np.random.default_rng(3)


def f32(values):
    return np.asarray(values, dtype=np.float32)


def neuron_fields(prefix="", ternary=False, **extra):
    fields = {f"{prefix}decay": 0.5, f"{prefix}gain": f32([0.5, 0.25, 1.0]),
              f"{prefix}bias": 0.0, f"{prefix}v_threshold": 1.0, f"{prefix}v_reset": -0.5}
    fields.update(extra)
    return fields


def attention_fields(kind, dim=4):
    fields = {"kind": kind, "num_heads": 2, "scale": 1.0 if kind == "a2os2a" else 0.125,
              "bn_epsilon": 1e-5}
    for p in "qkv":
        fields[f"{p}_weight"] = rng.standard_normal((dim, dim)).astype(np.float32)
        for k, v in (("weight", 1.0), ("bias", 0.0), ("running_mean", 0.0), ("running_var", 1.0)):
            fields[f"{p}_bn_{k}"] = np.full(dim, v, np.float32)
    for p in ("q_", "v_") + (("k_",) if kind == "ssa" else ()):
        fields.update({f"{p}{k}": v for k, v in
                       dict(decay=0.5, gain=0.5, bias=0.0, v_threshold=1.0, v_reset=0.0).items()})
    fields["q_compare"] = "gt"
    fields["v_reset_mode"] = "soft"
    return fields


EXTENSION_CASES = [
    (nir_io.LIF, neuron_fields(v_init=0.25, compare="gt", reset="soft"), (2, 3)),
    (nir_io.TernaryLIF, neuron_fields(reset="none"), (3,)),
    (nir_io.BatchNorm, dict(weight=f32([1, 2]), bias=f32([0, 1]), running_mean=f32([0.5, 0]),
                            running_var=f32([1, 4]), epsilon=1e-5, axis=0), (2, 3, 3)),
    (nir_io.ReLU, {}, (5,)),
    (nir_io.MaxPool2d, dict(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1]), (2, 5, 5)),
    (nir_io.MaxPool2d, dict(kernel_size=[2, 2], padding=[0, 1, 1, 0]), (1, 4, 4)),
    (nir_io.Sum, {}, (4,)),
    (nir_io.Transpose, dict(perm=[1, 0]), (3, 2)),
    (nir_io.Mean, dict(axis=0), (3, 2)),
    (nir_io.MeanTime, {}, (2,)),
    (nir_io.SelfAttention, attention_fields("a2os2a"), (3, 4)),
    (nir_io.SelfAttention, attention_fields("ssa"), (3, 4)),
]


def single_node_graph(node, shape):
    return nir.NIRGraph(nodes={"input": nir.Input(np.array(shape)), "node": node,
                               "output": nir.Output(node.output_type["output"])},
                        edges=[("input", "node"), ("node", "output")])


@pytest.mark.parametrize("cls,fields,shape", EXTENSION_CASES,
                         ids=[f"{c.nir_type}-{i}" for i, (c, _, _) in enumerate(EXTENSION_CASES)])
def test_extension_node_round_trip(tmp_path, cls, fields, shape):
    node = cls(**fields, input_shape=shape)
    path = tmp_path / "node.nir"
    nir_io.write_graph(path, single_node_graph(node, shape))
    graph = nir_io.read_graph(path)
    back = graph.nodes["node"]
    assert type(back) is cls and back.to_dict().keys() == node.to_dict().keys()
    for key, value in node.to_dict().items():
        np.testing.assert_array_equal(back.to_dict()[key], value, err_msg=key)
    np.testing.assert_array_equal(back.input_type["input"], shape)
    np.testing.assert_array_equal(back.output_type["output"], node.output_type["output"])


def test_hdf5_layout(tmp_path):
    """Type strings, float32 parameters, 0-d scalars, int64 sizes, UTF-8 strings."""
    lif = nir_io.LIF(**neuron_fields(compare="gt"), input_shape=(3,))
    pool = nir_io.MaxPool2d(kernel_size=[2, 2], input_shape=(1, 4, 4))
    graph = nir.NIRGraph(
        nodes={"input": nir.Input(np.array([1, 4, 4])), "pool": pool,
               "flat": nir.Flatten(input_type={"input": np.array([1, 2, 2])}, start_dim=0),
               "fc": nir.Linear(weight=np.ones((3, 4), np.float32)), "lif": lif,
               "output": nir.Output(np.array([3]))},
        edges=[("input", "pool"), ("pool", "flat"), ("flat", "fc"), ("fc", "lif"),
               ("lif", "output")])
    nir_io.write_graph(tmp_path / "g.nir", graph)
    with h5py.File(tmp_path / "g.nir", "r") as f:
        assert f["node/type"][()] == b"NIRGraph" and "version" in f
        node = f["node/nodes/lif"]
        assert node["type"][()] == b"spike.LIF"
        assert h5py.check_string_dtype(node["type"].dtype).encoding == "utf-8"
        assert node["decay"].shape == () and node["decay"].dtype == np.float32
        assert node["gain"].shape == (3,) and node["gain"].dtype == np.float32
        assert node["compare"][()] == b"gt"
        assert "v_init" not in node and "reset" not in node  # optional, left out
        assert f["node/nodes/pool/kernel_size"].dtype == np.int64
        assert "stride" not in f["node/nodes/pool"]
        edges = [tuple(e.decode() for e in pair) for pair in f["node/edges"][()]]
        assert ("fc", "lif") in edges


def test_read_standard_files(nir_data):
    norse = nir_io.read_graph(nir_data / "lif_norse.nir")
    assert isinstance(norse.nodes["0"], nir.Affine) and isinstance(norse.nodes["1"], nir.LIF)
    sinabs = nir_io.read_graph(nir_data / "cnn_sinabs.nir")
    assert isinstance(sinabs.nodes["0"], nir.Conv2d)
    assert isinstance(sinabs.nodes["4"], nir.SumPool2d)
    np.testing.assert_array_equal(sinabs.nodes["4"].output_type["output"], [16, 8, 8])
    np.testing.assert_array_equal(sinabs.nodes["8"].output_type["output"], [128])


def test_nested_graph_round_trip(tmp_path):
    inner = nir.NIRGraph(
        nodes={"in": nir.Input(np.array([2])), "relu": nir_io.ReLU(input_shape=(2,)),
               "out": nir.Output(np.array([2]))},
        edges=[("in", "relu"), ("relu", "out")])
    outer = nir.NIRGraph(
        nodes={"input": nir.Input(np.array([2])), "sub": inner,
               "sum": nir_io.Sum(input_shape=(2,)), "output": nir.Output(np.array([2]))},
        edges=[("input", "sub"), ("sub", "sum"), ("input", "sum"), ("sum", "output")])
    nir_io.write_graph(tmp_path / "nested.nir", outer)
    graph = nir_io.read_graph(tmp_path / "nested.nir")
    assert isinstance(graph.nodes["sub"], nir.NIRGraph)
    assert isinstance(graph.nodes["sub"].nodes["relu"], nir_io.ReLU)
    assert sorted(graph.edges) == sorted(outer.edges)
    np.testing.assert_array_equal(graph.nodes["sub"].input_type["in"], [2])


def test_linear_on_tokens_is_typed_by_its_real_shapes(tmp_path):
    """nir types a Linear by its weight ([in] -> [out]); reading sets the
    shapes it has in the graph ([N, in] -> [N, out])."""
    fc = nir.Linear(weight=np.ones((3, 2), np.float32))
    fc.input_type, fc.output_type = {"input": np.array([4, 2])}, {"output": np.array([4, 3])}
    graph = nir.NIRGraph(nodes={"input": nir.Input(np.array([4, 2])), "fc": fc,
                                "output": nir.Output(np.array([4, 3]))},
                         edges=[("input", "fc"), ("fc", "output")])
    nir_io.write_graph(tmp_path / "tokens.nir", graph)
    back = nir_io.read_graph(tmp_path / "tokens.nir")
    np.testing.assert_array_equal(back.nodes["fc"].input_type["input"], [4, 2])
    np.testing.assert_array_equal(back.nodes["fc"].output_type["output"], [4, 3])


def test_nir_type_check_sees_extension_types():
    with pytest.raises(ValueError, match="mismatch"):
        nir.NIRGraph(nodes={"input": nir.Input(np.array([3])),
                            "relu": nir_io.ReLU(input_shape=(4,)),
                            "output": nir.Output(np.array([4]))},
                     edges=[("input", "relu"), ("relu", "output")])


def test_node_field_checks():
    with pytest.raises(ValueError, match="compare"):
        nir_io.LIF(**neuron_fields(compare="lt"))
    with pytest.raises(ValueError, match="NaN or Inf"):
        nir_io.LIF(**neuron_fields(decay=np.nan))
    with pytest.raises(ValueError, match="positive"):
        nir_io.TernaryLIF(**neuron_fields(v_threshold=0.0))
    with pytest.raises(ValueError, match="permutation"):
        nir_io.Transpose(perm=[0, 0])
    with pytest.raises(ValueError, match="smaller than the kernel"):
        nir_io.MaxPool2d(kernel_size=[2, 2], padding=[2, 2])
    with pytest.raises(ValueError, match="needs k_decay"):
        nir_io.SelfAttention(**attention_fields("a2os2a") | {"kind": "ssa"})
    with pytest.raises(ValueError, match="must divide"):
        nir_io.SelfAttention(**attention_fields("a2os2a") | {"num_heads": 3})
    with pytest.raises(ValueError, match="unknown field"):
        nir_io.ReLU.from_dict({"type": "spike.ReLU", "alpha": 1.0})


def write_raw(path, nodes, edges):
    """An NIR file written with h5py directly: nodes {name: {key: value}}."""
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data="1.0", dtype=h5py.string_dtype())
        root = f.create_group("node")
        root.create_dataset("type", data="NIRGraph", dtype=h5py.string_dtype())
        root.create_dataset("edges", data=np.array(edges, dtype=object),
                            dtype=h5py.string_dtype())
        group = root.create_group("nodes")
        for name, fields in nodes.items():
            node = group.create_group(name)
            for key, value in fields.items():
                if isinstance(value, str):
                    node.create_dataset(key, data=value, dtype=h5py.string_dtype())
                else:
                    node.create_dataset(key, data=value)


def test_bad_files_name_the_file_and_node(tmp_path):
    with pytest.raises(nir_io.NIRFileError, match="no such file"):
        nir_io.read_graph(tmp_path / "missing.nir")
    (tmp_path / "text.nir").write_text("not hdf5")
    with pytest.raises(nir_io.NIRFileError, match="text.nir"):
        nir_io.read_graph(tmp_path / "text.nir")
    io = {"input": {"type": "Input", "shape": np.array([2])},
          "output": {"type": "Output", "shape": np.array([2])}}
    write_raw(tmp_path / "unknown.nir", io | {"x": {"type": "spike.Softmax"}},
              [("input", "x"), ("x", "output")])
    with pytest.raises(nir_io.NIRFileError, match=r"unknown.nir: node 'x': unknown node type"):
        nir_io.read_graph(tmp_path / "unknown.nir")
    bn = {"type": "spike.BatchNorm", "weight": f32([1, np.nan]), "bias": f32([0, 0]),
          "running_mean": f32([0, 0]), "running_var": f32([1, 1]), "epsilon": np.float32(0),
          "axis": 0}
    write_raw(tmp_path / "nan.nir", io | {"x": bn},
              [("input", "x"), ("x", "output")])
    with pytest.raises(nir_io.NIRFileError, match="node 'x'.*NaN"):
        nir_io.read_graph(tmp_path / "nan.nir")
    transpose = {"type": "spike.Transpose", "perm": np.array([1, 0])}
    write_raw(tmp_path / "shape.nir", io | {"x": transpose},
              [("input", "x"), ("x", "output")])
    with pytest.raises(nir_io.NIRFileError, match="node 'x'"):
        nir_io.read_graph(tmp_path / "shape.nir")
    graph = nir_io.read_graph(tmp_path / "shape.nir", type_check=False)
    assert isinstance(graph.nodes["x"], nir_io.Transpose)


def test_write_rejects_foreign_nodes(tmp_path):
    class Foreign(nir.NIRNode):
        def __init__(self):
            self.input_type = self.output_type = {"x": None}
            self.metadata = {}

    graph = nir.NIRGraph(nodes={"input": nir.Input(np.array([1])), "f": Foreign(),
                                "output": nir.Output(np.array([1]))},
                         edges=[("input", "f"), ("f", "output")], type_check=False)
    with pytest.raises(ValueError, match="node 'f'"):
        nir_io.write_graph(tmp_path / "f.nir", graph)
