"""Handlers of torch functions and Tensor methods (the glue between layers
in a model's forward): shape changes, residual sums, spike AND / count,
means, ReLU, concatenation. Each takes (converter, node) and returns the
Values of the call's outputs."""

import numpy as np
import torch
import torch.nn.functional as F

from ... import nir_nodes
from ..converter import function_handler
from ..trace import Constant, TracedValue

Tensor = torch.Tensor


def _arg(node, index, name, default=None):
    if len(node.args) > index:
        return node.args[index]
    return node.kwargs.get(name, default)


def _out_shape(node, index=None):
    out = node.outputs if index is None else node.outputs[index]
    return tuple(out.example.shape)


# -- no-ops ----------------------------------------------------------------

@function_handler(Tensor.contiguous, Tensor.clone, Tensor.detach, torch.clone,
                  Tensor.requires_grad_, Tensor.detach_, Tensor.cpu)
def _identity(cv, node):
    return cv.value(node.args[0])


@function_handler(Tensor.float, Tensor.to, Tensor.type_as, Tensor.type)
def _cast(cv, node):
    if node.outputs.example.dtype != torch.float32:
        raise cv.error(f"{node.name} converts to {node.outputs.example.dtype}; spike "
                       f"computes in float32")
    return cv.value(node.args[0])


@function_handler(F.dropout, F.dropout1d, F.dropout2d, torch.dropout)
def _dropout(cv, node):
    if _arg(node, 2, "training", False):
        raise cv.error("dropout in training mode")
    return cv.value(node.args[0])


# -- shapes ----------------------------------------------------------------

def _reshaped_lead(cv, value, out_shape):
    """The lead and per-sample shape of a reshape of ``value`` to the full
    torch shape ``out_shape``."""
    T, B = cv.T, cv.B
    if value.lead in (("T", "B"), ("TB",)):
        if len(out_shape) >= 2 and tuple(out_shape[:2]) == (T, B):
            return ("T", "B"), tuple(out_shape[2:])
        if len(out_shape) >= 1 and out_shape[0] == T * B:
            return ("TB",), tuple(out_shape[1:])
    elif value.lead == ("B",):
        if len(out_shape) >= 1 and out_shape[0] == B:
            return ("B",), tuple(out_shape[1:])
    elif value.lead == ("T1", "B"):
        if len(out_shape) >= 2 and tuple(out_shape[:2]) == (1, B):
            return ("T1", "B"), tuple(out_shape[2:])
    raise cv.error(f"reshapes {'x'.join(value.lead)} x {value.shape} to {tuple(out_shape)}, "
                   f"which moves the time or batch dimension")


@function_handler(Tensor.reshape, torch.reshape, Tensor.view, Tensor.flatten, torch.flatten,
                  Tensor.unflatten, torch.unflatten, Tensor.squeeze, torch.squeeze,
                  Tensor.view_as, Tensor.reshape_as)
def _reshape(cv, node):
    value = cv.value(node.args[0])
    lead, shape = _reshaped_lead(cv, value, _out_shape(node))
    if not shape:
        raise cv.error(f"{node.name} leaves no per-sample dimension")
    return cv.reshape(value.with_lead(lead), shape)


@function_handler(Tensor.unsqueeze, torch.unsqueeze)
def _unsqueeze(cv, node):
    value = cv.value(node.args[0])
    dim = _arg(node, 1, "dim")
    out = _out_shape(node)
    if dim in (0, -len(out)) and value.lead == ("B",) and cv.mode == "sequence":
        return value.with_lead(("T1", "B"))  # a static value gets a time axis
    lead, shape = _reshaped_lead(cv, value, out)
    return cv.reshape(value.with_lead(lead), shape)


@function_handler(Tensor.repeat, Tensor.expand, Tensor.expand_as, Tensor.broadcast_to,
                  torch.broadcast_to)
def _repeat(cv, node):
    value = cv.value(node.args[0])
    out = _out_shape(node)
    if value.lead == ("T1", "B") and out[0] == cv.T and tuple(out[1:]) == (cv.B,) + value.shape:
        return value.with_lead(("T", "B"))  # the same value at every step
    if tuple(out) == cv.lead_sizes(value.lead) + value.shape:
        return value
    raise cv.error(f"{node.name} to {tuple(out)}: spike converts only repeating a static "
                   f"value over time ([1, B, ...] -> [T, B, ...])")


def _permutation(cv, value, perm, name):
    lead = len(value.lead)
    if sorted(perm) != list(range(lead + len(value.shape))):
        raise cv.error(f"{name}: {perm} is not a permutation")
    if list(perm[:lead]) != list(range(lead)):
        raise cv.error(f"{name} moves the {'/'.join(value.lead)} dimensions")
    sample = [p - lead for p in perm[lead:]]
    if sample == list(range(len(sample))):
        return value
    shape = tuple(value.shape[p] for p in sample)
    return cv.add(cv.op_name("transpose"), nir_nodes.Transpose(perm=np.array(sample)),
                  [value], shape, value.kind, value.lead)


@function_handler(Tensor.transpose, torch.transpose, Tensor.swapaxes, torch.swapaxes,
                  Tensor.swapdims, torch.swapdims)
def _transpose(cv, node):
    value = cv.value(node.args[0])
    rank = len(value.lead) + len(value.shape)
    d0, d1 = (int(d) % rank for d in (_arg(node, 1, "dim0"), _arg(node, 2, "dim1")))
    perm = list(range(rank))
    perm[d0], perm[d1] = perm[d1], perm[d0]
    return _permutation(cv, value, perm, node.name)


@function_handler(Tensor.permute, torch.permute)
def _permute(cv, node):
    value = cv.value(node.args[0])
    rank = len(value.lead) + len(value.shape)
    dims = node.args[1:] if len(node.args) > 2 else _arg(node, 1, "dims")
    if isinstance(dims, int):
        dims = [dims]
    return _permutation(cv, value, [int(d) % rank for d in dims], node.name)


def _slice(cv, value, axis, start, stop):
    if start == 0 and stop == value.shape[axis]:
        return value
    shape = list(value.shape)
    shape[axis] = stop - start
    node = nir_nodes.Slice(axis=np.int64(axis), start=np.int64(start), stop=np.int64(stop))
    return cv.add(cv.op_name("slice"), node, [value], shape, value.kind, value.lead)


def _split_at(cv, node, sizes, dim):
    value = cv.value(node.args[0])
    axis = cv.sample_axis(value, dim)
    parts, start = [], 0
    for size in sizes:
        parts.append(_slice(cv, value, axis, start, start + size))
        start += size
    return tuple(parts)


@function_handler(Tensor.chunk, torch.chunk, Tensor.split, torch.split, Tensor.tensor_split,
                  torch.tensor_split)
def _split(cv, node):
    dim = _arg(node, 2, "dim", 0)
    sizes = [o.example.shape[dim] for o in node.outputs]
    return _split_at(cv, node, sizes, dim)


@function_handler(Tensor.unbind, torch.unbind)
def _unbind(cv, node):
    value = cv.value(node.args[0])
    dim = _arg(node, 1, "dim", 0)
    axis = cv.sample_axis(value, dim)
    parts = _split_at(cv, node, [1] * value.shape[axis], dim)
    shape = value.shape[:axis] + value.shape[axis + 1:]
    return tuple(cv.reshape(p, shape) for p in parts)


@function_handler(Tensor.__getitem__)
def _getitem(cv, node):
    value = cv.value(node.args[0])
    index = node.args[1]
    if not isinstance(index, tuple):
        index = (index,)
    if any(isinstance(i, (TracedValue, Constant, torch.Tensor, list)) for i in index):
        raise cv.error("indexing with tensors or lists is not supported")
    rank = len(value.lead) + len(value.shape)
    if Ellipsis in index:
        at = index.index(Ellipsis)
        fill = rank - (len(index) - 1 - sum(i is None for i in index))
        index = index[:at] + (slice(None),) * fill + index[at + 1:]
    dims, result, kept = 0, value, []
    for item in index:
        if item is None:
            raise cv.error("indexing with None (new axes) is not supported; use unsqueeze")
        if dims < len(value.lead):
            if item != slice(None):
                raise cv.error(f"indexes the {value.lead[dims]} dimension; spike converts "
                               f"indexing of per-sample dimensions only")
            dims += 1
            continue
        axis = dims - len(value.lead)
        size = value.shape[axis]
        if isinstance(item, slice):
            start, stop, step = item.indices(size)
            if step != 1:
                raise cv.error("strided slicing is not supported")
            result = _slice(cv, result, axis, start, max(start + 1, stop))
            kept.append(axis)
        elif isinstance(item, int):
            position = item % size
            result = _slice(cv, result, axis, position, position + 1)
        else:
            raise cv.error(f"indexing with {type(item).__name__} is not supported")
        dims += 1
    shape = tuple(_out_shape(node)[len(value.lead):])
    return cv.reshape(result, shape)


# -- arithmetic --------------------------------------------------------------

def _two_values(cv, node):
    a, b = node.args[0], node.args[1] if len(node.args) > 1 else node.kwargs.get("other")
    if not isinstance(a, TracedValue) or not isinstance(b, TracedValue):
        raise cv.error(f"{node.name} with a constant operand is not supported; spike "
                       f"converts sums and products of two values computed from the input")
    return cv.value(a), cv.value(b)


def _same_steps(cv, a, b, name):
    if a.lead != b.lead:
        if {a.lead, b.lead} <= {("T", "B"), ("T1", "B")}:
            return ("T", "B")
        raise cv.error(f"{name} of values with leading dims {a.lead} and {b.lead}")
    return a.lead


@function_handler(Tensor.add, Tensor.__add__, Tensor.__radd__, Tensor.__iadd__, Tensor.add_,
                  torch.add)
def _add(cv, node):
    a, b = _two_values(cv, node)
    alpha = node.kwargs.get("alpha", 1)
    if alpha != 1:
        raise cv.error("add with alpha != 1 is not supported")
    lead = _same_steps(cv, a, b, "a sum")
    if a.shape != b.shape:
        raise cv.error(f"adds shapes {a.shape} and {b.shape}; spike sums values of one "
                       f"shape (no broadcasting)")
    return cv.add(cv.op_name("add"), nir_nodes.Sum(), [a, b], a.shape, "real", lead)


@function_handler(Tensor.mul, Tensor.__mul__, Tensor.__rmul__, Tensor.mul_, Tensor.__imul__,
                  torch.mul, Tensor.logical_and, torch.logical_and, Tensor.__and__)
def _mul(cv, node):
    a, b = _two_values(cv, node)
    if a.kind != "binary" or b.kind != "binary":
        raise cv.error(f"multiplies {a.kind} by {b.kind} values; spike converts products "
                       f"of binary spikes (an AND), not general multiplications")
    lead = _same_steps(cv, a, b, "a product")
    if len(a.shape) != len(b.shape):
        raise cv.error("multiplies values of different per-sample ranks")
    shape = tuple(max(x, y) for x, y in zip(a.shape, b.shape))
    if any(x not in (1, s) or y not in (1, s) for x, y, s in zip(a.shape, b.shape, shape)):
        raise cv.error(f"shapes {a.shape} and {b.shape} do not broadcast")
    return cv.add(cv.op_name("and"), nir_nodes.And(operands=["a", "b"]), [a, b], shape,
                  "binary", lead)


def _dims(node, index=1):
    dim = _arg(node, index, "dim")
    if dim is None:
        return None
    return [dim] if isinstance(dim, int) else list(dim)


@function_handler(Tensor.sum, torch.sum)
def _sum(cv, node):
    value = cv.value(node.args[0])
    dims = _dims(node)
    if dims is None:
        raise cv.error("a sum over every dimension is not supported")
    if not value.is_spikes:
        raise cv.error("sums of real values along a dimension are not supported (sums of "
                       "spikes are: spike.Count)")
    axes = sorted(cv.sample_axis(value, d) for d in dims)
    shape = list(value.shape)
    for axis in axes:
        shape[axis] = 1
    counted = cv.add(cv.op_name("count"), nir_nodes.Count(dims=np.array(axes)), [value],
                     shape, "real", value.lead)
    if not _arg(node, 2, "keepdim", False):
        counted = cv.reshape(counted, [s for i, s in enumerate(shape) if i not in axes])
    return counted


@function_handler(Tensor.mean, torch.mean)
def _mean(cv, node):
    value = cv.value(node.args[0])
    dims = _dims(node)
    keepdim = _arg(node, 2, "keepdim", False)
    if dims is None:
        raise cv.error("a mean over every dimension is not supported")
    rank = len(value.lead) + len(value.shape)
    dims = sorted({d % rank for d in dims}, reverse=True)
    if value.lead[0] == "T" and 0 in dims:
        if len(dims) != 1 or cv.mode != "sequence":
            raise cv.error("a mean over time together with other dimensions")
        mean = cv.add(cv.op_name("mean_time"), nir_nodes.MeanTime(), [value], value.shape,
                      "real", value.lead)
        return mean.with_lead(("T1", "B") if keepdim else ("B",))
    result, shape = value, list(value.shape)
    for dim in dims:
        axis = cv.sample_axis(value, dim)
        shape.pop(axis)
        if not shape:
            raise cv.error("a mean that leaves no per-sample dimension")
        result = cv.add(cv.op_name("mean"), nir_nodes.Mean(axis=np.int64(axis)), [result],
                        shape, "real", value.lead)
    if keepdim:
        result = cv.reshape(result, _out_shape(node)[len(value.lead):])
    return result


@function_handler(torch.relu, F.relu, Tensor.relu, torch.relu_, Tensor.relu_)
def _relu(cv, node):
    value = cv.value(node.args[0])
    if value.kind == "binary":
        return value
    return cv.add(cv.op_name("relu"), nir_nodes.ReLU(), [value], value.shape, "real",
                  value.lead)


@function_handler(torch.cat, torch.concat, torch.concatenate)
def _cat(cv, node):
    tensors = node.args[0]
    dim = _arg(node, 1, "dim", 0)
    values = [cv.value(t) for t in tensors]
    lead = values[0].lead
    if any(v.lead != lead for v in values):
        raise cv.error("concatenates values with different leading dims")
    axis = cv.sample_axis(values[0], dim)
    shape = list(values[0].shape)
    shape[axis] = sum(v.shape[axis] for v in values)
    kind = values[0].kind if len({v.kind for v in values}) == 1 else "real"
    return cv.add(cv.op_name("cat"), nir_nodes.Concat(operands=[v.name for v in values],
                                                      axis=np.int64(axis)),
                  values, shape, kind, lead)


@function_handler(torch.matmul, Tensor.matmul, Tensor.__matmul__, torch.bmm, Tensor.bmm)
def _matmul(cv, node):
    raise cv.error(f"{node.name}: general matrix products are not converted; spiking "
                   f"attention is converted as a whole module (SpikingJelly's "
                   f"SpikingSelfAttention, spike.torch's attentions)")
