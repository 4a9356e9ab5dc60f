"""Tracing a PyTorch module by running it once: the first half of
spike.torch.convert (docs/design/torch-import.md).

The module runs on the example input under a ``TorchFunctionMode`` that
records every torch function and Tensor method applied to a value derived
from the input, with global module hooks that make the modules of the
converter's table *leaves*: a leaf call is recorded as one node (its inner
operations are not), so neurons, attention blocks and layers keep their
identity and parameters. Every recorded node keeps the concrete example
tensors, so shapes are known exactly (``T, N, C, H, W = x.shape`` in a
forward pass is no problem, unlike with symbolic tracing) and the converter
can check what it assumes (e.g. that a value it treats as spikes holds only
0 and 1).

What tracing by running cannot see is Python control flow: the graph is the
path the example took. Reading tensor *values* in Python (``.item()``,
``bool(x)``, ``.tolist()``) outside a leaf is therefore refused.
"""

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

import torch
from torch.overrides import TorchFunctionMode, resolve_name
from torch.utils._pytree import tree_flatten, tree_map


class TraceError(ValueError):
    """The module cannot be traced (the message names the module)."""


@dataclass(eq=False)
class TracedValue:
    """A tensor derived from the input: its example value and producer."""

    index: int
    example: torch.Tensor
    producer: Optional["TracedNode"] = None


@dataclass(eq=False)
class Constant:
    """A tensor argument not derived from the input (a parameter, a buffer,
    a tensor made in forward): its value."""

    tensor: torch.Tensor


@dataclass(eq=False)
class TracedNode:
    """One recorded call. ``kind`` is "module" (a leaf module, ``target`` the
    module) or "function" (``target`` a torch function or Tensor method).
    ``args``/``kwargs`` hold TracedValue/Constant in place of tensors;
    ``outputs`` has the structure of the call's result with TracedValues."""

    kind: str
    target: Any
    args: tuple
    kwargs: dict
    outputs: Any
    path: str  # the module (dotted path) whose forward made the call
    module_type: str  # its class name

    @property
    def name(self):
        """The operation's name: the module path, or e.g. torch.Tensor.flatten."""
        if self.kind == "module":
            return self.path
        return resolve_name(self.target) or getattr(self.target, "__name__", repr(self.target))


@dataclass
class Trace:
    """The recorded graph: the input value, the nodes in execution order,
    the outputs (the forward's result with TracedValues) and the modules."""

    input: TracedValue
    nodes: List[TracedNode]
    outputs: Any
    module_names: Dict[int, str] = field(default_factory=dict)

    def where(self, node):
        return f"module '{node.path or '<root>'}' ({node.module_type})"


# Functions that only read metadata: their non-tensor results (shapes,
# dtypes) may steer Python code.
_METADATA = ("shape", "size", "dim", "ndim", "numel", "dtype", "device", "is_cuda",
             "requires_grad", "is_contiguous", "__len__", "stride", "data_ptr",
             "element_size", "layout", "names", "is_floating_point", "get_device",
             "nelement", "is_sparse", "is_quantized", "is_meta", "grad_fn", "data",
             "storage_offset", "is_complex", "__hash__", "__format__", "__repr__")


def _is_metadata(func):
    name = resolve_name(func) or getattr(func, "__name__", "")
    parts = name.split(".")
    return any(p in _METADATA for p in parts[-2:])


class _Recorder(TorchFunctionMode):
    def __init__(self, tracer):
        super().__init__()
        self.tracer = tracer

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        result = func(*args, **kwargs)
        self.tracer.record_function(func, args, kwargs, result)
        return result


class Tracer:
    """Runs ``module(example)`` and records its dataflow; ``is_leaf(module)``
    says which modules are recorded as single nodes."""

    def __init__(self, module, is_leaf: Callable[[torch.nn.Module], bool]):
        self.module = module
        self.is_leaf = is_leaf
        self.module_names = {id(m): name for name, m in module.named_modules()}
        self.values: Dict[int, TracedValue] = {}
        self.keep: List[torch.Tensor] = []  # keeps ids of recorded tensors unique
        self.nodes: List[TracedNode] = []
        self.stack: List[tuple] = []  # (module, is_leaf) of the calls in progress
        self.leaf_depth = 0
        self.error: Optional[TraceError] = None

    # -- bookkeeping -----------------------------------------------------

    def where(self):
        for module, _ in reversed(self.stack):
            name = self.module_names.get(id(module))
            if name is not None:
                return name, type(module).__name__
        return "", type(self.module).__name__

    def lookup(self, value):
        """A TracedValue for a tensor derived from the input, a Constant for
        any other tensor, the value itself otherwise."""
        if isinstance(value, torch.Tensor):
            traced = self.values.get(id(value))
            if traced is not None and traced.example is value:
                return traced
            return Constant(value)
        return value

    def new_value(self, tensor, producer):
        traced = TracedValue(len(self.keep), tensor, producer)
        self.values[id(tensor)] = traced
        self.keep.append(tensor)
        return traced

    def traced_inputs(self, args, kwargs):
        leaves, _ = tree_flatten((args, kwargs))
        return [v for v in leaves if isinstance(v, torch.Tensor)
                and isinstance(self.lookup(v), TracedValue)]

    def fail(self, message):
        path, kind = self.where()
        if self.error is None:
            self.error = TraceError(f"module '{path or '<root>'}' ({kind}): {message}")
        raise self.error

    # -- recording -------------------------------------------------------

    def record_function(self, func, args, kwargs, result):
        if self.leaf_depth or not self.traced_inputs(args, kwargs):
            return
        result_tensors = [v for v in tree_flatten(result)[0] if isinstance(v, torch.Tensor)]
        if not result_tensors:
            if _is_metadata(func):
                return
            name = resolve_name(func) or getattr(func, "__name__", repr(func))
            self.fail(f"{name} reads the values of a traced tensor into Python; the "
                      f"converter traces one example run, so data-dependent control "
                      f"flow cannot be converted")
        path, kind = self.where()
        node = TracedNode("function", func, tree_map(self.lookup, args),
                          tree_map(self.lookup, kwargs), None, path, kind)
        node.outputs = tree_map(
            lambda v: self.new_value(v, node) if isinstance(v, torch.Tensor) else v, result)
        self.nodes.append(node)

    def pre_hook(self, module, args):
        leaf = not self.leaf_depth and self.is_leaf(module)
        self.stack.append((module, leaf))
        if leaf:
            self.leaf_depth += 1

    def post_hook(self, module, args, kwargs, result):
        module_, leaf = self.stack.pop()
        if not leaf:
            return None
        self.leaf_depth -= 1
        path = self.module_names.get(id(module), "")
        node = TracedNode("module", module, tree_map(self.lookup, args),
                          tree_map(self.lookup, dict(kwargs or {})), None, path,
                          type(module).__name__)
        if not any(isinstance(v, TracedValue)
                   for v in tree_flatten((node.args, node.kwargs))[0]):
            return None  # a leaf on constants only: its result is a constant
        node.outputs = tree_map(
            lambda v: self.new_value(v, node) if isinstance(v, torch.Tensor) else v, result)
        self.nodes.append(node)
        return None

    def run(self, example):
        """Runs the module once more on ``example`` (a new input value; the
        values of earlier runs stay known, so a state that one run returns
        and the next receives is recognised) and returns this run's Trace."""
        example = example.detach().clone()
        traced_input = self.new_value(example, None)
        self.nodes = []
        pre = torch.nn.modules.module.register_module_forward_pre_hook(self.pre_hook)
        post = torch.nn.modules.module.register_module_forward_hook(self.post_hook,
                                                                    with_kwargs=True)
        try:
            with torch.no_grad(), _Recorder(self):
                result = self.module(example)
        except TraceError:
            raise
        except Exception as error:
            if self.error is not None:
                raise self.error from error
            path, kind = self.where()
            raise TraceError(f"module '{path or '<root>'}' ({kind}) failed on the "
                             f"example input: {type(error).__name__}: {error}") from error
        finally:
            pre.remove()
            post.remove()
        outputs = tree_map(self.lookup, result)
        return Trace(traced_input, self.nodes, outputs, self.module_names)


def trace(module, example, is_leaf):
    """Runs ``module(example)`` once and returns its Trace."""
    return Tracer(module, is_leaf).run(example)
