"""spike's NIR extension nodes (docs/nir-extension.md) as ``nir.NIRNode``
subclasses.

Each class is a keyword-only dataclass whose fields are exactly the node's
documented fields; ``to_dict()`` gives ``{"type": "spike.X", field: value}``
with float32 arrays, int64 sizes, 0-d values as NumPy scalars (stored as 0-d
datasets) and strings, so that ``nir.write`` stores them in NIR's HDF5 layout.
Optional fields left at ``None`` are not written.

Types: pass ``input_shape`` (the per-sample shape, no time or batch
dimension) to set ``input_type``/``output_type`` so that ``nir.NIRGraph``'s
type checking works; ``spike.nir_io.read_graph`` sets them from the graph.
"""

import dataclasses
from dataclasses import InitVar, dataclass
from typing import Any, Dict, Optional, Sequence

import nir
import numpy as np

COMPARE_MODES = ("ge", "gt")
RESET_MODES = ("hard", "soft", "none")
ATTENTION_KINDS = ("a2os2a", "ssa")


def _f32(default=dataclasses.MISSING):
    return dataclasses.field(default=default, metadata={"kind": "f32"})


def _i64(default=dataclasses.MISSING):
    return dataclasses.field(default=default, metadata={"kind": "i64"})


def _str(default=dataclasses.MISSING):
    return dataclasses.field(default=default, metadata={"kind": "str"})


def _strs(default=dataclasses.MISSING):
    return dataclasses.field(default=default, metadata={"kind": "strs"})


def _own_fields(node):
    """The documented fields of an extension node (not NIRNode's own)."""
    return [f for f in dataclasses.fields(node) if "kind" in f.metadata]


@dataclass(eq=False, kw_only=True)
class SpikeNode(nir.NIRNode):
    """Base of the extension nodes: field conversion, checks, serialization."""

    nir_type = None  # "spike.X", set by each subclass
    input_shape: InitVar[Optional[Sequence[int]]] = None

    def __post_init__(self, input_shape):
        for f in _own_fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            kind = f.metadata["kind"]
            if kind == "str":
                if isinstance(value, bytes):
                    value = value.decode("utf-8")
                if not isinstance(value, str):
                    raise ValueError(f"{self.nir_type}: '{f.name}' must be a string")
            elif kind == "strs":
                value = [v.decode("utf-8") if isinstance(v, bytes) else v
                         for v in np.atleast_1d(np.asarray(value, dtype=object)).tolist()]
                if not value or not all(isinstance(v, str) and v for v in value):
                    raise ValueError(f"{self.nir_type}: '{f.name}' must be a non-empty "
                                     f"list of node names")
            elif kind == "f32":
                value = np.array(value, dtype=np.float32)
                if not np.isfinite(value).all():
                    raise ValueError(f"{self.nir_type}: '{f.name}' holds NaN or Inf")
            else:
                raw = np.asarray(value)
                if raw.dtype.kind not in "iu" and not (
                        raw.dtype.kind == "f" and np.all(raw == np.round(raw))):
                    raise ValueError(f"{self.nir_type}: '{f.name}' must hold integers")
                value = raw.astype(np.int64)
            setattr(self, f.name, value)
        self.check()
        self.set_input_shape(input_shape)

    def check(self):
        """Raises ValueError when a field value is out of range."""

    def output_shape(self, input_shape):
        """The per-sample output shape for a per-sample input shape."""
        return tuple(input_shape)

    def set_input_shape(self, input_shape):
        """Sets input_type/output_type from a per-sample input shape (or None)."""
        if input_shape is None:
            self.input_type = {"input": None}
            self.output_type = {"output": None}
            return
        shape = tuple(int(s) for s in input_shape)
        self.input_type = {"input": np.array(shape, dtype=np.int64)}
        self.output_type = {"output": np.array(self.output_shape(shape), dtype=np.int64)}

    def to_dict(self) -> Dict[str, Any]:
        """{"type": "spike.X", field: value} in the layout of docs/nir-extension.md."""
        out = {"type": self.nir_type}
        for f in _own_fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, np.ndarray) and value.ndim == 0:
                value = value[()]  # a NumPy scalar: written as a 0-d dataset
            if f.metadata["kind"] == "strs":
                value = [v.encode("utf-8") for v in value]  # an HDF5 string array
            out[f.name] = value
        if self.metadata:
            out["metadata"] = dict(self.metadata)
        return out

    @classmethod
    def from_dict(cls, kwargs: Dict[str, Any]) -> "SpikeNode":
        """The node from a dict as written by to_dict (or read by hdf2dict)."""
        kwargs = dict(kwargs)
        node_type = kwargs.pop("type", cls.nir_type)
        if node_type != cls.nir_type:
            raise ValueError(f"{cls.__name__}.from_dict got type {node_type!r}")
        names = {f.name for f in _own_fields(cls)} | {"metadata"}
        unknown = sorted(set(kwargs) - names)
        if unknown:
            raise ValueError(f"{cls.nir_type}: unknown field(s) {', '.join(unknown)}")
        return cls(**kwargs)


def _check_mode(node, name, allowed):
    value = getattr(node, name)
    if value is not None and value not in allowed:
        raise ValueError(f"{node.nir_type}: '{name}' must be one of {allowed}, got {value!r}")


@dataclass(eq=False, kw_only=True)
class LIF(SpikeNode):
    """spike.LIF: h = decay v + gain x + bias; binary spikes (lowers to spike.lif)."""

    nir_type = "spike.LIF"
    decay: np.ndarray = _f32()
    gain: np.ndarray = _f32()
    bias: np.ndarray = _f32()
    v_threshold: np.ndarray = _f32()
    v_reset: np.ndarray = _f32()
    v_init: Optional[np.ndarray] = _f32(None)
    compare: Optional[str] = _str(None)
    reset: Optional[str] = _str(None)

    def check(self):
        _check_mode(self, "compare", COMPARE_MODES)
        _check_mode(self, "reset", RESET_MODES)


@dataclass(eq=False, kw_only=True)
class TernaryLIF(SpikeNode):
    """spike.TernaryLIF: spikes in {-1, 0, +1} (lowers to spike.ternary_lif)."""

    nir_type = "spike.TernaryLIF"
    decay: np.ndarray = _f32()
    gain: np.ndarray = _f32()
    bias: np.ndarray = _f32()
    v_threshold: np.ndarray = _f32()
    v_reset: np.ndarray = _f32()
    v_init: Optional[np.ndarray] = _f32(None)
    reset: Optional[str] = _str(None)

    def check(self):
        _check_mode(self, "reset", RESET_MODES)
        if not (self.v_threshold > 0).all():
            raise ValueError("spike.TernaryLIF: 'v_threshold' must be positive")


@dataclass(eq=False, kw_only=True)
class BatchNorm(SpikeNode):
    """spike.BatchNorm (inference): (x - mean) / sqrt(var + eps) * weight + bias
    along the per-sample axis ``axis``."""

    nir_type = "spike.BatchNorm"
    weight: np.ndarray = _f32()
    bias: np.ndarray = _f32()
    running_mean: np.ndarray = _f32()
    running_var: np.ndarray = _f32()
    epsilon: np.ndarray = _f32()
    axis: np.ndarray = _i64()

    def check(self):
        if not (self.running_var >= 0).all() or not self.epsilon >= 0:
            raise ValueError("spike.BatchNorm: running_var and epsilon must be >= 0")

    def output_shape(self, input_shape):
        if not -len(input_shape) <= int(self.axis) < len(input_shape):
            raise ValueError(f"spike.BatchNorm: axis {int(self.axis)} out of range "
                             f"for shape {tuple(input_shape)}")
        return tuple(input_shape)


@dataclass(eq=False, kw_only=True)
class ReLU(SpikeNode):
    """spike.ReLU: max(x, 0)."""

    nir_type = "spike.ReLU"


def maxpool_padding(padding):
    """(top, left, bottom, right) from a [2] (symmetric) or [4] padding field
    (None: no padding)."""
    if padding is None:
        return (0, 0, 0, 0)
    pad = [int(p) for p in np.atleast_1d(padding)]
    if len(pad) == 2:
        return (pad[0], pad[1], pad[0], pad[1])
    if len(pad) == 4:
        return tuple(pad)
    raise ValueError("spike.MaxPool2d: 'padding' must have 2 or 4 values")


@dataclass(eq=False, kw_only=True)
class MaxPool2d(SpikeNode):
    """spike.MaxPool2d on [C, H, W]; on spikes the maximum is an OR."""

    nir_type = "spike.MaxPool2d"
    kernel_size: np.ndarray = _i64()
    stride: Optional[np.ndarray] = _i64(None)
    padding: Optional[np.ndarray] = _i64(None)

    def check(self):
        kernel = np.atleast_1d(self.kernel_size)
        stride = kernel if self.stride is None else np.atleast_1d(self.stride)
        if kernel.shape != (2,) or stride.shape != (2,):
            raise ValueError("spike.MaxPool2d: 'kernel_size' and 'stride' must have 2 values")
        if (kernel < 1).any() or (stride < 1).any():
            raise ValueError("spike.MaxPool2d: kernel_size and stride must be positive")
        pad = maxpool_padding(self.padding)
        if min(pad) < 0 or max(pad[0], pad[2]) >= kernel[0] or max(pad[1], pad[3]) >= kernel[1]:
            raise ValueError("spike.MaxPool2d: padding must be non-negative and "
                             "smaller than the kernel")

    def output_shape(self, input_shape):
        if len(input_shape) != 3:
            raise ValueError("spike.MaxPool2d: the input must have shape [C, H, W]")
        kernel = [int(k) for k in self.kernel_size]
        stride = kernel if self.stride is None else [int(s) for s in self.stride]
        pad = maxpool_padding(self.padding)
        out = [input_shape[0]]
        for d in range(2):
            padded = input_shape[1 + d] + pad[d] + pad[d + 2]
            if padded < kernel[d]:
                raise ValueError("spike.MaxPool2d: the kernel does not fit the padded input")
            out.append((padded - kernel[d]) // stride[d] + 1)
        return tuple(out)


@dataclass(eq=False, kw_only=True)
class Sum(SpikeNode):
    """spike.Sum: the sum of its incoming edges (a residual's join)."""

    nir_type = "spike.Sum"


@dataclass(eq=False, kw_only=True)
class Transpose(SpikeNode):
    """spike.Transpose: output axis i is input axis perm[i] (per-sample axes)."""

    nir_type = "spike.Transpose"
    perm: np.ndarray = _i64()

    def check(self):
        perm = np.atleast_1d(self.perm)
        if sorted(perm.tolist()) != list(range(perm.size)):
            raise ValueError(f"spike.Transpose: 'perm' {perm.tolist()} is not a permutation")

    def output_shape(self, input_shape):
        perm = np.atleast_1d(self.perm)
        if perm.size != len(input_shape):
            raise ValueError("spike.Transpose: 'perm' must have one entry per input axis")
        return tuple(input_shape[p] for p in perm)


@dataclass(eq=False, kw_only=True)
class Mean(SpikeNode):
    """spike.Mean: the average over per-sample axis ``axis`` (which is removed)."""

    nir_type = "spike.Mean"
    axis: np.ndarray = _i64()

    def output_shape(self, input_shape):
        rank = len(input_shape)
        axis = int(self.axis)
        if not -rank <= axis < rank:
            raise ValueError(f"spike.Mean: axis {axis} out of range for rank {rank}")
        shape = list(input_shape)
        del shape[axis % rank]
        return tuple(shape)


@dataclass(eq=False, kw_only=True)
class MeanTime(SpikeNode):
    """spike.MeanTime: the time average of the input, output at every step."""

    nir_type = "spike.MeanTime"


NEURON_FIELDS = ("decay", "gain", "bias", "v_threshold", "v_reset")


@dataclass(eq=False, kw_only=True)
class SelfAttention(SpikeNode):
    """spike.SelfAttention on tokens [N, D] without softmax: q, k, v are
    BN(s W^T) through their neurons (k through ReLU for A2OS2A),
    out_h = scale (q_h k_h^T) v_h with heads concatenated."""

    nir_type = "spike.SelfAttention"
    kind: str = _str()
    num_heads: np.ndarray = _i64()
    scale: Optional[np.ndarray] = _f32(None)
    bn_epsilon: Optional[np.ndarray] = _f32(None)
    q_weight: np.ndarray = _f32()
    k_weight: np.ndarray = _f32()
    v_weight: np.ndarray = _f32()
    q_bn_weight: np.ndarray = _f32()
    q_bn_bias: np.ndarray = _f32()
    q_bn_running_mean: np.ndarray = _f32()
    q_bn_running_var: np.ndarray = _f32()
    k_bn_weight: np.ndarray = _f32()
    k_bn_bias: np.ndarray = _f32()
    k_bn_running_mean: np.ndarray = _f32()
    k_bn_running_var: np.ndarray = _f32()
    v_bn_weight: np.ndarray = _f32()
    v_bn_bias: np.ndarray = _f32()
    v_bn_running_mean: np.ndarray = _f32()
    v_bn_running_var: np.ndarray = _f32()
    # The q neuron (spike.LIF fields).
    q_decay: np.ndarray = _f32()
    q_gain: np.ndarray = _f32()
    q_bias: np.ndarray = _f32()
    q_v_threshold: np.ndarray = _f32()
    q_v_reset: np.ndarray = _f32()
    q_v_init: Optional[np.ndarray] = _f32(None)
    q_compare: Optional[str] = _str(None)
    q_reset: Optional[str] = _str(None)
    # The k neuron: SSA only.
    k_decay: Optional[np.ndarray] = _f32(None)
    k_gain: Optional[np.ndarray] = _f32(None)
    k_bias: Optional[np.ndarray] = _f32(None)
    k_v_threshold: Optional[np.ndarray] = _f32(None)
    k_v_reset: Optional[np.ndarray] = _f32(None)
    k_v_init: Optional[np.ndarray] = _f32(None)
    k_compare: Optional[str] = _str(None)
    k_reset: Optional[str] = _str(None)
    # The v neuron: ternary (A2OS2A) or binary (SSA); its reset mode is
    # `v_reset_mode` because `v_v_reset` is its reset value.
    v_decay: np.ndarray = _f32()
    v_gain: np.ndarray = _f32()
    v_bias: np.ndarray = _f32()
    v_v_threshold: np.ndarray = _f32()
    v_v_reset: np.ndarray = _f32()
    v_v_init: Optional[np.ndarray] = _f32(None)
    v_compare: Optional[str] = _str(None)
    v_reset_mode: Optional[str] = _str(None)

    def check(self):
        _check_mode(self, "kind", ATTENTION_KINDS)
        for name in ("q_compare", "k_compare", "v_compare"):
            _check_mode(self, name, COMPARE_MODES)
        for name in ("q_reset", "k_reset", "v_reset_mode"):
            _check_mode(self, name, RESET_MODES)
        if self.kind == "ssa":
            missing = [f"k_{n}" for n in NEURON_FIELDS if getattr(self, f"k_{n}") is None]
            if missing:
                raise ValueError(f"spike.SelfAttention: kind 'ssa' needs {', '.join(missing)}")
        elif not (self.v_v_threshold > 0).all():
            raise ValueError("spike.SelfAttention: the ternary v neuron needs v_v_threshold > 0")
        dim = self.q_weight.shape[0] if self.q_weight.ndim == 2 else 0
        for p in "qkv":
            if getattr(self, f"{p}_weight").shape != (dim, dim):
                raise ValueError(f"spike.SelfAttention: '{p}_weight' must be [D, D]")
        if int(self.num_heads) < 1 or dim % int(self.num_heads):
            raise ValueError(f"spike.SelfAttention: num_heads {int(self.num_heads)} "
                             f"must divide D = {dim}")

    def output_shape(self, input_shape):
        dim = self.q_weight.shape[0]
        if len(input_shape) != 2 or input_shape[1] != dim:
            raise ValueError(f"spike.SelfAttention: the input must be tokens [N, {dim}], "
                             f"got {tuple(input_shape)}")
        return tuple(input_shape)

    def neuron_params(self, prefix):
        """The neuron ``prefix`` ("q_", "k_" or "v_") as spike.lif keyword
        arguments (defaults filled in as the importer does)."""
        params = {n: getattr(self, prefix + n) for n in NEURON_FIELDS}
        params["v_init"] = getattr(self, prefix + "v_init")
        if params["v_init"] is None:
            params["v_init"] = np.float32(0)
        params["compare"] = getattr(self, prefix + "compare") or "ge"
        reset_key = "v_reset_mode" if prefix == "v_" else prefix + "reset"
        params["reset"] = getattr(self, reset_key) or "hard"
        return params


class OperandNode(SpikeNode):
    """Base of the nodes whose incoming edges are distinct operands: their
    ``operands`` field names, in order, the source node of each edge (in the
    node's own graph), instead of the edges being summed."""

    def set_operand_shapes(self, shapes):
        """Sets input_type (one port per operand) and output_type from the
        per-sample shapes of the operands."""
        shapes = [tuple(int(s) for s in shape) for shape in shapes]
        self.input_type = {f"input{i}": np.array(shape, dtype=np.int64)
                           for i, shape in enumerate(shapes)}
        self.output_type = {"output": np.array(self.operand_output_shape(shapes),
                                               dtype=np.int64)}
        return self

    def operand_output_shape(self, shapes):
        raise NotImplementedError


def broadcast_shapes(name, shapes):
    """NumPy broadcasting of per-sample shapes of one rank."""
    if len({len(s) for s in shapes}) != 1:
        raise ValueError(f"{name}: the operands must have the same per-sample rank")
    out = []
    for sizes in zip(*shapes):
        size = max(sizes)
        if any(s not in (1, size) for s in sizes):
            raise ValueError(f"{name}: operand shapes {shapes} do not broadcast")
        out.append(size)
    return tuple(out)


@dataclass(eq=False, kw_only=True)
class And(OperandNode):
    """spike.And: the AND (Hadamard product) of two binary spike tensors,
    broadcast as in NumPy (lowers to spike.and)."""

    nir_type = "spike.And"
    operands: list = _strs()

    def check(self):
        if len(self.operands) != 2:
            raise ValueError("spike.And: 'operands' must name 2 sources")

    def operand_output_shape(self, shapes):
        return broadcast_shapes("spike.And", shapes)


def _axes(values, rank, name):
    axes = sorted(int(a) % rank if -rank <= int(a) < rank else -1
                  for a in np.atleast_1d(values))
    if not axes or axes[0] < 0 or len(set(axes)) != len(axes):
        raise ValueError(f"{name}: axes {np.atleast_1d(values).tolist()} do not fit "
                         f"a per-sample rank of {rank}")
    return axes


@dataclass(eq=False, kw_only=True)
class Count(SpikeNode):
    """spike.Count: the number of spikes (ternary: the sum of +-1) along the
    per-sample axes ``dims``, kept with size 1 (lowers to spike.count)."""

    nir_type = "spike.Count"
    dims: np.ndarray = _i64()

    def output_shape(self, input_shape):
        shape = list(input_shape)
        for axis in _axes(self.dims, len(shape), "spike.Count"):
            shape[axis] = 1
        return tuple(shape)


@dataclass(eq=False, kw_only=True)
class Attention(OperandNode):
    """spike.Attention(q, k, v) on tokens [..., N, D]: per head
    scale * (q_h k_h^T) v_h, heads concatenated (lowers to spike.attention)."""

    nir_type = "spike.Attention"
    operands: list = _strs()
    num_heads: np.ndarray = _i64()
    scale: Optional[np.ndarray] = _f32(None)

    def check(self):
        if len(self.operands) != 3:
            raise ValueError("spike.Attention: 'operands' must name q, k and v")
        if int(self.num_heads) < 1:
            raise ValueError("spike.Attention: 'num_heads' must be positive")

    def operand_output_shape(self, shapes):
        q, k, v = shapes
        if len(q) < 2 or k != q or v[:-1] != q[:-1]:
            raise ValueError(f"spike.Attention: q, k, v shapes {shapes} are not tokens "
                             f"[..., N, D] / [..., N, Dv]")
        if q[-1] % int(self.num_heads) or v[-1] % int(self.num_heads):
            raise ValueError(f"spike.Attention: num_heads {int(self.num_heads)} must "
                             f"divide D and Dv")
        return v


@dataclass(eq=False, kw_only=True)
class Reshape(SpikeNode):
    """spike.Reshape: the per-sample shape becomes ``shape`` (row-major)."""

    nir_type = "spike.Reshape"
    shape: np.ndarray = _i64()

    def output_shape(self, input_shape):
        shape = tuple(int(s) for s in np.atleast_1d(self.shape))
        if int(np.prod(shape)) != int(np.prod(input_shape)) or min(shape) < 1:
            raise ValueError(f"spike.Reshape: {tuple(input_shape)} cannot become {shape}")
        return shape


@dataclass(eq=False, kw_only=True)
class Slice(SpikeNode):
    """spike.Slice: elements [start, stop) of per-sample axis ``axis``."""

    nir_type = "spike.Slice"
    axis: np.ndarray = _i64()
    start: np.ndarray = _i64()
    stop: np.ndarray = _i64()

    def output_shape(self, input_shape):
        shape = list(input_shape)
        axis = _axes(self.axis, len(shape), "spike.Slice")[0]
        start, stop = int(self.start), int(self.stop)
        if not 0 <= start < stop <= shape[axis]:
            raise ValueError(f"spike.Slice: [{start}, {stop}) does not fit an axis of "
                             f"{shape[axis]}")
        shape[axis] = stop - start
        return tuple(shape)


@dataclass(eq=False, kw_only=True)
class Concat(OperandNode):
    """spike.Concat: its operands joined along per-sample axis ``axis``."""

    nir_type = "spike.Concat"
    operands: list = _strs()
    axis: np.ndarray = _i64()

    def operand_output_shape(self, shapes):
        rank = len(shapes[0])
        axis = _axes(self.axis, rank, "spike.Concat")[0]
        out = list(shapes[0])
        out[axis] = 0
        for shape in shapes:
            other = list(shape)
            if len(other) != rank:
                raise ValueError("spike.Concat: the operands have different ranks")
            out[axis] += other[axis]
            other[axis] = out[axis]
            if other != out:
                raise ValueError(f"spike.Concat: shapes {shapes} differ off the axis")
        return tuple(out)


EXTENSION_NODES = {
    cls.nir_type: cls
    for cls in (LIF, TernaryLIF, BatchNorm, ReLU, MaxPool2d, Sum, Transpose, Mean,
                MeanTime, SelfAttention, And, Count, Attention, Reshape, Slice, Concat)
}

OPERAND_NODES = frozenset(cls.nir_type for cls in (And, Attention, Concat))

# The neuron types, NIR's first: a cycle must pass through one (spike.nir_graph).
# spike-import's node table marks the same types (NodeTable::addNeuron).
NIR_NEURON_TYPES = ("LIF", "IF", "LI", "I", "CubaLIF", "CubaLI")
NEURON_TYPES = NIR_NEURON_TYPES + tuple(cls.nir_type for cls in (LIF, TernaryLIF))
