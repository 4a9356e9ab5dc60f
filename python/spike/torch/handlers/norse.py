"""Handlers of Norse 1.1 neurons (norse/torch/functional/*.py,
norse/torch/module/*.py).

Norse's ``*Cell`` modules are single-step (one call, one step: step mode,
values ``("B",)``); ``LIF``, ``LI``, ``LIFRecurrent`` and ``IAF`` run a whole
sequence ``[T, B, ...]`` per call (sequence mode). Every module returns
``(output, state)``; ``SequentialState`` returns ``(output, [states])``. The
converter keeps element 0 of a returned tuple, the output: the state is
Norse's bookkeeping between calls, which the compiled model keeps itself.
A state used by a later operation of the forward is refused, and so is a
state argument computed in the same forward (a loop over time written
around a cell).

What Norse computes per step (float32, ``a = dt·tau_syn_inv``,
``b = dt·tau_mem_inv`` as Norse multiplies them, ``H(u) = [u > 0]`` for
every threshold method whose forward is the step):

    LIF, LIFCell (lif_feed_forward_step):
        I = i + x                      # the input jumps into the current
        v = v + b·((v_leak − v) + I)   # the membrane sees the new current
        i = I − a·I                    # then the current decays
        z = H(v − v_th);  v = (1 − z)·v + z·v_reset
    LIFRecurrent(Cell) (lif_step): I = i + W_in·x + W_rec·z_prev, the rest as LIF
    LI, LICell (li_feed_forward_step): I = i + x; v = v + b·((v_leak − v) + I);
        i = I − a·I; output v
    LILinearCell (li_step): the same with I = i + W·x
    LIFBoxCell: v = v + b·(x + v_leak − v); z = H(v − v_th); reset_value
        (v = v_reset) or reset_subtract (v = v − v_th)
    LIBoxCell: v = v + b·((v_leak − v) + x); output v
    IAF, IAFCell: v = v + x; z = H(v − v_th); v = v_reset on a spike

Initial state (``state=None``): v = v_leak (LIF family, LI, box cells),
v = v_reset (IAF); currents and recurrent spikes 0.

In spike's nodes (SPEC section 3; the same values summed in another order,
identical on exact inputs, SPEC section 5): the current I[t] = (1 − a)·I[t−1]
+ x[t] is a non-spiking integrator (NIR ``LI``, decay 1 − a, gain 1); the
membrane is ``spike.LIF`` with decay 1 − b, gain b, bias b·v_leak,
v_threshold = v_th, v_reset, v_init = the initial v, compare "gt", reset
"hard" (LIFBox with reset_subtract: "soft"); LI's membrane is a second
``LI`` (decay 1 − b, gain b, bias b·v_leak), which starts at 0, so an LI
whose membrane starts elsewhere (v_leak ≠ 0) is refused. IAF is decay 1,
gain 1. The recurrent current of LIFRecurrent is split off as snnTorch's
RSynaptic's is (handlers/snntorch.py): an ``LI`` fed by W_rec·z on the
cycle, and the membrane receives W_rec·z + (1 − a)·I_rec one step late, so
that one neuron-entering edge lies between the spikes and the membrane.

Refused by name: other Norse neurons (adaptive, refractory, conductance
based, ...), the adjoint and sparse variants, a stochastic threshold
method, parameters that do not broadcast to one sample.
"""

import numpy as np
import torch
from torch.utils._pytree import tree_map
from norse.torch.functional import iaf as f_iaf
from norse.torch.functional import leaky_integrator as f_li
from norse.torch.functional import leaky_integrator_box as f_li_box
from norse.torch.functional import lif as f_lif
from norse.torch.functional import lif_box as f_lif_box
from norse.torch.functional import reset as f_reset
from norse.torch.functional.threshold import threshold as norse_threshold
from norse.torch.module import iaf, leaky_integrator, leaky_integrator_box, lif, lif_box
from norse.torch.module.sequential import RecurrentSequential
from norse.torch.module.snn import SNN, SNNCell, SNNRecurrent, SNNRecurrentCell

from ..converter import SEQUENCE, STATEFUL_BASES, STEP, module_handler
from ..trace import Constant, TracedValue
from . import dynamics as dyn

STATEFUL_BASES.extend([SNN, SNNCell, SNNRecurrent, SNNRecurrentCell,
                       leaky_integrator.LILinearCell, RecurrentSequential])

NEURON_MODES = {SNNCell: STEP, SNNRecurrentCell: STEP, leaky_integrator.LILinearCell: STEP,
                SNN: SEQUENCE, SNNRecurrent: SEQUENCE,
                RecurrentSequential: STEP}  # refused by its handler

# class -> (kind, the step function its forward must use)
KINDS = {
    lif.LIF: ("lif", f_lif.lif_feed_forward_step),
    lif.LIFCell: ("lif", f_lif.lif_feed_forward_step),
    lif.LIFRecurrent: ("lif_recurrent", f_lif.lif_step),
    lif.LIFRecurrentCell: ("lif_recurrent", f_lif.lif_step),
    leaky_integrator.LI: ("li", f_li.li_feed_forward_step),
    leaky_integrator.LICell: ("li", f_li.li_feed_forward_step),
    leaky_integrator.LILinearCell: ("li_linear", None),
    lif_box.LIFBoxCell: ("lif_box", f_lif_box.lif_box_feed_forward_step),
    leaky_integrator_box.LIBoxCell: ("li_box", f_li_box.li_box_feed_forward_step),
    iaf.IAF: ("iaf", f_iaf.iaf_feed_forward_step),
    iaf.IAFCell: ("iaf", f_iaf.iaf_feed_forward_step),
}
HINT = ("call each cell once per forward (one time step) and loop over time outside the "
        "model, or use the sequence modules (LIF, LI, LIFRecurrent) on [T, B, ...]")


def reset_states(model):
    """Norse modules keep no state between calls (it is passed in and out)."""


def _step_threshold(method, alpha):
    """Whether Norse's threshold(x, method, alpha) is the step x > 0."""
    probe = torch.tensor([-np.inf, -1.0, -1e-38, -0.0, 0.0, 1e-45, 1e-38, 0.5, 1.0, np.inf])
    try:
        with torch.no_grad():
            out = norse_threshold(probe.clone(), method, alpha)
    except Exception:
        return False
    return torch.equal(out.float(), (probe > 0).float())


def _product(dt, value):
    """``dt * value`` as Norse computes it (a float32 tensor)."""
    return (dt * torch.as_tensor(value)).detach().to(torch.float32)


def _state_fields(cv, node, state, shape):
    """{field: per-sample array or None} of a state argument (None: the
    initial state)."""
    if state is None:
        return {}
    if isinstance(state, (TracedValue, Constant)) or not hasattr(state, "_fields"):
        if isinstance(state, TracedValue) or (isinstance(state, tuple) and any(
                isinstance(v, TracedValue) for v in state)):
            raise cv.error(f"its state argument is computed in the same forward pass; "
                           f"{HINT}", node)
        raise cv.error(f"its state argument is a {type(state).__name__}, expected a Norse "
                       f"state tuple or None", node)
    fields = {}
    for name in state._fields:
        arg = getattr(state, name)
        tensor = dyn.state_argument(cv, node, arg, f"state.{name}")
        fields[name] = None if tensor is None else dyn.batch_uniform(
            cv, node, tensor, shape, f"state.{name}")
    return fields


def _use_of_state(cv, node, outputs, keep):
    """Refuses a later use of a state output that is not ``keep`` (the
    output tensor itself, e.g. LI's v or the recurrent z)."""
    for traced in dyn._flat(outputs[1:]):
        if isinstance(traced, TracedValue) and traced.example is not keep.example:
            if dyn.use_of(cv, node, traced) in ("used", "output"):
                raise cv.error("the model uses a Norse state (membrane or current) "
                               "returned by this module; spike computes its output only",
                               node)


def _parameters(cv, node, module, shape, names):
    p = module.p
    return {name: dyn.per_sample(cv, node, getattr(p, name), shape, f"p.{name}")
            for name in names}


@module_handler(*KINDS)
def _norse(cv, node, module, x, state=None, *rest):
    kind, step = KINDS[type(module)] if type(module) in KINDS else (None, None)
    if kind is None:
        raise cv.error(f"{type(module).__name__} is a subclass of a Norse neuron with its "
                       f"own dynamics", node)
    if rest:
        raise cv.error(f"called with {len(rest) + 2} arguments", node)
    if kind != "li_linear" and getattr(module, "activation", None) is not step:
        raise cv.error(f"its step function is {getattr(module.activation, '__name__', '?')} "
                       f"(the adjoint variant?), not {step.__name__}", node)
    value = cv.value(x)
    if x.example.is_sparse:
        raise cv.error("sparse input is not supported", node)
    sequence = isinstance(module, (SNN, SNNRecurrent))
    expected = ("T", "B") if sequence else ("B",)
    if value.lead != expected:
        raise cv.error(f"expected {'[T, B, ...]' if sequence else 'one time step [B, ...]'}"
                       f", got leading dims {value.lead}", node)
    if not sequence:
        dyn.single_call(cv, node, module, HINT)
    p, dt, path, lead = module.p, float(module.dt), node.path or kind, value.lead
    method = getattr(p, "method", None)
    if method is not None and not _step_threshold(method, getattr(p, "alpha", 0.0)):
        raise cv.error(f"threshold method {method!r} is not the step x > 0 in its forward "
                       f"pass", node)

    # The current-driving input: W_in x for the recurrent/linear kinds.
    if kind in ("lif_recurrent", "li_linear"):
        weights = module.input_weights.detach().numpy()
        if value.shape[-1:] != (weights.shape[1],):
            raise cv.error(f"input weights {weights.shape} on shape {value.shape}", node)
        value = dyn.linear(cv, f"{path}.input", value, weights)
    shape = value.shape
    fields = _state_fields(cv, node, state, shape)
    for name in ("i", "z"):
        if fields.get(name) is not None and (fields[name] != 0).any():
            raise cv.error(f"a non-zero initial state.{name}", node)

    def membrane_rate(names):
        return _parameters(cv, node, module, shape, names)

    if kind == "iaf":
        q = membrane_rate(("v_th", "v_reset"))
        v_init = fields.get("v", q["v_reset"])
        spikes = dyn.spiking(cv, path, [value], shape, lead, dict(
            decay=np.float32(1), gain=np.float32(1), bias=np.float32(0),
            v_threshold=dyn.uniform(q["v_th"]), v_reset=dyn.uniform(q["v_reset"]),
            v_init=_nonzero(v_init), compare="gt", reset="hard"))
        return _finish(cv, node, spikes, spiking=True)

    b = dyn.per_sample(cv, node, _product(dt, p.tau_mem_inv), shape, "dt * p.tau_mem_inv")
    v_leak = dyn.per_sample(cv, node, p.v_leak, shape, "p.v_leak")
    decay_v = (1.0 - b.astype(np.float64)).astype(np.float32)
    bias_v = (b.astype(np.float64) * v_leak.astype(np.float64)).astype(np.float32)
    v_init = fields.get("v", v_leak)

    if kind in ("lif_box", "li_box"):
        current = value
    else:
        a = dyn.per_sample(cv, node, _product(dt, p.tau_syn_inv), shape, "dt * p.tau_syn_inv")
        decay_i = (1.0 - a.astype(np.float64)).astype(np.float32)
        current = dyn.leaky_integrator(cv, node, f"{path}.current", [value], shape, lead,
                                       decay_i)

    if kind in ("li", "li_linear", "li_box"):
        if (v_init != 0).any():
            raise cv.error("a leaky integrator whose membrane starts at v_leak (or a given "
                           "state.v) other than 0: NIR LI starts at 0", node)
        out = dyn.leaky_integrator(cv, node, path, [current], shape, lead, decay_v, b, bias_v)
        return _finish(cv, node, out, spiking=False)

    q = membrane_rate(("v_th", "v_reset"))
    reset = "hard"
    if kind == "lif_box":
        method_ = getattr(p, "reset_method", f_reset.reset_value)
        if method_ is f_reset.reset_subtract:
            reset = "soft"
        elif method_ is not f_reset.reset_value:
            raise cv.error(f"reset_method {getattr(method_, '__name__', method_)!r} is not "
                           f"supported (reset_value and reset_subtract are)", node)
    spikes = dyn.spiking(cv, path, [current], shape, lead, dict(
        decay=dyn.uniform(decay_v), gain=dyn.uniform(b), bias=dyn.uniform(bias_v),
        v_threshold=dyn.uniform(q["v_th"]), v_reset=dyn.uniform(q["v_reset"]),
        v_init=_nonzero(v_init), compare="gt", reset=reset))
    if kind == "lif_recurrent":
        weights = module.recurrent_weights.detach().numpy()
        synapse = dyn.linear(cv, f"{path}.recurrent", spikes, weights)
        zero = dyn.scale(cv, f"{path}.current_rec_zero", value, 0.0)
        rec = dyn.leaky_integrator(cv, node, f"{path}.current_rec", [zero], shape, lead,
                                   decay_i)
        cv.connect(synapse, rec.name)
        cv.connect(synapse, spikes.name)
        cv.connect(dyn.scale(cv, f"{path}.current_rec_decay", rec, decay_i), spikes.name)
    return _finish(cv, node, spikes, spiking=True)


def _nonzero(array):
    array = np.asarray(array, np.float32)
    return None if not (array != 0).any() else dyn.uniform(array)


def _finish(cv, node, out, spiking):
    """Binds the module's (output, state) results: the output, state fields
    that are the output tensor itself, placeholders for the rest."""
    if spiking:
        cv.record_neuron(node.path or out.name, out)
    outputs = node.outputs if isinstance(node.outputs, tuple) else (node.outputs,)
    first = outputs[0]
    _use_of_state(cv, node, outputs, first)
    state_lead = ("B",)

    def bind(traced):
        if not isinstance(traced, TracedValue):
            return traced
        if traced.example is first.example:
            return out
        return dyn.placeholder(traced, state_lead, f"{out.name}.state")
    return tree_map(bind, node.outputs)


@module_handler(SNN, SNNCell, SNNRecurrent, SNNRecurrentCell)
def _other(cv, node, module, *args):
    raise cv.error(f"Norse module {type(module).__name__} is not supported (LIF, LIFCell, "
                   f"LIFRecurrent, LIFRecurrentCell, LI, LICell, LILinearCell, LIFBoxCell, "
                   f"LIBoxCell, IAF, IAFCell are)", node)


@module_handler(RecurrentSequential)
def _recurrent_sequential(cv, node, module, *args):
    raise cv.error("RecurrentSequential adds its previous output to its input from the "
                   "second call on, which one traced call does not show; spike cannot "
                   "convert it (use LIFRecurrent/LIFRecurrentCell for recurrence)", node)
