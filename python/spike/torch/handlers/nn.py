"""Handlers of torch.nn layers: Linear, Conv1d/2d, BatchNorm1d/2d, pools,
Flatten, ReLU, Identity, Dropout. A layer may see any leading dims (T x B,
B, or T*B merged) in front of its per-sample dims; SpikingJelly's step-mode
"m" layers (subclasses of these) and spike.torch's Seq* layers therefore
need no handlers of their own."""

import nir
import numpy as np
from torch import nn

from ... import nir_nodes
from ..converter import module_handler


def array(tensor):
    return tensor.detach().cpu().numpy().astype(np.float32)


def _pair(value):
    return (value, value) if isinstance(value, int) else tuple(int(v) for v in value)


def layer_input(cv, node, module, x, sample_rank, what):
    """The converted input of a layer, checked to have ``sample_rank``
    per-sample dims (e.g. 3 for [C, H, W])."""
    value = cv.value(x)
    if len(value.shape) != sample_rank:
        raise cv.error(f"{what} on per-sample shape {value.shape}: expected "
                       f"{sample_rank} dims", node)
    return value


def check_eval_batch_norm(cv, node, bn):
    if not bn.track_running_stats or bn.running_mean is None:
        raise cv.error("batch norm without running statistics (track_running_stats=False)",
                       node)


def batch_norm(cv, node, bn, value, axis):
    check_eval_batch_norm(cv, node, bn)
    channels = bn.num_features
    if value.shape[axis] != channels:
        raise cv.error(f"batch norm over {channels} channels on shape {value.shape}", node)
    weight = array(bn.weight) if bn.affine else np.ones(channels, np.float32)
    bias = array(bn.bias) if bn.affine else np.zeros(channels, np.float32)
    bn_node = nir_nodes.BatchNorm(weight=weight, bias=bias,
                                  running_mean=array(bn.running_mean),
                                  running_var=array(bn.running_var),
                                  epsilon=np.float32(bn.eps), axis=np.int64(axis))
    return cv.add(cv.fresh(node.path or "batch_norm"), bn_node, [value], value.shape, "real",
                  value.lead)


def linear(cv, name, value, weight, bias):
    """An Affine (or Linear) over the last per-sample axis."""
    shape = value.shape[:-1] + (weight.shape[0],)
    node = (nir.Affine(weight=weight, bias=bias) if bias is not None
            else nir.Linear(weight=weight))
    return cv.add(cv.fresh(name), node, [value], shape, "real", value.lead)


@module_handler(nn.Linear)
def _linear(cv, node, module, x):
    value = cv.value(x)
    if not value.shape or value.shape[-1] != module.in_features:
        raise cv.error(f"Linear({module.in_features}, ...) on per-sample shape {value.shape}",
                       node)
    bias = array(module.bias) if module.bias is not None else None
    return linear(cv, node.path or "linear", value, array(module.weight), bias)


def _conv_padding(cv, node, module):
    if module.padding_mode != "zeros":
        raise cv.error(f"padding_mode {module.padding_mode!r} is not supported", node)
    if isinstance(module.padding, str):
        if module.padding == "valid":
            return (0,) * len(module.kernel_size)
        return tuple((d * (k - 1)) // 2 for d, k in zip(module.dilation, module.kernel_size))
    return tuple(int(p) for p in module.padding)


def _conv_same_is_symmetric(cv, node, module):
    if module.padding == "same" and any((d * (k - 1)) % 2 for d, k in
                                        zip(module.dilation, module.kernel_size)):
        raise cv.error("padding='same' with an even kernel (asymmetric padding) is not "
                       "supported", node)


@module_handler(nn.Conv2d)
def _conv2d(cv, node, module, x):
    value = layer_input(cv, node, module, x, 3, "Conv2d")
    _conv_same_is_symmetric(cv, node, module)
    bias = (array(module.bias) if module.bias is not None
            else np.zeros(module.out_channels, np.float32))
    conv = nir.Conv2d(input_shape=value.shape[1:], weight=array(module.weight),
                      stride=_pair(module.stride), padding=_conv_padding(cv, node, module),
                      dilation=_pair(module.dilation), groups=module.groups, bias=bias)
    shape = tuple(node.outputs.example.shape[len(value.lead):])
    return cv.add(cv.fresh(node.path or "conv2d"), conv, [value], shape, "real", value.lead)


@module_handler(nn.Conv1d)
def _conv1d(cv, node, module, x):
    value = layer_input(cv, node, module, x, 2, "Conv1d")
    _conv_same_is_symmetric(cv, node, module)
    bias = (array(module.bias) if module.bias is not None
            else np.zeros(module.out_channels, np.float32))
    conv = nir.Conv1d(input_shape=value.shape[1], weight=array(module.weight),
                      stride=int(module.stride[0]), padding=_conv_padding(cv, node, module)[0],
                      dilation=int(module.dilation[0]), groups=module.groups, bias=bias)
    shape = tuple(node.outputs.example.shape[len(value.lead):])
    return cv.add(cv.fresh(node.path or "conv1d"), conv, [value], shape, "real", value.lead)


@module_handler(nn.BatchNorm1d, nn.BatchNorm2d)
def _batch_norm(cv, node, module, x):
    value = cv.value(x)
    rank = 3 if isinstance(module, nn.BatchNorm2d) else len(value.shape)
    if len(value.shape) != rank or rank not in (1, 2, 3):
        raise cv.error(f"{type(module).__name__} on per-sample shape {value.shape}", node)
    return batch_norm(cv, node, module, value, 0)


@module_handler(nn.MaxPool2d)
def _max_pool(cv, node, module, x):
    value = layer_input(cv, node, module, x, 3, "MaxPool2d")
    if _pair(module.dilation) != (1, 1) or module.ceil_mode or module.return_indices:
        raise cv.error("MaxPool2d with dilation, ceil_mode or return_indices", node)
    kernel = _pair(module.kernel_size)
    stride = _pair(module.stride if module.stride is not None else module.kernel_size)
    pool = nir_nodes.MaxPool2d(kernel_size=np.array(kernel), stride=np.array(stride),
                               padding=np.array(_pair(module.padding)))
    shape = tuple(node.outputs.example.shape[len(value.lead):])
    kind = "binary" if value.kind == "binary" else "real"
    return cv.add(cv.fresh(node.path or "maxpool"), pool, [value], shape, kind, value.lead)


@module_handler(nn.AvgPool2d)
def _avg_pool(cv, node, module, x):
    value = layer_input(cv, node, module, x, 3, "AvgPool2d")
    if any(_pair(module.padding)) or module.ceil_mode or module.divisor_override:
        raise cv.error("AvgPool2d with padding, ceil_mode or divisor_override", node)
    kernel = _pair(module.kernel_size)
    stride = _pair(module.stride if module.stride is not None else module.kernel_size)
    pool = nir.AvgPool2d(kernel_size=np.array(kernel), stride=np.array(stride),
                         padding=np.array([0, 0]))
    shape = tuple(node.outputs.example.shape[len(value.lead):])
    return cv.add(cv.fresh(node.path or "avgpool"), pool, [value], shape, "real", value.lead)


@module_handler(nn.Flatten, nn.Unflatten)
def _flatten(cv, node, module, x):
    from .functions import _reshaped_lead
    value = cv.value(x)
    lead, shape = _reshaped_lead(cv, value, tuple(node.outputs.example.shape))
    return cv.reshape(value.with_lead(lead), shape)


@module_handler(nn.ReLU)
def _relu(cv, node, module, x):
    value = cv.value(x)
    if value.kind == "binary":
        return value
    return cv.add(cv.fresh(node.path or "relu"), nir_nodes.ReLU(), [value], value.shape,
                  "real", value.lead)


@module_handler(nn.Identity, nn.Dropout, nn.Dropout1d, nn.Dropout2d)
def _identity(cv, node, module, x):
    return cv.value(x)
