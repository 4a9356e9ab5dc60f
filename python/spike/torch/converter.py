"""spike.torch.convert: PyTorch SNN modules -> an NIR graph with spike's
extension nodes -> (spike-import) spike-dialect MLIR. The design is in
docs/design/torch-import.md; in short:

1. ``trace`` runs the module once on the example input and records its
   dataflow, with neurons, attention blocks and layers as leaves
   (spike.torch.trace);
2. every recorded call is converted by a handler from a table — modules by
   class (most derived first), functions and Tensor methods by identity —
   into NIR nodes; a call without a handler is an error naming the module
   path and type, never a silent fallback;
3. the graph is checked (types inferred by running spike's NumPy interpreter)
   and written as NIR; spike-import turns it into MLIR.

Values carry their *leading* torch dimensions: ``("T", "B")`` for a sequence
over time (multi-step modules), ``("B",)`` for a value without a time
dimension (a static input repeated over time by the model, or a time mean),
``("TB",)`` for time and batch merged by ``flatten(0, 1)`` (SpikingJelly's
SeqToANNContainer), ``("T1", "B")`` for a static value with a time axis of
size 1. Every NIR value is ``[T, B, per-sample shape]`` at run time; shape
operations may only touch per-sample axes.

Modules that are called once per time step (snnTorch, Norse cells) are
converted in *step mode*: the traced call is one step, every value has the
lead ``("B",)`` and means "this step".
"""

import itertools
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

import nir
import numpy as np
import torch
from torch.utils._pytree import tree_flatten

from .. import nir_nodes
from .trace import Constant, TracedNode, TracedValue, TraceError, Tracer

SEQUENCE, STEP = "sequence", "step"


class ConversionError(ValueError):
    """A module or operation spike cannot convert; names the module path."""


@dataclass(frozen=True)
class Value:
    """A converted tensor: the NIR node that produces it, its per-sample
    shape, its kind ("real", "binary", "ternary") and its leading dims."""

    name: str
    shape: Tuple[int, ...]
    kind: str
    lead: Tuple[str, ...]

    def with_lead(self, lead):
        return Value(self.name, self.shape, self.kind, tuple(lead))

    @property
    def is_spikes(self):
        return self.kind in ("binary", "ternary")


@dataclass
class Probe:
    """A neuron layer of the converted model: the module path, the NIR node
    whose output is its spikes, and that output's per-sample shape."""

    path: str
    node: str
    shape: Tuple[int, ...]


@dataclass
class Conversion:
    """The result of convert(): the NIR graph, the sizes it was traced with,
    how inputs and outputs map to the module's, and the neuron layers."""

    graph: nir.NIRGraph
    timesteps: int
    batch: int
    mode: str
    input_static: bool  # the module's input has no time dimension
    output_lead: Tuple[str, ...]
    input_shape: Tuple[int, ...]  # per sample
    output_shape: Tuple[int, ...]  # per sample, of the model's output
    probes: List[Probe] = field(default_factory=list)
    mlir: Optional[str] = None

    def write(self, path):
        """Writes the NIR graph (with spike's extension nodes) to ``path``."""
        from ..nir_io import write_graph
        write_graph(path, self.graph)
        return path


# -- handler tables -------------------------------------------------------

MODULE_HANDLERS: Dict[type, Callable] = {}
FUNCTION_HANDLERS: Dict[Any, Callable] = {}
# Base classes of stateful modules that must never be traced through: a
# subclass without a handler of its own is refused by name.
STATEFUL_BASES: List[type] = []


def module_handler(*classes):
    """Registers ``handler(converter, node, module, *inputs) -> outputs`` for
    calls of modules of these classes (and subclasses without their own)."""
    def register(handler):
        for cls in classes:
            MODULE_HANDLERS[cls] = handler
        return handler
    return register


def function_handler(*functions):
    """Registers ``handler(converter, node) -> outputs`` for these torch
    functions / Tensor methods."""
    def register(handler):
        for fn in functions:
            FUNCTION_HANDLERS[fn] = handler
        return handler
    return register


def find_module_handler(module):
    for cls in type(module).__mro__:
        if cls in MODULE_HANDLERS:
            return MODULE_HANDLERS[cls]
    return None


def is_stateful(module):
    return any(isinstance(module, base) for base in STATEFUL_BASES)


def is_leaf(module):
    return find_module_handler(module) is not None or is_stateful(module)


# -- the converter ---------------------------------------------------------

class Converter:
    """Builds the NIR graph from a trace; handlers use its helpers."""

    def __init__(self, trace_, mode, timesteps, batch, dt=1e-4):
        self.trace = trace_
        self.mode = mode
        self.T = timesteps
        self.B = batch
        # The Euler step spike-import applies to NIR's continuous-time nodes
        # (LI, CubaLIF, ...): handlers that write them compute taus for it.
        self.dt = float(dt)
        self.nodes: Dict[str, nir.NIRNode] = {}
        self.edges: List[Tuple[str, str]] = []
        self.values: Dict[int, Value] = {}
        self.names = set()
        self.probes: List[Probe] = []
        self.node: Optional[TracedNode] = None  # the call being converted

    # -- errors and names --

    def where(self, node=None):
        node = node or self.node
        if node is None:
            return "the model"
        return f"module '{node.path or '<root>'}' ({node.module_type})"

    def error(self, message, node=None):
        return ConversionError(f"{self.where(node)}: {message}")

    def fresh(self, base):
        base = (base or "node").replace("/", ".")
        name = base
        for i in itertools.count(1):
            if name not in self.names and name not in ("input", "output"):
                break
            name = f"{base}_{i}"
        self.names.add(name)
        return name

    def op_name(self, suffix):
        """A node name for a function call: its module path and the op."""
        path = self.node.path if self.node is not None else ""
        return self.fresh(f"{path}.{suffix}" if path else suffix)

    # -- building --

    def add(self, name, node, sources, shape, kind, lead, input_shape=None):
        """Adds ``node`` named ``name`` fed by the Values ``sources`` and
        returns its output Value (per-sample ``shape``)."""
        if isinstance(node, nir_nodes.OperandNode):
            node.operands = [s.name for s in sources]
            node.set_operand_shapes([s.shape for s in sources])
        elif isinstance(node, nir_nodes.SpikeNode):
            node.set_input_shape(input_shape if input_shape is not None else sources[0].shape)
            node.output_type = {"output": np.array(shape, dtype=np.int64)}
        else:
            in_shape = input_shape if input_shape is not None else sources[0].shape
            node.input_type = {"input": np.array(in_shape, dtype=np.int64)}
            node.output_type = {"output": np.array(shape, dtype=np.int64)}
        self.nodes[name] = node
        for source in dict.fromkeys(s.name for s in sources):
            self.edges.append((source, name))
        return Value(name, tuple(int(s) for s in shape), kind, tuple(lead))

    def connect(self, source: Value, target: str):
        self.edges.append((source.name, target))

    # -- values --

    def value(self, arg, what="input"):
        if isinstance(arg, TracedValue):
            if arg.index not in self.values:
                raise self.error("uses a value that was not converted (internal)")
            return self.values[arg.index]
        if isinstance(arg, Constant):
            raise self.error(f"its {what} is a constant tensor, not derived from the "
                             f"model input; spike converts only the dataflow from the input")
        raise self.error(f"expected a tensor {what}, got {type(arg).__name__}")

    def lead_sizes(self, lead):
        sizes = {"T": self.T, "B": self.B, "TB": self.T * self.B, "T1": 1}
        return tuple(sizes[d] for d in lead)

    def sample_axis(self, value, dim, rank=None, what="dim"):
        """The per-sample axis of torch dim ``dim`` of ``value``."""
        full = len(value.lead) + len(value.shape) if rank is None else rank
        if not -full <= dim < full:
            raise self.error(f"{what} {dim} is out of range")
        dim %= full
        if dim < len(value.lead):
            raise self.error(f"{what} {dim} is a {'/'.join(value.lead)} dimension; spike "
                             f"converts operations on per-sample dimensions only")
        return dim - len(value.lead)

    def example(self, traced):
        return traced.example if isinstance(traced, TracedValue) else traced

    def check_spikes(self, traced, kind):
        """Checks that the example tensor of a value converted as spikes
        holds only 0/1 (binary) or -1/0/1 (ternary)."""
        x = self.example(traced)
        allowed = (0, 1) if kind == "binary" else (-1, 0, 1)
        if isinstance(x, torch.Tensor) and not torch.isin(x, torch.tensor(allowed, dtype=x.dtype)).all():
            raise self.error(f"its output is converted as {kind} spikes but holds other "
                             f"values")

    # -- common node makers --

    def reshape(self, value, shape, base="reshape"):
        shape = tuple(int(s) for s in shape)
        if shape == value.shape:
            return value
        return self.add(self.op_name(base), nir_nodes.Reshape(shape=np.array(shape)),
                        [value], shape, value.kind, value.lead)

    def record_neuron(self, module_path, value):
        self.probes.append(Probe(module_path, value.name, value.shape))

    # -- conversion --

    def convert_node(self, node):
        self.node = node
        if node.kind == "module":
            module = node.target
            handler = find_module_handler(module)
            if handler is None:
                raise self.error(f"{type(module).__module__}.{type(module).__qualname__} "
                                 f"is a stateful module spike has no conversion for")
            result = handler(self, node, module, *node.args, **_keywords(self, node, handler))
        else:
            handler = FUNCTION_HANDLERS.get(node.target)
            if handler is None:
                raise self.error(f"{node.name} is not supported by the converter")
            result = handler(self, node)
        self.bind(node.outputs, result)

    def bind(self, outputs, result):
        out_leaves, spec = tree_flatten(outputs)
        res_leaves = [result] if isinstance(result, Value) else tree_flatten(result)[0]
        traced = [o for o in out_leaves if isinstance(o, TracedValue)]
        values = [r for r in res_leaves if isinstance(r, Value)]
        if len(traced) != len(values):
            raise self.error(f"produced {len(values)} values for {len(traced)} outputs "
                             f"(internal)")
        for t, v in zip(traced, values):
            expected = tuple(t.example.shape)
            got = self.lead_sizes(v.lead) + v.shape
            if expected != got:
                raise self.error(f"converted to shape {got}, but the module computes "
                                 f"{expected} (internal)")
            if v.is_spikes:
                self.check_spikes(t, v.kind)
            self.values[t.index] = v


def _keywords(cv, node, handler):
    """The keyword arguments of a leaf call that its handler takes; a tensor
    passed by a keyword the handler does not take is an error (it would be
    ignored)."""
    import inspect
    parameters = inspect.signature(handler).parameters
    if any(p.kind == p.VAR_KEYWORD for p in parameters.values()):
        return dict(node.kwargs)
    taken = {k: v for k, v in node.kwargs.items() if k in parameters}
    ignored = [k for k, v in node.kwargs.items() if k not in taken and any(
        isinstance(a, (TracedValue, Constant)) for a in tree_flatten(v)[0])]
    if ignored:
        raise cv.error(f"called with the tensor argument(s) {', '.join(ignored)} by keyword; "
                       f"pass them positionally")
    return taken


def _check_states_carried(first, second):
    """Step mode: every state argument of a neuron's call in the second traced
    step must be a value that the first step computed (a state the model
    carries from call to call); a constant there (e.g. ``init_leaky()`` in
    forward) means the model forgets its state between steps."""
    from .handlers import neuron_step_mode
    produced = {id(v) for node in first.nodes
                for v in tree_flatten(node.outputs)[0] if isinstance(v, TracedValue)}
    calls = {}
    for node in second.nodes:
        calls[id(node.target)] = calls.get(id(node.target), 0) + 1
    for node in second.nodes:
        if node.kind != "module" or neuron_step_mode(node.target) != STEP:
            continue
        if calls[id(node.target)] > 1:
            continue  # a loop over time in forward: its handler refuses it
        states = [a for a in tree_flatten((node.args[1:], node.kwargs))[0]
                  if isinstance(a, (TracedValue, Constant))]
        for state in states:
            if isinstance(state, Constant) or (id(state) not in produced
                                               and state.producer in second.nodes):
                raise ConversionError(
                    f"module '{node.path or '<root>'}' ({node.module_type}): receives a "
                    f"state that the model makes anew in every call (a forward that "
                    f"starts from init_leaky() / None each step forgets its membrane "
                    f"between steps); keep the state in the model (e.g. init_hidden=True "
                    f"or an attribute) to compile it as a stateful network")


def _input_lead(trace_, mode, example):
    """The lead of the model input: in step mode ("B",); in sequence mode
    ("B",) when the model adds the time dimension itself (its first use is
    unsqueeze(0)), else ("T", "B")."""
    if mode == STEP:
        return ("B",)
    for node in trace_.nodes:
        uses = [a for a in tree_flatten((node.args, node.kwargs))[0] if a is trace_.input]
        if not uses:
            continue
        name = node.name if node.kind == "function" else ""
        dim = node.args[1] if len(node.args) > 1 else node.kwargs.get("dim")
        if name.endswith("unsqueeze") and dim == 0:
            return ("B",)
        if name.endswith("stack"):
            return ("B",)
        return ("T", "B")
    return ("T", "B")


def _neuron_mode(trace_):
    """SEQUENCE or STEP from the neuron leaves the trace holds."""
    from .handlers import neuron_step_mode
    modes = set()
    for node in trace_.nodes:
        if node.kind == "module":
            mode = neuron_step_mode(node.target)
            if mode == "single":
                raise ConversionError(
                    f"module '{node.path or '<root>'}' ({node.module_type}): a stateful "
                    f"neuron in single-step mode: it keeps its membrane between calls, "
                    f"so one traced call is not the model; use multi-step mode "
                    f"(SpikingJelly: functional.set_step_mode(model, 'm'))")
            if mode is not None:
                modes.add(mode)
    if not modes:
        raise ConversionError("the model has no spiking neuron that spike can convert")
    if len(modes) > 1:
        raise ConversionError("the model mixes multi-step neurons (whole sequences) and "
                              "single-step neurons (one time step per call)")
    return modes.pop()


def _output_value(converter, outputs):
    """The converted output Value of the forward's result: a tensor, or a
    tuple whose other items are neuron states (Norse's (output, state))."""
    if isinstance(outputs, TracedValue):
        return converter.value(outputs, "output")
    if isinstance(outputs, (tuple, list)) and outputs and isinstance(outputs[0], TracedValue):
        return converter.value(outputs[0], "output")
    raise ConversionError(f"the model returns {type(outputs).__name__}; spike converts "
                          f"models that return one tensor (or (tensor, state))")


def convert(module, example_input, timesteps=None, *, batch=None, probes=False,
            path=None, emit_mlir=False, dt=1e-4):
    """Converts ``module`` (traced on ``example_input``) into an NIR graph
    with spike's extension nodes; returns a Conversion.

    * Multi-step modules (SpikingJelly in step mode "m", spike.torch, Norse
      on sequences): the time steps are those of the trace; ``timesteps``
      may be given to check them. An input without a time dimension that the
      model repeats itself (``x.unsqueeze(0).repeat(T, ...)``) is static.
    * Single-step modules (snnTorch, Norse cells): one call is one step;
      ``timesteps`` (required) is the number of steps to compile.

    ``batch`` is the batch size to compile for (default: the example's).
    ``probes``: the graph's output is the model's output followed by every
    neuron layer's spikes, each flattened per sample, concatenated in
    execution order (Conversion.probes tells which slice is which). ``path``: also write the NIR file there.
    ``emit_mlir``: also run spike-import and keep the MLIR text."""
    from . import handlers  # noqa: F401  (registers the handler tables)

    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"expected a torch.nn.Module, got {type(module).__name__}")
    if not isinstance(example_input, torch.Tensor):
        example_input = torch.as_tensor(np.asarray(example_input))
    example_input = example_input.detach().to(torch.float32).cpu()
    was_training = module.training
    module.eval()
    handlers.reset_states(module)
    try:
        tracer = Tracer(module, is_leaf)
        try:
            trace_ = tracer.run(example_input)
            mode = _neuron_mode(trace_)
            if mode == STEP:
                # A second step must receive the states the first returned:
                # a forward that makes fresh states every call is memoryless.
                _check_states_carried(trace_, tracer.run(example_input))
        except TraceError as error:
            raise ConversionError(str(error)) from error
        finally:
            handlers.reset_states(module)
        lead = _input_lead(trace_, mode, example_input)
        if example_input.dim() <= len(lead):
            raise ConversionError(f"the example input has shape {tuple(example_input.shape)}: "
                                  f"expected {' x '.join(lead)} dims and per-sample dims")
        if mode == STEP:
            if timesteps is None:
                raise ConversionError("the model's neurons run one time step per call "
                                      "(single-step): pass timesteps=T")
            T = int(timesteps)
        else:
            T = _sequence_timesteps(trace_, lead, example_input)
            if timesteps is not None and int(timesteps) != T:
                raise ConversionError(f"the model runs {T} time steps on the example, "
                                      f"timesteps={timesteps} was given")
        example_batch = example_input.shape[len(lead) - 1]
        converter = Converter(trace_, mode, T, example_batch, dt)
        input_shape = tuple(int(s) for s in example_input.shape[len(lead):])
        converter.nodes["input"] = nir.Input(input_type=np.array(input_shape, dtype=np.int64))
        converter.values[trace_.input.index] = Value("input", input_shape, "real", lead)
        for node in trace_.nodes:
            converter.convert_node(node)
        converter.node = None
        out = _output_value(converter, trace_.outputs)
    finally:
        module.train(was_training)
    model_output = out
    if probes:
        if not converter.probes:
            raise ConversionError("the model has no neuron layer to probe")
        # The model's output first, then every neuron layer, each flattened.
        parts = [converter.reshape(out.with_lead(("T", "B")), (int(np.prod(out.shape)),),
                                   "probe.output")]
        for probe in converter.probes:
            value = Value(probe.node, probe.shape, "binary", ("T", "B"))
            parts.append(converter.reshape(value, (int(np.prod(probe.shape)),),
                                           f"probe.{probe.node}"))
        total = sum(p.shape[0] for p in parts)
        concat = nir_nodes.Concat(operands=[p.name for p in parts], axis=np.int64(0))
        converter.node = None
        out = converter.add(converter.fresh("probes"), concat, parts, (total,), "real",
                            ("T", "B"))
    converter.nodes["output"] = nir.Output(output_type=np.array(out.shape, dtype=np.int64))
    converter.edges.append((out.name, "output"))
    graph = nir.NIRGraph(nodes=converter.nodes, edges=converter.edges, type_check=False)
    result = Conversion(graph, T, int(batch or example_batch), mode,
                        lead == ("B",) and mode == SEQUENCE,
                        model_output.lead if mode == SEQUENCE else ("T", "B"), input_shape,
                        model_output.shape, converter.probes if probes else [])
    if path is not None:
        result.write(path)
    if emit_mlir:
        result.mlir = import_mlir(result, dt=dt)
    return result


def _sequence_timesteps(trace_, lead, example):
    """T of a multi-step trace: the time size of the first neuron's input."""
    from .handlers import neuron_step_mode
    if lead == ("T", "B"):
        return int(example.shape[0])
    for node in trace_.nodes:
        if node.kind == "module" and neuron_step_mode(node.target) == SEQUENCE:
            first = next(a for a in tree_flatten(node.args)[0] if isinstance(a, TracedValue))
            return int(first.example.shape[0])
    raise ConversionError("cannot find the number of time steps")


def tool(name):
    """A spike tool: $SPIKE_<NAME>, build/bin next to this checkout, or PATH."""
    import shutil
    env = os.environ.get("SPIKE_" + name.upper().replace("-", "_"))
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [env, os.path.join(here, "..", "..", "..", "build", "bin", name),
                  shutil.which(name)]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    raise FileNotFoundError(f"{name} not found (build spike, put it on PATH or set "
                            f"SPIKE_{name.upper().replace('-', '_')})")


def import_mlir(conversion, dt=1e-4):
    """The spike-dialect MLIR of a Conversion (spike-import on its NIR file)."""
    with tempfile.TemporaryDirectory(prefix="spike-convert-") as tmp:
        nir_path = conversion.write(os.path.join(tmp, "model.nir"))
        run = subprocess.run([tool("spike-import"), nir_path, "--timesteps",
                              str(conversion.timesteps), "--batch", str(conversion.batch),
                              "--dt", repr(float(dt))],
                             capture_output=True, text=True)
        if run.returncode != 0:
            raise ConversionError(run.stderr.strip() or "spike-import failed")
        return run.stdout
