# RUN: %python %s %t | FileCheck %s
#
# spike-import of the extension nodes that converted PyTorch models use
# (docs/nir-extension.md): operand nodes (spike.And, spike.Attention,
# spike.Concat), whose `operands` list binds each incoming edge by its
# source; spike.Count, spike.Reshape and spike.Slice. Well-formed files give
# the ops (checked here for their types); bad ones an `error:` naming the
# file and node, exit 1 and no output. Their values are checked against the
# NumPy interpreter in python/tests/test_convert_*.py.

import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

work = sys.argv[1]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)

LIF = {"type": "spike.LIF", "decay": np.float32(0.5), "gain": np.float32(0.5),
       "bias": np.float32(0), "v_threshold": np.float32(1), "v_reset": np.float32(0)}


def write(name, nodes, edges):
    path = os.path.join(work, name)
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data="1.0")
        root = f.create_group("node")
        root.create_dataset("type", data="NIRGraph")
        group = root.create_group("nodes")
        for node_name, params in nodes.items():
            node = group.create_group(node_name)
            for key, value in params.items():
                if isinstance(value, list):  # an array of strings
                    node.create_dataset(key, data=[v.encode() for v in value])
                else:
                    node.create_dataset(key, data=value)
        root.create_dataset("edges", data=np.array(edges, dtype=object).reshape(-1, 2),
                            dtype=h5py.string_dtype())
    return path


def run(name, path, show=()):
    out = os.path.join(work, name + ".mlir")
    result = subprocess.run(["spike-import", path, "--timesteps", "2", "-o", out],
                            capture_output=True, text=True)
    message = result.stderr.strip().replace(work + "/", "")
    print(f"{name}: exit {result.returncode}, output file: {os.path.exists(out)}: {message}")
    if result.returncode == 0:
        with open(out) as f:
            for line in f:
                if any(op in line for op in show):
                    print(line.strip())


def spike_driven(**override):
    """Spike-driven self-attention of one head on tokens [4, 8]:
    q AND lif(count(k AND v over the tokens))."""
    nodes = {
        "input": {"type": "Input", "shape": np.array([4, 8])},
        "q": dict(LIF), "k": dict(LIF), "v": dict(LIF),
        "kv": {"type": "spike.And", "operands": ["k", "v"]},
        "count": {"type": "spike.Count", "dims": np.array([0])},
        "kv_lif": dict(LIF, v_threshold=np.float32(0.5)),
        "out": {"type": "spike.And", "operands": ["q", "kv_lif"]},
        "output": {"type": "Output", "shape": np.array([4, 8])},
    }
    for key, value in override.items():
        node, _, param = key.partition("__")
        if value is None:
            del nodes[node][param]
        else:
            nodes[node][param] = value
    edges = [("input", "q"), ("input", "k"), ("input", "v"), ("k", "kv"), ("v", "kv"),
             ("kv", "count"), ("count", "kv_lif"), ("q", "out"), ("kv_lif", "out"),
             ("out", "output")]
    return nodes, edges


run("spike-driven", write("sd.nir", *spike_driven()), show=("spike.and", "spike.count"))
# CHECK: spike-driven: exit 0, output file: True:
# CHECK: spike.and %{{.*}}, %{{.*}} : tensor<2x1x4x8xi1>, tensor<2x1x4x8xi1> -> tensor<2x1x4x8xi1>
# CHECK: spike.count %{{.*}} {dims = array<i64: 2>} : tensor<2x1x4x8xi1> -> tensor<2x1x1x8xf32>
# CHECK: spike.and %{{.*}}, %{{.*}} : tensor<2x1x4x8xi1>, tensor<2x1x1x8xi1> -> tensor<2x1x4x8xi1>

run("missing-operand", write("missing.nir", *spike_driven(kv__operands=["k", "q"])))
# CHECK: missing-operand: exit 1, output file: False: spike-import: error: missing.nir: node 'kv': operand 'q' has no edge into the node

run("extra-edge", write("extra.nir", *spike_driven(kv__operands=["k", "k"])))
# CHECK: extra-edge: exit 1, output file: False: spike-import: error: extra.nir: node 'kv': the edge from 'v' is not one of its operands

run("no-operands", write("none.nir", *spike_driven(kv__operands=None)))
# CHECK: no-operands: exit 1, output file: False: spike-import: error: none.nir: node 'kv': a spike.And node needs an 'operands' list

run("three-operands", write("three.nir", *spike_driven(kv__operands=["k", "v", "k"])))
# CHECK: three-operands: exit 1, output file: False: spike-import: error: three.nir: node 'kv': a spike.And node takes 2 operands, 'operands' names 3

run("count-real", write("count-real.nir", *spike_driven(kv__type="spike.ReLU",
                                                         kv__operands=None)))
# CHECK: count-real: exit 1, output file: False: spike-import: error: count-real.nir: node 'count': the input must be binary or ternary spikes

run("count-axis", write("count-axis.nir", *spike_driven(count__dims=np.array([2]))))
# CHECK: count-axis: exit 1, output file: False: spike-import: error: count-axis.nir: node 'count': 'dims' holds 2, out of range for a per-sample rank of 2

run("count-twice", write("count-twice.nir", *spike_driven(count__dims=np.array([0, -2]))))
# CHECK: count-twice: exit 1, output file: False: spike-import: error: count-twice.nir: node 'count': 'dims' names an axis twice


def attention(**override):
    """SSA on tokens [4, 8] with 2 heads; q, k and v sliced from one neuron
    on [24, 4] and transposed, as SpikingJelly's layout needs."""
    nodes = {
        "input": {"type": "Input", "shape": np.array([24, 4])},
        "qkv": dict(LIF),
        "q": {"type": "spike.Slice", "axis": np.int64(0), "start": np.int64(0), "stop": np.int64(8)},
        "k": {"type": "spike.Slice", "axis": np.int64(-2), "start": np.int64(8), "stop": np.int64(16)},
        "v": {"type": "spike.Slice", "axis": np.int64(0), "start": np.int64(16), "stop": np.int64(24)},
        "qt": {"type": "spike.Transpose", "perm": np.array([1, 0])},
        "kt": {"type": "spike.Transpose", "perm": np.array([1, 0])},
        "vt": {"type": "spike.Transpose", "perm": np.array([1, 0])},
        "attn": {"type": "spike.Attention", "operands": ["qt", "kt", "vt"],
                 "num_heads": np.int64(2), "scale": np.float32(0.125)},
        "heads": {"type": "spike.Reshape", "shape": np.array([4, 2, 4])},
        "both": {"type": "spike.Concat", "operands": ["heads", "copy"], "axis": np.int64(1)},
        "copy": {"type": "spike.Reshape", "shape": np.array([4, 2, 4])},
        "output": {"type": "Output", "shape": np.array([4, 4, 4])},
    }
    for key, value in override.items():
        node, _, param = key.partition("__")
        if value is None:
            del nodes[node][param]
        else:
            nodes[node][param] = value
    edges = [("input", "qkv"), ("qkv", "q"), ("qkv", "k"), ("qkv", "v"), ("q", "qt"),
             ("k", "kt"), ("v", "vt"), ("vt", "attn"), ("kt", "attn"), ("qt", "attn"),
             ("attn", "heads"), ("attn", "copy"), ("heads", "both"), ("copy", "both"),
             ("both", "output")]
    return nodes, edges


run("attention", write("attention.nir", *attention()),
    show=("extract_slice", "spike.attention", "expand_shape", "insert_slice"))
# CHECK: attention: exit 0, output file: True:
# CHECK-DAG: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [2, 1, 8, 4] [1, 1, 1, 1] : tensor<2x1x24x4xi1> to tensor<2x1x8x4xi1>
# CHECK-DAG: tensor.extract_slice %{{.*}}[0, 0, 8, 0] [2, 1, 8, 4]
# CHECK-DAG: tensor.extract_slice %{{.*}}[0, 0, 16, 0] [2, 1, 8, 4]
# CHECK: spike.attention %{{.*}}, %{{.*}}, %{{.*}} {num_heads = 2 : i64, scale = 1.250000e-01 : f32} : (tensor<2x1x4x8xi1>, tensor<2x1x4x8xi1>, tensor<2x1x4x8xi1>) -> tensor<2x1x4x8xf32>
# CHECK: tensor.expand_shape {{.*}} : tensor<2x1x32xf32> into tensor<2x1x4x2x4xf32>
# CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0, 0] [2, 1, 4, 2, 4] [1, 1, 1, 1, 1] : tensor<2x1x4x2x4xf32> into tensor<2x1x4x4x4xf32>
# CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 2, 0] [2, 1, 4, 2, 4]

run("attention-real-q", write("real-q.nir", *attention(qt__type="spike.ReLU", qt__perm=None)))
# CHECK: attention-real-q: exit 1, output file: False: spike-import: error: real-q.nir: node 'attn': operand q must be binary spikes

run("attention-heads", write("heads.nir", *attention(attn__num_heads=np.int64(3))))
# CHECK: attention-heads: exit 1, output file: False: spike-import: error: heads.nir: node 'attn': 'num_heads' must divide D = 8 and Dv = 8

run("slice-range", write("slice.nir", *attention(v__stop=np.int64(25))))
# CHECK: slice-range: exit 1, output file: False: spike-import: error: slice.nir: node 'v': the slice [16, 25) does not fit an axis of 24

run("reshape-count", write("reshape.nir", *attention(heads__shape=np.array([4, 3, 4]))))
# CHECK: reshape-count: exit 1, output file: False: spike-import: error: reshape.nir: node 'heads': 'shape' does not hold the 32 elements of the input

run("concat-shapes", write("concat.nir", *attention(copy__shape=np.array([2, 4, 4]))))
# CHECK: concat-shapes: exit 1, output file: False: spike-import: error: concat.nir: node 'both': its operands differ in a dimension other than the axis
