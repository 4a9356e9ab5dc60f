# RUN: %python %s %t | FileCheck %s
#
# Bad NIR files end in `error:` naming the file and the node, exit status 1,
# and no output file.

import os
import subprocess
import sys

import h5py
import numpy as np

work = sys.argv[1]
os.makedirs(work, exist_ok=True)


def write(name, build):
    path = os.path.join(work, name)
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data="1.0")
        build(f)
    return path


def graph(f, nodes, edges):
    root = f.create_group("node")
    root.create_dataset("type", data="NIRGraph")
    group = root.create_group("nodes")
    for name, params in nodes.items():
        node = group.create_group(name)
        for key, value in params.items():
            node.create_dataset(key, data=value)
    root.create_dataset("edges", data=np.array(edges, dtype=object).reshape(-1, 2),
                        dtype=h5py.string_dtype())


def linear_graph(f, **override):
    nodes = {
        "input": {"type": "Input", "shape": np.array([3])},
        "fc": {"type": "Affine", "weight": np.ones((2, 3), np.float32),
               "bias": np.zeros(2, np.float32)},
        "lif": {"type": "LIF", "tau": np.full(2, 0.01, np.float32), "r": np.ones(2, np.float32),
                "v_leak": np.zeros(2, np.float32), "v_threshold": np.ones(2, np.float32)},
        "output": {"type": "Output", "shape": np.array([2])},
    }
    for key, value in override.items():
        node, _, param = key.partition("__")
        if value is None:
            del nodes[node][param]
        else:
            nodes[node][param] = value
    graph(f, nodes, [("input", "fc"), ("fc", "lif"), ("lif", "output")])


def run(name, path):
    out = os.path.join(work, name + ".mlir")
    result = subprocess.run(["spike-import", path, "-o", out], capture_output=True, text=True)
    message = result.stderr.strip().replace(work + "/", "")
    print(f"{name}: exit {result.returncode}, output file: {os.path.exists(out)}: {message}")


def text(path, content):
    with open(path, "wb") as f:
        f.write(content)
    return path


run("not-hdf5", text(os.path.join(work, "text.nir"), b"this is not HDF5\n"))
# CHECK: not-hdf5: exit 1, output file: False: spike-import: error: text.nir: not an HDF5 file

good = write("good.nir", linear_graph)
with open(good, "rb") as f:
    data = f.read()
run("truncated", text(os.path.join(work, "truncated.nir"), data[: len(data) // 2]))
# CHECK: truncated: exit 1, output file: False: spike-import: error: truncated.nir:

run("missing-type", write("missing-type.nir", lambda f: linear_graph(f, fc__type=None)))
# CHECK: missing-type: exit 1, output file: False: spike-import: error: missing-type.nir: node 'fc': has no 'type'

run("unknown-type", write("unknown-type.nir", lambda f: linear_graph(f, fc__type="Frobnicate")))
# CHECK: unknown-type: exit 1, output file: False: spike-import: error: unknown-type.nir: node 'fc': unknown node type 'Frobnicate'

run("missing-param", write("missing-param.nir", lambda f: linear_graph(f, lif__tau=None)))
# CHECK: missing-param: exit 1, output file: False: spike-import: error: missing-param.nir: node 'lif': missing parameter 'tau'

run("int-param", write("int-param.nir", lambda f: linear_graph(f, lif__r=np.ones(2, np.int64))))
# CHECK: int-param: exit 1, output file: False: spike-import: error: int-param.nir: node 'lif': parameter 'r' must hold floating-point numbers

run("string-param", write("string-param.nir", lambda f: linear_graph(f, fc__weight="heavy")))
# CHECK: string-param: exit 1, output file: False: spike-import: error: string-param.nir: node 'fc': parameter 'weight' must hold floating-point numbers

run("nan-param", write("nan-param.nir", lambda f: linear_graph(f, lif__tau=np.array([0.01, np.nan], np.float32))))
# CHECK: nan-param: exit 1, output file: False: spike-import: error: nan-param.nir: node 'lif': parameter 'tau' holds NaN or Inf

run("bad-weight", write("bad-weight.nir", lambda f: linear_graph(f, fc__weight=np.ones((2, 4), np.float32))))
# CHECK: bad-weight: exit 1, output file: False: spike-import: error: bad-weight.nir: node 'fc': 'weight' has 4 columns but the input has shape with last dimension 3

run("zero-tau", write("zero-tau.nir", lambda f: linear_graph(f, lif__tau=np.zeros(2, np.float32))))
# CHECK: zero-tau: exit 1, output file: False: spike-import: error: zero-tau.nir: node 'lif': time constants must be positive

run("huge-input", write("huge-input.nir", lambda f: linear_graph(f, input__shape=np.array([1 << 40]))))
# CHECK: huge-input: exit 1, output file: False: spike-import: error: huge-input.nir: node 'input': the Input shape has a size of 1099511627776


def dangling(f):
    linear_graph(f)
    del f["node/edges"]
    f["node"].create_dataset("edges", data=np.array([["input", "fc"], ["fc", "ghost"]], dtype=object),
                             dtype=h5py.string_dtype())


run("dangling-edge", write("dangling.nir", dangling))
# CHECK: dangling-edge: exit 1, output file: False: spike-import: error: dangling.nir: edge 'fc' -> 'ghost' names a node that does not exist: 'ghost'


def algebraic(f):
    graph(f, {
        "input": {"type": "Input", "shape": np.array([2])},
        "a": {"type": "Affine", "weight": np.eye(2, dtype=np.float32), "bias": np.zeros(2, np.float32)},
        "b": {"type": "Affine", "weight": np.eye(2, dtype=np.float32), "bias": np.zeros(2, np.float32)},
        "output": {"type": "Output", "shape": np.array([2])},
    }, [("input", "a"), ("a", "b"), ("b", "a"), ("b", "output")])


run("algebraic-loop", write("loop.nir", algebraic))
# The neurons named are those the node table marks (NodeTable::addNeuron).
# CHECK: algebraic-loop: exit 1, output file: False: spike-import: error: loop.nir: node '{{a|b}}': is on a cycle without a neuron (an algebraic loop): every cycle must pass through LIF, IF, LI, I, CubaLIF, CubaLI, spike.LIF or spike.TernaryLIF{{$}}

run("empty", write("empty.nir", lambda f: graph(f, {}, [])))
# CHECK: empty: exit 1, output file: False: spike-import: error: empty.nir: the graph is empty

run("two-inputs", write("two-inputs.nir", lambda f: graph(f, {
    "in1": {"type": "Input", "shape": np.array([2])},
    "in2": {"type": "Input", "shape": np.array([2])},
    "output": {"type": "Output", "shape": np.array([2])},
}, [("in1", "output"), ("in2", "output")])))
# CHECK: two-inputs: exit 1, output file: False: spike-import: error: two-inputs.nir: the graph must have exactly one Input node, it has 2

run("not-nir", write("not-nir.nir", lambda f: f.create_group("weights")))
# CHECK: not-nir: exit 1, output file: False: spike-import: error: not-nir.nir: no 'node' group: not an NIR file

# Parameters: unknown ones, wrong ranks and shapes along the edges.
run("extra-param", write("extra.nir", lambda f: linear_graph(f, lif__colour=np.ones(2, np.float32))))
# CHECK: extra-param: exit 1, output file: False: spike-import: error: extra.nir: node 'lif': unknown parameter 'colour' for a LIF node (spike-import rejects what it would ignore)

run("weight-rank", write("weight-rank.nir", lambda f: linear_graph(f, fc__weight=np.ones((2, 3, 1), np.float32))))
# CHECK: weight-rank: exit 1, output file: False: spike-import: error: weight-rank.nir: node 'fc': 'weight' must be a matrix [out, in]

run("bias-shape", write("bias-shape.nir", lambda f: linear_graph(f, fc__bias=np.zeros(5, np.float32))))
# CHECK: bias-shape: exit 1, output file: False: spike-import: error: bias-shape.nir: node 'fc': 'bias' must have 2 values

run("neuron-shape", write("neuron-shape.nir", lambda f: linear_graph(f, lif__tau=np.full(5, 0.01, np.float32))))
# CHECK: neuron-shape: exit 1, output file: False: spike-import: error: neuron-shape.nir: node 'lif': parameters have shapes that do not broadcast

run("output-shape", write("output-shape.nir", lambda f: linear_graph(f, output__shape=np.array([7]))))
# CHECK: output-shape: exit 1, output file: False: spike-import: error: output-shape.nir: node 'output': the Output shape [7] does not match its input's shape [2]

# Parameters sized for another layer are wrong even when all are equal.
run("uniform-neuron-size", write("uniform-neuron-size.nir", lambda f: linear_graph(
    f, lif__tau=np.full(5, 0.01, np.float32), lif__r=np.ones(5, np.float32),
    lif__v_leak=np.zeros(5, np.float32), lif__v_threshold=np.ones(5, np.float32))))
# CHECK: uniform-neuron-size: exit 1, output file: False: spike-import: error: uniform-neuron-size.nir: node 'lif': parameter 'decay' of shape [5] does not fit the node's shape [2]

# Older exporters add unit dimensions: accepted where the elements agree.
run("param-unit-dims", write("param-unit-dims.nir", lambda f: linear_graph(
    f, lif__v_threshold=np.array([[1.0, 0.5]], np.float32))))
# CHECK: param-unit-dims: exit 0, output file: True:
run("output-unit-dims", write("output-unit-dims.nir", lambda f: linear_graph(
    f, output__shape=np.array([1, 2, 1]))))
# CHECK: output-unit-dims: exit 0, output file: True: {{.*}}output-unit-dims.nir:0:0: warning: node 'output': the Output shape [1, 2, 1] differs from its input's shape [2] only by unit dimensions; the output keeps [2]
run("output-unit-dims-mismatch", write("output-unit-dims-mismatch.nir", lambda f: linear_graph(
    f, output__shape=np.array([1, 3, 1]))))
# CHECK: output-unit-dims-mismatch: exit 1, output file: False: spike-import: error: output-unit-dims-mismatch.nir: node 'output': the Output shape [1, 3, 1] does not match its input's shape [2]
run("input-unit-dims", write("input-unit-dims.nir", lambda f: linear_graph(
    f, input__shape=np.array([1, 3, 1]), **{"fc__input_type.input": np.array([3])})))
# CHECK: input-unit-dims: exit 0, output file: True: {{.*}}input-unit-dims.nir:0:0: warning: node 'input': the Input shape [1, 3, 1] differs from its consumers' input shape [3] only by unit dimensions; the model takes [3]

run("inf-param", write("inf-param.nir", lambda f: linear_graph(f, fc__weight=np.full((2, 3), np.inf, np.float32))))
# CHECK: inf-param: exit 1, output file: False: spike-import: error: inf-param.nir: node 'fc': parameter 'weight' holds NaN or Inf

run("type-not-string", write("type-int.nir", lambda f: linear_graph(f, fc__type=np.array(3))))
# CHECK: type-not-string: exit 1, output file: False: spike-import: error: type-int.nir: node 'fc': expected a string dataset


def conv_graph(f, **override):
    conv = {"type": "Conv2d", "weight": np.ones((2, 1, 3, 3), np.float32),
            "bias": np.zeros(2, np.float32), "stride": np.array([1, 1]),
            "padding": np.array([0, 0]), "dilation": np.array([1, 1]), "groups": np.array(1),
            "input_shape": np.array([4, 4])}
    for key, value in override.items():
        if value is None:
            del conv[key]
        else:
            conv[key] = value
    graph(f, {"input": {"type": "Input", "shape": np.array([1, 4, 4])}, "conv": conv,
              "output": {"type": "Output", "shape": np.array([2, 2, 2])}},
          [("input", "conv"), ("conv", "output")])


run("conv-ok", write("conv-ok.nir", conv_graph))
# CHECK: conv-ok: exit 0, output file: True:
run("negative-stride", write("negative-stride.nir", lambda f: conv_graph(f, stride=np.array([-1, 1]))))
# CHECK: negative-stride: exit 1, output file: False: spike-import: error: negative-stride.nir: node 'conv': stride and dilation must be positive
run("huge-stride", write("huge-stride.nir", lambda f: conv_graph(f, stride=np.array([1 << 62, 1]))))
# CHECK: huge-stride: exit 1, output file: False: spike-import: error: huge-stride.nir: node 'conv': stride and dilation must be positive
run("zero-kernel", write("zero-kernel.nir", lambda f: conv_graph(f, weight=np.ones((2, 1, 0, 3), np.float32))))
# CHECK: zero-kernel: exit 1, output file: False: spike-import: error: zero-kernel.nir: node 'conv': parameter 'weight' is empty
run("negative-padding", write("negative-padding.nir", lambda f: conv_graph(f, padding=np.array([-5, 0]))))
# CHECK: negative-padding: exit 1, output file: False: spike-import: error: negative-padding.nir: node 'conv': padding must be non-negative
run("zero-groups", write("zero-groups.nir", lambda f: conv_graph(f, groups=np.array(0))))
# CHECK: zero-groups: exit 1, output file: False: spike-import: error: zero-groups.nir: node 'conv': weights [2, 1, ...] and groups 0 do not fit 1 input channels
run("float-stride", write("float-stride.nir", lambda f: conv_graph(f, stride=np.array([1.5, 1.0]))))
# CHECK: float-stride: exit 1, output file: False: spike-import: error: float-stride.nir: node 'conv': parameter 'stride' must hold integers

# Absurd sizes, rejected before anything is allocated: a negative or empty
# Input, 2^60 elements, and a 2^40-element weight dataset stored sparsely (the
# file has a few KiB).
run("negative-shape", write("negative-shape.nir", lambda f: linear_graph(f, input__shape=np.array([-3]))))
# CHECK: negative-shape: exit 1, output file: False: spike-import: error: negative-shape.nir: node 'input': the Input shape has a size of -3
run("zero-shape", write("zero-shape.nir", lambda f: linear_graph(f, input__shape=np.array([0]))))
# CHECK: zero-shape: exit 1, output file: False: spike-import: error: zero-shape.nir: node 'input': the Input shape has a size of 0
run("huge-shape", write("huge-shape.nir", lambda f: linear_graph(f, input__shape=np.array([1 << 20] * 3))))
# CHECK: huge-shape: exit 1, output file: False: spike-import: error: huge-shape.nir: node 'input': the Input shape is too large


def huge_dataset(f):
    linear_graph(f)
    del f["node/nodes/fc/weight"]
    f["node/nodes/fc"].create_dataset("weight", shape=(1 << 20, 1 << 20), dtype=np.float32,
                                      chunks=(16, 16))


run("huge-dataset", write("huge-dataset.nir", huge_dataset))
# CHECK: huge-dataset: exit 1, output file: False: spike-import: error: huge-dataset.nir: node 'fc': dataset has too many elements


# Edges: not pairs, not strings; names: a nested node and a top-level node
# that flatten to the same name.
def replace_edges(f, data, **kwargs):
    del f["node/edges"]
    f["node"].create_dataset("edges", data=data, **kwargs)


run("edges-triples", write("edges-triples.nir", lambda f: (linear_graph(f), replace_edges(
    f, np.array([["input", "fc", "lif"]], dtype=object), dtype=h5py.string_dtype()))))
# CHECK: edges-triples: exit 1, output file: False: spike-import: error: edges-triples.nir: 'edges' must be a list of (source, target) pairs
run("edges-ints", write("edges-ints.nir", lambda f: (linear_graph(f), replace_edges(
    f, np.array([[1, 2]])))))
# CHECK: edges-ints: exit 1, output file: False: spike-import: error: edges-ints.nir: node 'edges': expected a string dataset


def duplicate_names(f):
    graph(f, {"input": {"type": "Input", "shape": np.array([3])},
              "a.b": {"type": "Scale", "scale": np.ones(3, np.float32)},
              "output": {"type": "Output", "shape": np.array([3])}}, [])
    inner = f["node/nodes"].create_group("a")
    inner.create_dataset("type", data="NIRGraph")
    nodes = inner.create_group("nodes")
    for name, kind in (("input", "Input"), ("b", "Scale"), ("output", "Output")):
        nodes.create_group(name).create_dataset("type", data=kind)
    nodes["input"].create_dataset("shape", data=np.array([3]))
    nodes["output"].create_dataset("shape", data=np.array([3]))
    nodes["b"].create_dataset("scale", data=np.ones(3, np.float32))
    inner.create_dataset("edges", data=np.array([["input", "b"], ["b", "output"]], dtype=object),
                         dtype=h5py.string_dtype())
    replace_edges(f, np.array([["input", "a"], ["a", "a.b"], ["a.b", "output"]], dtype=object),
                  dtype=h5py.string_dtype())


run("duplicate-names", write("duplicate-names.nir", duplicate_names))
# CHECK: duplicate-names: exit 1, output file: False: spike-import: error: duplicate-names.nir: node 'a.b': duplicate node name


result = subprocess.run(["spike-import", good, "--membrane-of", "fc"], capture_output=True, text=True)
print("probe-not-neuron:", result.returncode, result.stderr.strip().replace(work + "/", ""))
# CHECK: probe-not-neuron: 1 spike-import: error: good.nir: node 'fc': is not a neuron, it has no membrane to probe

result = subprocess.run(["spike-import", good, "--timesteps", "0"], capture_output=True, text=True)
print("timesteps:", result.returncode, result.stderr.strip())
# CHECK: timesteps: 1 spike-import: error: --timesteps must be between 1 and 2^24
