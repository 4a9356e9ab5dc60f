"""Building blocks of the snnTorch and Norse handlers: neurons whose state
update is not one spike.LIF, assembled from NIR nodes, and the checks that
stateful single-step modules need.

Recurrence uses NIR's per-step rule (SPEC section 4, docs/design/recurrence.md):
every edge that lies on a cycle and enters a neuron (``LIF``, ``LI``, ``I``,
``spike.LIF``, ...) carries its source's value of the previous step, zero at
t = 0; no other edge is delayed. So a value that must reach a neuron one
step late is *connected* into it (``cv.connect``) from a node on the cycle,
and a path between two neurons of the same cycle costs one step per neuron
it enters. Non-neuron nodes (``Threshold``, ``Scale``, ``Linear``,
``spike.Sum``) on a cycle pass values within the step.

Non-spiking integrators (``leaky_integrator``) are NIR ``LI`` nodes (``I``
when the decay is 1): SPEC section 3 reads them with forward Euler at the
``dt`` the graph is imported with, so their tau and r are written in
float64 for that dt (the converter's ``dt`` attribute when it has one, else
spike's default 1e-4, which spike.compile and spike.interpreter use) and
checked to give exactly the wanted float32 decay, gain and bias.
"""

import nir
import numpy as np
import torch
from torch.utils._pytree import tree_flatten

from ... import nir_nodes, nir_params
from ..trace import Constant, TracedValue


# -- parameters -------------------------------------------------------------

def per_sample(cv, node, value, shape, what):
    """``value`` (a number or tensor of one layer parameter) as a float32
    array of the per-sample ``shape``; an error names the parameter when it
    does not broadcast to one sample (e.g. it has a batch dimension)."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().to(torch.float32).numpy()
    array = np.asarray(value, dtype=np.float32)
    while array.ndim > len(shape) and array.shape[0] == 1:
        array = array[0]
    try:
        if array.ndim > len(shape):
            raise ValueError
        return np.ascontiguousarray(np.broadcast_to(array, shape))
    except ValueError:
        raise cv.error(f"{what} has shape {tuple(np.shape(value))}, which does not "
                       f"broadcast to one sample of shape {tuple(shape)}", node) from None


def uniform(array):
    """A scalar when every element of ``array`` is equal (smaller nodes)."""
    array = np.asarray(array, dtype=np.float32)
    flat = array.reshape(-1)
    if flat.size and (flat == flat[0]).all():
        return np.float32(flat[0])
    return array


def full(array, shape):
    return np.ascontiguousarray(np.broadcast_to(np.asarray(array, np.float32), shape))


def importer_dt(cv):
    return float(getattr(cv, "dt", None) or nir_params.DEFAULT_DT)


# -- nodes ------------------------------------------------------------------

def spiking(cv, name, sources, shape, lead, fields):
    """A spike.LIF node (binary spikes) on the sum of ``sources``."""
    made = nir_nodes.LIF(**{k: v for k, v in fields.items() if v is not None})
    return cv.add(cv.fresh(name), made, sources, shape, "binary", lead)


def leaky_integrator(cv, node, name, sources, shape, lead, decay, gain=1.0, bias=0.0):
    """A non-spiking ``v = decay*v + gain*x + bias`` on the sum of
    ``sources`` (its output is v): NIR ``LI`` written for the importer's dt,
    or ``I`` when the decay is 1 everywhere; exact float32 parameters or an
    error."""
    decay, gain, bias = (full(p, shape).astype(np.float64) for p in (decay, gain, bias))
    if (decay == 1).all():
        if (bias != 0).any():
            raise cv.error("a non-leaky integrator (decay 1) with a constant input: NIR "
                           "I has no bias", node)
        made = nir.I(r=gain.astype(np.float32))
    elif ((decay >= 0) & (decay < 1)).all():
        dt = importer_dt(cv)
        tau = dt / (1.0 - decay)
        r = gain * tau / dt
        v_leak = bias * tau / dt
        got = nir_params.nir_li(tau, r, v_leak, dt)
        want = {"decay": decay, "gain": gain, "bias": bias}
        for key, value in want.items():
            if not np.array_equal(got[key], value.astype(np.float32)):
                raise cv.error(f"the integrator's {key} cannot be written exactly as an "
                               f"NIR LI with dt = {dt!r}", node)
        made = nir.LI(tau=tau, r=r, v_leak=v_leak)
    else:
        raise cv.error("an integrator with decays of 1 and below 1 in one layer (NIR LI "
                       "needs a finite tau, NIR I has none)", node)
    return cv.add(cv.fresh(name), made, sources, shape, "real", lead)


def scale(cv, name, value, factor):
    """``factor * value`` (spikes count 0/1): NIR Scale."""
    made = nir.Scale(scale=full(factor, value.shape))
    return cv.add(cv.fresh(name), made, [value], value.shape, "real", value.lead)


def threshold(cv, name, sources, theta):
    """Binary ``sum(sources) > theta``: NIR Threshold (0 at equality)."""
    first = sources[0]
    made = nir.Threshold(threshold=full(theta, first.shape))
    return cv.add(cv.fresh(name), made, sources, first.shape, "binary", first.lead)


def total(cv, name, sources):
    """The sum of ``sources``: spike.Sum."""
    first = sources[0]
    return cv.add(cv.fresh(name), nir_nodes.Sum(), sources, first.shape, "real", first.lead)


def linear(cv, name, value, weight, bias=None):
    """``W value (+ b)`` over the last per-sample axis: NIR Linear/Affine."""
    weight = np.asarray(weight, np.float32)
    shape = value.shape[:-1] + (weight.shape[0],)
    made = (nir.Linear(weight=weight) if bias is None
            else nir.Affine(weight=weight, bias=np.asarray(bias, np.float32)))
    return cv.add(cv.fresh(name), made, [value], shape, "real", value.lead)


def conv2d(cv, name, value, module, with_bias=True):
    """A torch.nn.Conv2d on [C, H, W] (zero bias when it has none, or
    without ``with_bias``)."""
    def pair(v):
        return (v, v) if isinstance(v, int) else tuple(int(i) for i in v)
    if isinstance(module.padding, str) or module.padding_mode != "zeros":
        raise cv.error("a recurrent Conv2d with string padding or non-zero padding mode")
    bias = (module.bias.detach().numpy() if module.bias is not None and with_bias
            else np.zeros(module.out_channels, np.float32))
    made = nir.Conv2d(input_shape=value.shape[1:],
                      weight=module.weight.detach().numpy().astype(np.float32),
                      stride=pair(module.stride), padding=pair(module.padding),
                      dilation=pair(module.dilation), groups=module.groups,
                      bias=bias.astype(np.float32))
    size = [(n + 2 * p - d * (k - 1) - 1) // st + 1 for n, p, d, k, st in zip(
        value.shape[1:], pair(module.padding), pair(module.dilation),
        pair(module.kernel_size), pair(module.stride))]
    shape = (module.out_channels, *size)
    return cv.add(cv.fresh(name), made, [value], shape, "real", value.lead)


def placeholder(traced, lead, what):
    """A Value for an output of a stateful module that the graph does not
    compute (a membrane or state nobody uses); checked unused beforehand."""
    from ..converter import Value
    shape = tuple(int(s) for s in traced.example.shape[len(lead):])
    return Value(f"<{what}: not converted>", shape, "real", tuple(lead))


# -- how the trace uses a module and its outputs -------------------------------

def calls_of(cv, module):
    return [n for n in cv.trace.nodes if n.kind == "module" and n.target is module]


def single_call(cv, node, module, hint):
    """Refuses a stateful single-step module called more than once in the
    traced forward (a loop over time inside forward)."""
    calls = calls_of(cv, module)
    if len(calls) > 1:
        raise cv.error(f"called {len(calls)} times in one forward pass: a single-step "
                       f"neuron keeps its state between calls, so the forward must be "
                       f"ONE time step with the loop over time outside it; {hint}", node)


def _flat(tree):
    return tree_flatten(tree)[0]


def use_of(cv, node, traced):
    """How the traced forward uses the output ``traced`` of ``node``:
    "unused", "output" (it is the model's converted output: the result, or
    element 0 of a returned tuple), "dropped" (returned, but not as the
    converted output) or "used" (an input of a later operation)."""
    index = cv.trace.nodes.index(node)
    for later in cv.trace.nodes[index + 1:]:
        if any(v is traced for v in _flat((later.args, later.kwargs))):
            return "used"
    outputs = cv.trace.outputs
    if outputs is traced:
        return "output"
    if isinstance(outputs, (tuple, list)) and outputs and outputs[0] is traced:
        return "output"
    if any(v is traced for v in _flat(outputs)):
        return "dropped"
    return "unused"


def state_argument(cv, node, arg, what):
    """The tensor of a state argument of a single-step call (float32), or
    None when it is absent or None (the module starts from its own initial
    state). A state computed in the same forward is an error."""
    if arg is None:
        return None
    if isinstance(arg, TracedValue):
        raise cv.error(f"its {what} argument is computed in the same forward pass (a "
                       f"loop over time inside forward?); spike converts one time step "
                       f"per call, from a state carried between calls", node)
    if not isinstance(arg, Constant):
        raise cv.error(f"its {what} argument is a {type(arg).__name__}, expected a tensor",
                       node)
    tensor = arg.tensor.detach().cpu().to(torch.float32)
    return tensor


def batch_uniform(cv, node, tensor, shape, what):
    """A per-sample float32 array from a constant state tensor [B, *shape]
    (or broadcastable to one sample); all batch rows must be equal."""
    array = tensor.numpy()
    if array.shape[1:] == tuple(shape) and array.ndim == len(shape) + 1:
        if not (array == array[:1]).all():
            raise cv.error(f"its initial {what} differs between the samples of the batch; "
                           f"spike starts every sample from the same state", node)
        return np.ascontiguousarray(array[0])
    return per_sample(cv, node, array, shape, f"the initial {what}")
