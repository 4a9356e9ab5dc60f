"""Reading and writing NIR files with spike's extension nodes.

Standard NIR nodes go through the official ``nir`` package; the extension
nodes of docs/nir-extension.md are the ``nir.NIRNode`` subclasses of
spike.nir_nodes (re-exported here), which ``nir.write`` stores in the same
HDF5 layout:

    graph = nir.NIRGraph(nodes={"input": nir.Input(np.array([4])),
                                "lif": spike.nir_io.LIF(decay=0.5, ..., input_shape=(4,)),
                                "output": nir.Output(np.array([4]))},
                         edges=[("input", "lif"), ("lif", "output")])
    spike.nir_io.write_graph("model.nir", graph)
    graph = spike.nir_io.read_graph("model.nir")
"""

import os

import h5py
import nir
import nir.serialization
import numpy as np

from .nir_graph import node_type
from .nir_nodes import (EXTENSION_NODES, LIF, OperandNode, BatchNorm, MaxPool2d, Mean, MeanTime,
                        ReLU, SelfAttention, SpikeNode, Sum, TernaryLIF, Transpose)

__all__ = [
    "BatchNorm", "EXTENSION_NODES", "LIF", "MaxPool2d", "Mean", "MeanTime", "NIRFileError",
    "ReLU", "SelfAttention", "Sum", "TernaryLIF", "Transpose", "infer_types",
    "read_graph", "write_graph",
]


STANDARD_TYPES = frozenset(
    name for name in nir.ir.__all__
    if isinstance(getattr(nir.ir, name), type) and issubclass(getattr(nir.ir, name), nir.NIRNode)
    and name != "NIRNode")


class NIRFileError(ValueError):
    """A file that is not a readable NIR graph; the message names the file and node."""


def _standard_node(data):
    """A standard node through nir.dict2NIRNode, accepting older layouts
    (an Input whose shape is stored as ``input_type``)."""
    data = dict(data)
    data.pop("type_check", None)
    if data["type"] in ("Input", "Output") and "shape" not in data:
        key = "input_type" if data["type"] == "Input" else "output_type"
        declared = data.pop(key, None)
        if isinstance(declared, dict):
            declared = next(iter(declared.values()), None)
        if declared is None:
            raise ValueError(f"the {data['type']} node has no 'shape'")
        data["shape"] = np.asarray(declared)
    return nir.dict2NIRNode(data)


def _build(data, path, where):
    """The node (or nested graph) described by hdf2dict's ``data``."""
    kind = data.get("type") if isinstance(data, dict) else None
    where_text = f"node '{where}'" if where else "the root graph"
    if not isinstance(kind, str):
        raise NIRFileError(f"{path}: {where_text}: has no 'type'")
    if kind == "NIRGraph":
        nodes_data = data.get("nodes")
        if not isinstance(nodes_data, dict):
            raise NIRFileError(f"{path}: {where_text}: NIRGraph has no 'nodes' group")
        nodes = {name: _build(sub, path, f"{where}/{name}" if where else name)
                 for name, sub in nodes_data.items()}
        raw_edges = data.get("edges", [])
        edges = [] if np.size(raw_edges) == 0 else np.asarray(raw_edges).reshape(-1, 2)
        edges = [tuple(e.decode("utf-8") if isinstance(e, bytes) else str(e) for e in pair)
                 for pair in edges]
        return nir.NIRGraph(nodes=nodes, edges=edges, metadata=data.get("metadata", {}),
                            type_check=False)
    try:
        if kind.startswith("spike."):
            if kind not in EXTENSION_NODES:
                raise ValueError(f"unknown node type '{kind}'")
            return EXTENSION_NODES[kind].from_dict(data)
        if kind not in STANDARD_TYPES:
            raise ValueError(f"unknown node type '{kind}'")
        return _standard_node(data)
    except (ValueError, TypeError, KeyError, AssertionError) as error:
        raise NIRFileError(f"{path}: {where_text}: {error}") from error


def _set_graph_types(graph):
    """A graph's input_type/output_type from its Input/Output nodes (as
    NIRGraph.__post_init__ does), innermost graphs first."""
    for node in graph.nodes.values():
        if isinstance(node, nir.NIRGraph):
            _set_graph_types(node)
    graph.input_type = {k: n.input_type["input"] for k, n in graph.nodes.items()
                        if isinstance(n, nir.Input)}
    graph.output_type = {k: n.output_type["output"] for k, n in graph.nodes.items()
                         if isinstance(n, nir.Output)}


def infer_types(graph):
    """Sets input_type/output_type of every node of ``graph`` (nested graphs
    included) to the per-sample shapes it actually has, found by running the
    graph (spike.interpreter) on a zero input of one step and one sample.
    Raises InterpreterError/GraphError when the graph cannot run."""
    from .interpreter import Interpreter

    interpreter = Interpreter(graph)
    x = np.zeros((1, 1) + interpreter.input_shape, np.float32)
    _, values = interpreter.run(x, record=True)
    for item in interpreter.flat.nodes:
        summed, out = values[item.name]
        if item.type == "Input":
            continue  # its type is its declared shape
        if isinstance(summed, list):  # an operand node: one port per operand
            item.node.set_operand_shapes([x.shape[2:] for x in summed])
            continue
        item.node.input_type = {"input": np.array(summed.shape[2:], dtype=np.int64)}
        if item.type != "Output":
            item.node.output_type = {"output": np.array(out.shape[2:], dtype=np.int64)}
    _set_graph_types(graph)
    return graph


def check_types(graph):
    """nir's NIRGraph.check_types, extended to operand nodes (spike.And,
    spike.Attention, spike.Concat), whose input_type has one port per
    operand: an edge into one must match the port of its operand."""
    operand_edges = [(s, t) for s, t in graph.edges
                     if isinstance(graph.nodes.get(t), OperandNode)]
    for source, target in operand_edges:
        node = graph.nodes[target]
        ports = list(node.input_type.values())
        out = graph.nodes[source].output_type
        shape = None if out is None else next(iter(out.values()), None)
        for name, port in zip(node.operands, ports):
            if name == source and not np.array_equal(port, shape):
                raise ValueError(f"type mismatch: {source}.output: {shape} -> "
                                 f"{target}.{name}: {port}")
    plain = nir.NIRGraph(nodes=graph.nodes, edges=[e for e in graph.edges
                                                   if e not in operand_edges],
                         type_check=False)
    for node in graph.nodes.values():
        if isinstance(node, nir.NIRGraph):
            check_types(node)
    return plain.check_types()


def read_graph(path, type_check=True) -> nir.NIRGraph:
    """Reads an NIR file (standard and spike.* nodes) into an nir.NIRGraph.

    Standard nodes are built by nir (``nir.dict2NIRNode``), extension nodes
    by spike.nir_nodes. With ``type_check`` the node types are set by
    ``infer_types`` and checked with nir's ``NIRGraph.check_types``."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise NIRFileError(f"{path}: no such file")
    try:
        with h5py.File(path, "r") as f:
            if "node" not in f or not isinstance(f["node"], h5py.Group):
                raise NIRFileError(f"{path}: no 'node' group: not an NIR file")
            data = nir.serialization.hdf2dict(f["node"])
    except OSError as error:
        raise NIRFileError(f"{path}: cannot read the HDF5 file ({error})") from error
    if data.get("type") != "NIRGraph":
        raise NIRFileError(f"{path}: the root node has type {data.get('type')!r}, "
                           f"expected NIRGraph")
    graph = _build(data, path, "")
    if type_check:
        try:
            infer_types(graph)
            check_types(graph)
        except ValueError as error:
            raise NIRFileError(f"{path}: {error}") from error
    return graph


def _check_writable(graph, where=""):
    for name, node in graph.nodes.items():
        full = f"{where}{name}"
        if isinstance(node, nir.NIRGraph):
            _check_writable(node, full + ".")
        elif not isinstance(node, SpikeNode) and node_type(node) not in STANDARD_TYPES:
            raise ValueError(f"node '{full}': {type(node).__name__} is neither a standard "
                             f"NIR node nor a spike extension node")


def write_graph(path, graph):
    """Writes ``graph`` (an nir.NIRGraph with standard and spike.* nodes) as
    an NIR HDF5 file with ``nir.write``."""
    if not isinstance(graph, nir.NIRGraph):
        raise TypeError(f"expected an nir.NIRGraph, got {type(graph).__name__}")
    _check_writable(graph)
    nir.write(os.fspath(path), graph)
