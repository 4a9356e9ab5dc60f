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
# CHECK: algebraic-loop: exit 1, output file: False: spike-import: error: loop.nir: node '{{a|b}}': is on a cycle without a neuron (an algebraic loop)

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

result = subprocess.run(["spike-import", good, "--membrane-of", "fc"], capture_output=True, text=True)
print("probe-not-neuron:", result.returncode, result.stderr.strip().replace(work + "/", ""))
# CHECK: probe-not-neuron: 1 spike-import: error: good.nir: node 'fc': is not a neuron, it has no membrane to probe

result = subprocess.run(["spike-import", good, "--timesteps", "0"], capture_output=True, text=True)
print("timesteps:", result.returncode, result.stderr.strip())
# CHECK: timesteps: 1 spike-import: error: --timesteps must be between 1 and 2^24
