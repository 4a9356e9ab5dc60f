"""Flattening and ordering an NIR graph, exactly as spike-import does
(lib/Target/NIR/GraphAnalysis.cpp).

* Nested ``NIRGraph`` nodes are inlined with names ``outer.inner``; an edge
  into a nested graph goes to each of its Input nodes, an edge out of it
  leaves from each of its Output nodes; nested Input/Output nodes pass their
  (summed) input through.
* Duplicate edges count once; several edges into a node are summed, in the
  order the edges are listed.
* An edge whose source and target lie in the same strongly connected
  component and whose target is a neuron is *delayed*: it carries the
  source's value of the previous time step (zero at t = 0). The graph is
  then recurrent and is evaluated step by step.
* The remaining (non-delayed) edges must form a DAG; a cycle without a
  neuron (an algebraic loop) is an error.
"""

from dataclasses import dataclass, field
from typing import List, Optional

import nir

from .nir_nodes import NEURON_TYPES


class GraphError(ValueError):
    """A graph that spike-import (and the interpreter) reject."""


def node_type(node) -> str:
    """The NIR type string of a node object ("Affine", "spike.LIF", ...)."""
    return getattr(type(node), "nir_type", None) or type(node).__name__


@dataclass
class InEdge:
    source: int
    delayed: bool = False
    # The source as the edge names it in the target's own graph: what the
    # ``operands`` list of an operand node (spike.And, ...) refers to.
    source_name: str = ""


@dataclass
class FlatNode:
    name: str
    node: object
    type: str
    pass_through: bool  # an Input/Output node of a nested graph
    inputs: List[InEdge] = field(default_factory=list)


@dataclass
class FlatGraph:
    nodes: List[FlatNode]
    input: int
    output: int
    order: List[int]  # a topological order of the non-delayed edges
    recurrent: bool

    def index(self, name: str) -> Optional[int]:
        """The index of the flat node called ``name`` (None if absent)."""
        for i, node in enumerate(self.nodes):
            if node.name == name:
                return i
        return None


def _fail(name, message):
    return GraphError(f"node '{name}': {message}")


def _flatten(graph, prefix, top, nodes, index, edges):
    """Adds the nodes of ``graph`` (nested graphs inlined) and its edges."""
    subgraphs = {}
    for name, node in graph.nodes.items():
        full = prefix + name
        if not full:
            raise GraphError("a node has an empty name")
        if full in index:
            raise _fail(full, "duplicate node name")
        if isinstance(node, nir.NIRGraph):
            subgraphs[name] = node
            _flatten(node, full + ".", False, nodes, index, edges)
            continue
        kind = node_type(node)
        index[full] = len(nodes)
        nodes.append(FlatNode(full, node, kind, not top and kind in ("Input", "Output")))

    def ends(graph_name, wanted):
        sub = subgraphs[graph_name]
        return [prefix + graph_name + "." + n for n, node in sub.nodes.items()
                if node_type(node) == wanted]

    for source, target in graph.edges:
        sources = ends(source, "Output") if source in subgraphs else [prefix + source]
        targets = ends(target, "Input") if target in subgraphs else [prefix + target]
        if not sources:
            raise _fail(prefix + source, "nested graph has no Output node")
        if not targets:
            raise _fail(prefix + target, "nested graph has no Input node")
        edges.extend((s, t, source) for s in sources for t in targets)


def _components(successors):
    """Strongly connected component id of every node (iterative Tarjan)."""
    count = len(successors)
    order, low = [-1] * count, [0] * count
    component, on_stack = [-1] * count, [False] * count
    stack, counter, components = [], 0, 0
    for root in range(count):
        if order[root] >= 0:
            continue
        work = [(root, 0)]
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            v, i = work[-1]
            if i < len(successors[v]):
                work[-1] = (v, i + 1)
                w = successors[v][i]
                if order[w] < 0:
                    order[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], order[w])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == order[v]:
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    component[w] = components
                    if w == v:
                        break
                components += 1
    return component


def analyze(graph: nir.NIRGraph) -> FlatGraph:
    """Flattens ``graph``, marks delayed edges and orders the nodes; raises
    GraphError with spike-import's messages for graphs it rejects."""
    if not graph.nodes:
        raise GraphError("the graph is empty")
    nodes, index, edges = [], {}, []
    _flatten(graph, "", True, nodes, index, edges)
    seen = set()
    for source, target, source_name in edges:
        for end in (source, target):
            if end not in index:
                raise GraphError(f"edge '{source}' -> '{target}' names a node that "
                                 f"does not exist: '{end}'")
        if (source, target) in seen:
            continue
        seen.add((source, target))
        nodes[index[target]].inputs.append(InEdge(index[source], False, source_name))

    tops = [i for i, n in enumerate(nodes) if not n.pass_through]
    inputs = [i for i in tops if nodes[i].type == "Input"]
    outputs = [i for i in tops if nodes[i].type == "Output"]
    if len(inputs) != 1:
        raise GraphError(f"the graph must have exactly one Input node, it has {len(inputs)}")
    if len(outputs) != 1:
        raise GraphError(f"the graph must have exactly one Output node, it has {len(outputs)}")
    if nodes[inputs[0]].inputs:
        raise _fail(nodes[inputs[0]].name, "the Input node has incoming edges")
    if not nodes[outputs[0]].inputs:
        raise _fail(nodes[outputs[0]].name, "nothing is connected to the Output node")
    for i, node in enumerate(nodes):
        if i != inputs[0] and not node.inputs:
            raise _fail(node.name, "has no incoming edge")

    successors = [[] for _ in nodes]
    for target, node in enumerate(nodes):
        for edge in node.inputs:
            successors[edge.source].append(target)
    component = _components(successors)
    recurrent = False
    for target, node in enumerate(nodes):
        for edge in node.inputs:
            if component[edge.source] == component[target] and node.type in NEURON_TYPES:
                edge.delayed = recurrent = True

    # Kahn's algorithm over the non-delayed edges.
    pending = [sum(not e.delayed for e in n.inputs) for n in nodes]
    forward = [[] for _ in nodes]
    for target, node in enumerate(nodes):
        for edge in node.inputs:
            if not edge.delayed:
                forward[edge.source].append(target)
    ready = [v for v in range(len(nodes)) if pending[v] == 0]
    order = []
    while ready:
        v = ready.pop()
        order.append(v)
        for w in forward[v]:
            pending[w] -= 1
            if pending[w] == 0:
                ready.append(w)
    if len(order) != len(nodes):
        stuck = next(v for v in range(len(nodes)) if pending[v])
        raise _fail(nodes[stuck].name,
                    "is on a cycle without a neuron (an algebraic loop): every cycle "
                    f"must pass through {', '.join(NEURON_TYPES[:-1])} or "
                    f"{NEURON_TYPES[-1]}")
    return FlatGraph(nodes, inputs[0], outputs[0], order, recurrent)
