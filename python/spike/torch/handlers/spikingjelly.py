"""Handlers of SpikingJelly 2.0 (spikingjelly.activation_based).

Neurons (multi-step mode "m" only; a single-step neuron keeps its state
between calls, which a traced call cannot show):

* ``LIFNode(tau, decay_input, v_threshold, v_reset)``: SpikingJelly charges
  ``h = v + (x - (v - v_r)) / tau`` (decay_input) or
  ``h = v - (v - v_r) / tau + x``, fires at ``h >= v_threshold`` and resets
  to ``v_r`` (hard) or subtracts the threshold (``v_reset=None``, soft; the
  charge then uses v_r = 0). In spike.lif terms (SPEC section 3):
  decay = 1 - 1/tau, gain = 1/tau (or 1), bias = v_r/tau, compare "ge",
  v_init = v_r (SpikingJelly starts the membrane at v_reset; 0 when soft).
* ``ParametricLIFNode``: the same with 1/tau = sigmoid(w) read from the module.
* ``IFNode``: h = v + x: decay 1, gain 1, bias 0.

Every other neuron class is refused by name. Layers in step mode "m"
(``layer.Conv2d`` etc.) are torch.nn subclasses and use the nn handlers;
``SeqToANNContainer`` is traced through (flatten(0, 1) merges T and B).

Attention: ``layer.SpikingSelfAttention`` (Spikformer's SSA) is converted as
a unit, in SpikingJelly's channel-first layout: qkv = LIF(BN(Conv1d(x)))
on [3C, L], q/k/v sliced and transposed to tokens [L, C], spike.Attention
with scale 0.125 (SpikingJelly computes (v k^T) q * scale per head, which
is (q k^T) v transposed), back to [C, L], attn_lif, proj Conv1d + BN,
proj_lif. Q-K attention (QKFormer) and spike-driven self-attention (SDT)
are traced: their products of spikes become spike.And and their sums of
spikes spike.Count.
"""

from types import SimpleNamespace

import numpy as np
import torch
from spikingjelly.activation_based import base, functional, neuron as sj_neuron
from spikingjelly.activation_based.layer.attention import SpikingSelfAttention

from ... import nir_nodes
from ..converter import SEQUENCE, STATEFUL_BASES, module_handler
from .common import f32, neuron
from .nn import batch_norm, layer_input

STATEFUL_BASES.append(base.MemoryModule)


def _step_mode(module):
    return SEQUENCE if getattr(module, "step_mode", "s") == "m" else "single"


NEURON_MODES = {sj_neuron.BaseNode: _step_mode}


def reset_states(model):
    functional.reset_net(model)


def _neuron_fields(cv, node, module, inverse_tau):
    """spike.lif fields of a LIF-family neuron with 1/tau = inverse_tau (float64)."""
    if getattr(module, "step_mode", "s") != "m":
        raise cv.error("a stateful neuron in single-step mode (step_mode='s'); convert "
                       "multi-step models: spikingjelly.activation_based.functional."
                       "set_step_mode(model, 'm')", node)
    if getattr(module, "_neuron_precision", None) is not None:
        raise cv.error("reduced neuron precision (set_neuron_precision) is not supported",
                       node)
    threshold = module.v_threshold
    soft = module.v_reset is None
    v_reset = 0.0 if soft else float(module.v_reset)
    decay_input = getattr(module, "decay_input", True)
    return {
        "decay": 1.0 - inverse_tau,
        "gain": inverse_tau if decay_input else 1.0,
        "bias": v_reset * inverse_tau,
        "v_threshold": float(threshold),
        "v_reset": v_reset,
        "v_init": v_reset,
        "compare": "ge",
        "reset": "soft" if soft else "hard",
    }


@module_handler(sj_neuron.LIFNode)
def _lif(cv, node, module, x, *state):
    if type(module).multi_step_functional_forward is not sj_neuron.LIFNode.multi_step_functional_forward:
        raise cv.error(f"{type(module).__name__} overrides LIFNode's dynamics", node)
    fields = _neuron_fields(cv, node, module, 1.0 / np.float64(module.tau))
    return neuron(cv, node, x, fields)


@module_handler(sj_neuron.ParametricLIFNode)
def _plif(cv, node, module, x, *state):
    if module.w.numel() != 1:
        raise cv.error("a ParametricLIFNode with a non-scalar w", node)
    inverse_tau = float(torch.sigmoid(module.w.detach().double()))
    return neuron(cv, node, x, _neuron_fields(cv, node, module, inverse_tau))


@module_handler(sj_neuron.IFNode)
def _if(cv, node, module, x, *state):
    fields = _neuron_fields(cv, node, module, 0.0)
    fields.update(decay=1.0, gain=1.0, bias=0.0)
    return neuron(cv, node, x, fields)


@module_handler(sj_neuron.BaseNode)
def _other_neuron(cv, node, module, x, *state):
    raise cv.error(f"spikingjelly neuron {type(module).__name__} is not supported "
                   f"(LIFNode, ParametricLIFNode and IFNode are)", node)


def _conv_bn(cv, node, container, value, what):
    """Conv1d (kernel 1) + BatchNorm1d of a SeqToANNContainer on [C, L]."""
    conv, bn = container[0], container[1]
    if not isinstance(conv, torch.nn.Conv1d) or not isinstance(bn, torch.nn.BatchNorm1d):
        raise cv.error(f"{what}: expected Conv1d + BatchNorm1d", node)
    from .nn import array
    import nir
    bias = array(conv.bias) if conv.bias is not None else np.zeros(conv.out_channels, np.float32)
    made = nir.Conv1d(input_shape=value.shape[1], weight=array(conv.weight),
                      stride=int(conv.stride[0]), padding=int(conv.padding[0]),
                      dilation=int(conv.dilation[0]), groups=conv.groups, bias=bias)
    shape = (conv.out_channels, value.shape[1])
    y = cv.add(cv.fresh(f"{node.path}.{what}.conv"), made, [value], shape, "real", value.lead)
    return batch_norm(cv, SimpleNamespace(path=f"{node.path}.{what}.bn"), bn, y, 0)


@module_handler(SpikingSelfAttention)
def _ssa(cv, node, module, x):
    value = layer_input(cv, node, module, x, 2, "SpikingSelfAttention")
    channels, tokens = value.shape
    if channels != module.dim:
        raise cv.error(f"SpikingSelfAttention({module.dim}) on [C, L] = {value.shape}", node)
    path = node.path or "attn"

    def sub_neuron(name, inp):
        sub = getattr(module, name)
        inverse_tau = 1.0 / np.float64(sub.tau) if isinstance(sub, sj_neuron.LIFNode) else None
        if not isinstance(sub, (sj_neuron.LIFNode, sj_neuron.IFNode, sj_neuron.ParametricLIFNode)):
            raise cv.error(f"{name} is a {type(sub).__name__}, not supported", node)
        if isinstance(sub, sj_neuron.ParametricLIFNode):
            inverse_tau = float(torch.sigmoid(sub.w.detach().double()))
        fields = _neuron_fields(cv, node, sub, 0.0 if inverse_tau is None else inverse_tau)
        if isinstance(sub, sj_neuron.IFNode):
            fields.update(decay=1.0, gain=1.0, bias=0.0)
        return neuron(cv, SimpleNamespace(path=f"{path}.{name}"), inp, fields)

    qkv = sub_neuron("qkv_lif", _conv_bn(cv, node, module.qkv_conv_bn, value, "qkv_conv_bn"))
    C = module.dim
    tokens_of = []
    for i, role in enumerate("qkv"):
        part = cv.add(cv.fresh(f"{path}.{role}"),
                      nir_nodes.Slice(axis=np.int64(0), start=np.int64(i * C),
                                      stop=np.int64((i + 1) * C)),
                      [qkv], (C, tokens), "binary", qkv.lead)
        tokens_of.append(cv.add(cv.fresh(f"{path}.{role}_tokens"),
                                nir_nodes.Transpose(perm=np.array([1, 0])), [part],
                                (tokens, C), "binary", qkv.lead))
    attention = nir_nodes.Attention(operands=["q", "k", "v"], num_heads=np.int64(module.num_heads),
                                    scale=f32(module.scale))
    out = cv.add(cv.fresh(f"{path}.attention"), attention, tokens_of, (tokens, C), "real",
                 qkv.lead)
    out = cv.add(cv.fresh(f"{path}.attention_channels"), nir_nodes.Transpose(perm=np.array([1, 0])),
                 [out], (C, tokens), "real", qkv.lead)
    spikes = sub_neuron("attn_lif", out)
    projected = _conv_bn(cv, node, module.proj_conv_bn, spikes, "proj_conv_bn")
    return sub_neuron("proj_lif", projected)
