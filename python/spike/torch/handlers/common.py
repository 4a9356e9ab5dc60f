"""Helpers shared by the framework handlers: neuron nodes and probes."""

import numpy as np

from ... import nir_nodes


def f32(value):
    return np.asarray(value, dtype=np.float32)


def neuron(cv, node, x, fields, ternary=False, name=None, lead=("T", "B")):
    """A spike.LIF (or spike.TernaryLIF) node on the converted input ``x``
    with the discrete-time ``fields`` (decay, gain, bias, v_threshold,
    v_reset, v_init, compare, reset); recorded as a probe of the layer."""
    value = cv.value(x) if not hasattr(x, "lead") else x
    if value.lead != lead:
        raise cv.error(f"the neuron receives a value with leading dims {value.lead}; "
                       f"expected {lead}" + ("" if lead != ("T", "B") else
                                             " (a multi-step neuron needs [T, B, ...])"),
                       node)
    fields = {k: v for k, v in fields.items() if v is not None}
    for key in ("decay", "gain", "bias", "v_threshold", "v_reset", "v_init"):
        if key in fields:
            fields[key] = f32(fields[key])
            if not np.isfinite(fields[key]).all():
                raise cv.error(f"neuron parameter {key} is not finite", node)
    if ternary:
        fields.pop("compare", None)
        made = nir_nodes.TernaryLIF(**fields)
    else:
        made = nir_nodes.LIF(**fields)
    out = cv.add(cv.fresh(name or node.path or "neuron"), made, [value], value.shape,
                 "ternary" if ternary else "binary", value.lead)
    cv.record_neuron(node.path if name is None else name, out)
    return out
