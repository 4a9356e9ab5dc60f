"""Handlers of spike.torch's own modules: LIF and TernaryLIF neurons, the
A2OS2A/SSA attentions (one spike.SelfAttention node each, as export_nir
writes them), TokenBatchNorm, and the RecurrentLIF layer (a cycle through
the recurrent weight)."""

from ..converter import SEQUENCE, module_handler
from ..export import attention_node
from ..layers import A2OS2AAttention, SSAAttention, TokenBatchNorm
from ..neurons import LIF, TernaryLIF
from ..recurrent import RecurrentLIF
from .common import neuron
from .nn import array, batch_norm, linear

NEURON_MODES = {LIF: SEQUENCE, TernaryLIF: SEQUENCE, RecurrentLIF: SEQUENCE}


@module_handler(LIF, TernaryLIF)
def _neuron(cv, node, module, x):
    return neuron(cv, node, x, module.nir_fields(), ternary=isinstance(module, TernaryLIF))


@module_handler(A2OS2AAttention, SSAAttention)
def _attention(cv, node, module, x):
    value = cv.value(x)
    if value.kind != "binary" or len(value.shape) != 2:
        raise cv.error("the attention's input must be binary spikes on tokens [N, D]", node)
    made = attention_node(module, value.shape)
    return cv.add(cv.fresh(node.path or "attention"), made, [value], value.shape, "real",
                  value.lead)


@module_handler(TokenBatchNorm)
def _token_batch_norm(cv, node, module, x):
    value = cv.value(x)
    return batch_norm(cv, node, module, value, len(value.shape) - 1)


@module_handler(RecurrentLIF)
def _recurrent(cv, node, module, x):
    value = cv.value(x)
    if value.lead != ("T", "B"):
        raise cv.error("RecurrentLIF needs a [T, B, features] input", node)
    path = node.path or "recurrent"
    bias = array(module.fc.bias) if module.fc.bias is not None else None
    current = linear(cv, f"{path}.fc", value, array(module.fc.weight), bias)
    spikes = neuron(cv, node, current, module.lif.nir_fields(), name=f"{path}.lif")
    rec_bias = array(module.rec.bias) if module.rec.bias is not None else None
    recurrent = linear(cv, f"{path}.rec", spikes, array(module.rec.weight), rec_bias)
    cv.connect(recurrent, spikes.name)  # the cycle: previous step's value
    return spikes
