"""A NumPy interpreter of whole NIR graphs: the oracle for what spike-import
generates from a file (standard NIR nodes and spike's extension nodes).

    y = spike.interpreter.run("model.nir", x)        # x: [T, B, *input_shape]

It flattens the graph and finds its recurrent edges as spike-import does
(spike.nir_graph), and computes every node as spike-import lowers it
(spike.interpreter_nodes, on spike.reference and spike.nir_params):

* several edges into a node are summed in float32, in edge order (delayed
  edges last), spikes counting as 0/1 (ternary as -1/0/1);
* feed-forward graphs run each node on the whole [T, B, ...] sequence;
* recurrent graphs (a delayed edge: on a cycle, into a neuron) run step by
  step; a delayed edge carries its source's previous-step value, zero at
  t = 0, and neurons carry their membranes from step to step.

The output is float32 [T, B, *output_shape] (spikes as 0.0/1.0).
"""

import os

import nir
import numpy as np

from .interpreter_nodes import Context, evaluate, evaluate_operands, to_real
from .nir_graph import analyze
from .nir_nodes import OPERAND_NODES
from .nir_params import DEFAULT_DT


class InterpreterError(ValueError):
    """A graph or input that the interpreter (like spike-import) rejects."""


def _sum_inputs(name, inputs):
    """One input as it is; several summed in float32 after converting spikes."""
    if len(inputs) == 1:
        return inputs[0]
    shape = inputs[0].shape
    if any(x.shape != shape for x in inputs[1:]):
        raise InterpreterError(f"node '{name}': its inputs have different shapes "
                               f"and cannot be summed")
    total = to_real(inputs[0])
    for x in inputs[1:]:
        total = total + to_real(x)
    return total


def _join_steps(steps):
    """The per-step arrays (or lists of arrays: an operand node's operands)
    of a recurrent run joined along time."""
    if isinstance(steps[0], list):
        return [np.concatenate(parts) for parts in zip(*steps)]
    return np.concatenate(steps)


def _bind_operands(item, inputs, names):
    """The inputs of an operand node in the order of its ``operands`` list."""
    operands = list(item.node.operands)
    for name in operands:
        if name not in names:
            raise InterpreterError(f"node '{item.name}': operand '{name}' has no edge "
                                   f"into the node")
    for name in names:
        if name not in operands:
            raise InterpreterError(f"node '{item.name}': the edge from '{name}' is not "
                                   f"one of its operands")
    return [inputs[names.index(name)] for name in operands]


class Interpreter:
    """An NIR graph prepared for running (flattened and ordered once)."""

    def __init__(self, graph, dt=DEFAULT_DT):
        if isinstance(graph, (str, os.PathLike)):
            from .nir_io import read_graph  # nir_io uses the interpreter itself
            graph = read_graph(graph, type_check=False)
        if not isinstance(graph, nir.NIRGraph):
            raise TypeError(f"expected an nir.NIRGraph or a path, got {type(graph).__name__}")
        if not (dt > 0 and np.isfinite(dt)):
            raise ValueError("dt must be a positive number")
        self.graph = graph
        self.dt = float(dt)
        self.flat = analyze(graph)
        shape = self.flat.nodes[self.flat.input].node.input_type["input"]
        if shape is None or len(shape) == 0:
            raise InterpreterError(f"node '{self.flat.nodes[self.flat.input].name}': "
                                   f"the Input node has no 'shape'")
        self.input_shape = tuple(int(s) for s in shape)

    def run(self, x, record=False):
        """Runs the graph on ``x`` [T, B, *input_shape]; returns float32
        [T, B, *output_shape], and with ``record`` also {flat node name:
        (summed input, output)} of the whole run (spikes as bool / int8; the
        list of operands instead of the summed input for operand nodes)."""
        x = np.asarray(x, dtype=np.float32)
        if x.ndim < 2 or x.shape[2:] != self.input_shape:
            raise InterpreterError(f"the input has shape {x.shape}, expected "
                                   f"[T, B, {', '.join(map(str, self.input_shape))}]")
        timesteps = x.shape[0]
        if not self.flat.recurrent:
            values = self._step(x, timesteps, False, {}, {})
        else:
            states, delayed, steps = {}, {}, []
            for t in range(timesteps):
                steps.append(self._step(x[t:t + 1], timesteps, True, states, delayed))
            values = {name: tuple(_join_steps([s[name][i] for s in steps])
                                  for i in range(2)) for name in steps[0]}
        out = to_real(values[self.flat.nodes[self.flat.output].name][1])
        return (out, values) if record else out

    def _step(self, x, timesteps, step_mode, states, delayed):
        """Evaluates every node once, on x ([T, B, ...], or [1, B, ...] in
        step mode); updates ``states`` (per node) and ``delayed`` (per
        delayed edge). Returns {name: (summed input, output)}."""
        flat = self.flat
        values, results = {}, {}
        for index in flat.order:
            item = flat.nodes[index]
            if index == flat.input:
                values[index] = x
                results[item.name] = (x, x)
                continue
            inputs = [values[e.source] for e in item.inputs if not e.delayed]
            names = [e.source_name for e in item.inputs if not e.delayed]
            for position, edge in enumerate(item.inputs):
                if not edge.delayed:
                    continue
                if not inputs:
                    raise InterpreterError(f"node '{item.name}': a neuron fed only by "
                                           f"recurrent edges is not supported (its shape "
                                           f"is unknown)")
                key = (index, position)
                if key not in delayed:
                    delayed[key] = np.zeros(inputs[0].shape, np.float32)
                inputs.append(delayed[key])
                names.append(edge.source_name)
            if not item.pass_through and item.type in OPERAND_NODES:
                ctx = Context(self.dt, timesteps, step_mode, states.setdefault(item.name, {}))
                operands = _bind_operands(item, inputs, names)
                try:
                    value = evaluate_operands(item.node, item.type, operands, ctx)
                except ValueError as error:
                    raise InterpreterError(f"node '{item.name}': {error}") from error
                values[index] = value
                results[item.name] = (operands, value)
                continue
            summed = _sum_inputs(item.name, inputs)
            if item.pass_through:
                value = summed
            elif item.type == "Output":
                declared = item.node.output_type.get("output")
                if declared is not None and tuple(int(s) for s in declared) != summed.shape[2:]:
                    raise InterpreterError(f"node '{item.name}': the Output shape does not "
                                           f"match its input's shape {summed.shape[2:]}")
                value = summed
            else:
                ctx = Context(self.dt, timesteps, step_mode, states.setdefault(item.name, {}))
                try:
                    value = evaluate(item.node, item.type, summed, ctx)
                except ValueError as error:
                    raise InterpreterError(f"node '{item.name}': {error}") from error
            values[index] = value
            results[item.name] = (summed, value)
        for (target, position), state in list(delayed.items()):
            source = flat.nodes[target].inputs[position].source
            value = to_real(values[source])
            if value.shape != state.shape:
                raise InterpreterError(f"node '{flat.nodes[source].name}': its recurrent "
                                       f"output does not have the shape of the node it "
                                       f"feeds back into")
            delayed[(target, position)] = value
        return results


def run(graph_or_path, x, dt=DEFAULT_DT):
    """Runs an NIR graph (an nir.NIRGraph or a file) on x [T, B, *input_shape]
    with Euler step ``dt`` for NIR's continuous-time neurons; returns float32
    [T, B, *output_shape] exactly as the graph imported by spike-import computes."""
    return Interpreter(graph_or_path, dt).run(x)
