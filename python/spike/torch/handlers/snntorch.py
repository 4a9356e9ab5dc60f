"""Handlers of snnTorch 1.0 neurons: ``Leaky``, ``Synaptic``, ``RLeaky`` and
``RSynaptic`` (snntorch/_neurons/*.py).

snnTorch neurons are single-step: the model's forward is ONE time step
(``cur = fc(x); spk = lif(cur)`` with ``init_hidden=True``, or
``spk, mem = lif(cur, mem)`` with the state kept by the caller) and the caller
loops over time. The converter runs in step mode (every value ``("B",)``);
``timesteps=`` says how many steps to compile. A neuron module called more
than once in the traced forward (a loop over time inside forward) is an
error, and so is a state argument computed in the same forward.

What snnTorch computes per call (float32; ``r = [m_prev > θ]`` is the reset
signal of the stored membrane, ``spk = [m > θ]``, β and α clamped to [0, 1]):

    Leaky      subtract: m = β m_prev + x − r θ      zero: m = β (1 − r) m_prev + x
               none:     m = β m_prev + x
    Synaptic   syn = α syn_prev + x; m = β m_prev + syn, then − r θ (subtract)
               or m = (1 − r)(β m_prev + syn) (zero)
    RLeaky     m = β m_prev + x + rec(spk_prev), then − r θ or · (1 − r)
    RSynaptic  syn = α syn_prev + x + rec(spk_prev); m as Synaptic

with ``rec`` the recurrent ``nn.Linear`` (all_to_all, bias included: it adds
``b`` at t = 0 too), ``nn.Conv2d`` or ``V * spk`` (one-to-one). Then, with
``reset_delay=False`` only, ``m -= (spk − r) θ`` (subtract) or
``m -= (spk − r) m`` (zero). ``RSynaptic`` applies that correction to its
local arguments only, so its ``reset_delay`` has no effect.

How that becomes spike's nodes (every formula is the framework's, summed in
another order: identical on exact inputs, SPEC section 5):

* reset "zero" (hard): with ``reset_delay=False`` r stays 0 (a spike zeroes
  the stored membrane, 0 > θ is false), so m = s ? 0 : h: ``spike.LIF``
  hard reset to 0, ``compare = "gt"``. Leaky with ``reset_delay=True``
  zeroes the old membrane before the next decay: the same spikes (only the
  membrane it reports, h, differs).
  Synaptic/RLeaky with ``reset_delay=True`` and RSynaptic zero the new
  membrane *including this step's input* the step after a spike: not a
  spike.LIF and not buildable from NIR nodes (it multiplies a real value by
  a spike): ConversionError.
* reset "none": ``spike.LIF`` with ``reset = "none"``.
* "subtract" with ``reset_delay=True`` (and RSynaptic): r[t] = s[t−1], so
  m[t] = β m[t−1] + x[t] − θ s[t−1]: a non-resetting neuron and a recurrent
  edge s → Scale(−θ) → neuron (delayed by NIR's cycle rule).
* "subtract" with ``reset_delay=False``: m = u − θ s with
  u[t] = β u[t−1] + x[t] − βθ s[t−1], and s[t] = [u > θ(1 + r)],
  r[t+1] = [m[t] > θ]: a membrane above 2θ owes a spike. With a1 = [u > θ],
  a2 = [u > 2θ] (θ ≥ 0, so a2 ≤ a1): s = [a1 + a2 − r > 0.5] and
  r[t+1] = [a1 + a2 + r > 1.5] (r carried by a one-step relay neuron).
  Nodes: two non-resetting spike.LIFs (thresholds θ, 2θ) on u, two NIR
  Thresholds, the relay, Scale(−βθ) back into u.
* Synaptic current: NIR ``LI`` (decay α, gain 1; dynamics.leaky_integrator).
  RSynaptic's recurrent current is split off (syn = syn_x + syn_rec, both
  decaying by α): syn_rec is an LI fed by rec(s) on the cycle, and the
  membrane receives rec(s) + α·syn_rec one step late, so that exactly one
  neuron-entering edge lies between the spikes and the membrane.
* Recurrent bias: added to the membrane (RLeaky: spike.LIF ``bias``) or the
  synaptic current (RSynaptic: the LI's v_leak) at every step, t = 0
  included, as snnTorch does.

Outputs: ``spk`` is the layer's spikes (a probe). The membrane ``mem`` and
current ``syn`` are converted only when the model uses them: ``syn`` is the
LI's output; ``mem`` is available for reset "none" and "subtract" (the
neuron is then an NIR LI with Thresholds instead of a spike.LIF); a model
that uses the membrane of a "zero" neuron is refused. A model that returns
``(spk, mem)`` is refused: spike's compiled model returns one tensor (the
converter keeps element 0 of a tuple), so it would silently drop ``mem``;
return ``spk`` (or ``mem`` alone, a membrane readout).

Settings read from the module: ``beta``, ``alpha``, ``threshold`` (scalars
or per-neuron tensors broadcasting to one sample), ``reset_mechanism``
(from the state function bound at construction, checked against
``reset_mechanism_val``), ``reset_delay``, ``V``/``recurrent``. Refused:
``inhibition=True``, ``graded_spikes_factor`` ≠ 1, ``state_quant``, a
``spike_grad`` whose forward is not the step ``x > 0``, θ < 0 with a reset,
an initial membrane above θ, a non-zero initial ``syn`` or ``spk``, and
subclasses that override the dynamics. Learnable flags do not matter.
Initial state: absent, ``init_leaky()``'s empty tensor or zeros are 0; a
constant membrane (equal for every sample) becomes ``v_init``.
"""

import copy

import numpy as np
import torch
from snntorch._neurons.leaky import Leaky
from snntorch._neurons.neurons import SpikingNeuron
from snntorch._neurons.rleaky import RLeaky, RecurrentOneToOne as _LeakyOneToOne
from snntorch._neurons.rsynaptic import RSynaptic, RecurrentOneToOne as _SynOneToOne
from snntorch._neurons.synaptic import Synaptic

from ..converter import STATEFUL_BASES, STEP, module_handler
from ..trace import Constant, TracedValue
from . import dynamics as dyn

STATEFUL_BASES.append(SpikingNeuron)
try:  # multi-step snnTorch layers (nn.RNN / convolution inside): refused by name
    from snntorch._neurons.leakykernel import LeakyKernel
    from snntorch._neurons.leakyparallel import LeakyParallel
    STATEFUL_BASES.extend([LeakyKernel, LeakyParallel])
except ImportError:  # pragma: no cover
    pass

NEURON_MODES = {SpikingNeuron: STEP}

# Positional state arguments after the input, and outputs, per class.
STATE_ARGS = {Leaky: ("mem",), Synaptic: ("syn", "mem"), RLeaky: ("spk", "mem"),
              RSynaptic: ("spk", "syn", "mem")}
OUTPUTS = {Leaky: ("spk", "mem"), Synaptic: ("spk", "syn", "mem"), RLeaky: ("spk", "mem"),
           RSynaptic: ("spk", "syn", "mem")}
HINT = ("write forward as one step (spk = lif(cur) with init_hidden=True, or "
        "spk, self.mem = lif(cur, self.mem)) and loop over time outside the model")


def reset_states(model):
    for module in model.modules():
        if isinstance(module, SpikingNeuron) and hasattr(module, "reset_mem"):
            module.reset_mem()


def _heaviside(spike_grad):
    """Whether ``spike_grad``'s forward is snnTorch's step ``(x > 0)``."""
    probe = torch.tensor([-np.inf, -1.0, -1e-38, -0.0, 0.0, 1e-45, 1e-38, 0.5, 1.0, np.inf],
                         dtype=torch.float32)
    try:
        with torch.no_grad():
            out = spike_grad(probe.clone())
    except Exception:
        return False
    return isinstance(out, torch.Tensor) and torch.equal(out.float(), (probe > 0).float())


def _check_settings(cv, node, module, cls):
    name = cls.__name__
    if type(module).forward is not cls.forward or any(
            getattr(type(module), f) is not getattr(cls, f)
            for f in ("_base_state_function", "_base_sub", "_base_zero", "_base_int",
                      "mem_reset", "fire")):
        raise cv.error(f"{type(module).__name__} overrides {name}'s dynamics", node)
    if module.inhibition:
        raise cv.error("inhibition=True (only the strongest neuron of a sample fires) is "
                       "not supported", node)
    if not torch.all(torch.as_tensor(module.graded_spikes_factor) == 1):
        raise cv.error("graded_spikes_factor must be 1 (spike's spikes are binary)", node)
    if module.state_quant:
        raise cv.error("state_quant (quantized membranes) is not supported", node)
    if not _heaviside(module.spike_grad):
        raise cv.error("its spike_grad's forward is not the step (x > 0) that spike "
                       "computes", node)


def _mechanism(cv, node, module, cls):
    """The reset rule snnTorch applies, as one of "hard", "none",
    "subtract_late", "subtract_now"."""
    bound = getattr(module.state_function, "__func__", None)
    functions = {cls._base_sub: 0, cls._base_zero: 1, cls._base_int: 2}
    if bound not in functions:
        raise cv.error("its state_function is not one of snnTorch's", node)
    mechanism = functions[bound]
    if int(module.reset_mechanism_val) != mechanism:
        raise cv.error("reset_mechanism was changed after construction: snnTorch then "
                       "mixes the old state function with the new reset; rebuild the "
                       "neuron with the reset_mechanism you want", node)
    delayed = bool(module.reset_delay) or cls is RSynaptic
    if mechanism == 2:
        return "none"
    if mechanism == 0:
        return "subtract_late" if delayed else "subtract_now"
    if cls is Leaky or not delayed:
        return "hard"
    raise cv.error(f"reset_mechanism='zero' with reset_delay=True"
                   f"{' (RSynaptic ignores reset_delay)' if cls is RSynaptic else ''}: "
                   f"the step after a spike snnTorch zeroes the new membrane including "
                   f"that step's input, which spike cannot express exactly; use "
                   f"reset_delay=False or reset_mechanism='subtract'", node)


def _initial(cv, node, module, args, names, x_shape, shape):
    """{state name: per-sample float32 array or None (zero)} from the call's
    state arguments; a constant of another shape than the input is replaced
    by zeros, as snnTorch does."""
    values = {}
    for name, arg in zip(names, args):
        tensor = dyn.state_argument(cv, node, arg, name)
        if tensor is None or tuple(tensor.shape) != tuple(x_shape):
            values[name] = None
            continue
        array = dyn.batch_uniform(cv, node, tensor, shape, name)
        values[name] = array if (array != 0).any() else None
    if len(args) > len(names):
        raise cv.error(f"called with {len(args) + 1} arguments", node)
    return values


def _verify(cv, node, module):
    """The traced call's results are those of one call from the arguments
    the converter saw (a state passed by keyword is invisible to it)."""
    clone = copy.deepcopy(module)
    clone.reset_mem()

    def example(a):
        return a.example if isinstance(a, TracedValue) else (
            a.tensor if isinstance(a, Constant) else a)
    with torch.no_grad():
        again = clone(*[example(a) for a in node.args])
    got = again if isinstance(again, tuple) else (again,)
    traced = node.outputs if isinstance(node.outputs, tuple) else (node.outputs,)
    same = len(got) == len(traced) and all(
        isinstance(t, TracedValue) and torch.equal(g, t.example) for g, t in zip(got, traced))
    if not same:
        raise cv.error("its result differs from a call from the state spike reads from "
                       "its arguments: pass the state positionally (lif(cur, mem)), not "
                       "by keyword", node)


def _recurrent_synapse(cv, node, module, path, spikes):
    """rec(spikes) without its bias (the bias is added at every step
    elsewhere: _recurrent_bias)."""
    rec = module.recurrent
    if isinstance(rec, (_LeakyOneToOne, _SynOneToOne)):
        factor = dyn.per_sample(cv, node, rec.V, spikes.shape, "V")
        return dyn.scale(cv, f"{path}.recurrent", spikes, factor)
    if isinstance(rec, torch.nn.Linear):
        if spikes.shape[-1:] != (rec.in_features,) or rec.out_features != rec.in_features:
            raise cv.error(f"recurrent Linear({rec.in_features}, {rec.out_features}) on "
                           f"shape {spikes.shape}", node)
        return dyn.linear(cv, f"{path}.recurrent", spikes, rec.weight.detach().numpy())
    if isinstance(rec, torch.nn.Conv2d):
        if len(spikes.shape) != 3:
            raise cv.error(f"recurrent Conv2d on shape {spikes.shape}", node)
        value = dyn.conv2d(cv, f"{path}.recurrent", spikes, rec, with_bias=False)
        if value.shape != spikes.shape:
            raise cv.error(f"the recurrent Conv2d maps {spikes.shape} to {value.shape}", node)
        return value
    raise cv.error(f"recurrent layer {type(rec).__name__} is not supported", node)


def _recurrent_bias(cv, node, module, shape):
    """The per-sample bias of the recurrent synapse (added at every step)."""
    rec = module.recurrent
    bias = getattr(rec, "bias", None)
    if isinstance(rec, (_LeakyOneToOne, _SynOneToOne)) or bias is None:
        return np.zeros(shape, np.float32)
    bias = bias.detach().numpy().astype(np.float32)
    if isinstance(rec, torch.nn.Conv2d):
        bias = bias.reshape(-1, 1, 1)
    return dyn.per_sample(cv, node, bias, shape, "the recurrent bias")


def _membrane(cv, node, path, drive, bias, beta, theta, v_init, mode, need_mem):
    """The spiking stage on the non-delayed input ``drive``: returns
    (spikes, membrane Value or None, targets). ``targets`` are the nodes
    that the recurrent contributions (computed from the spikes) must be
    connected into."""
    shape, lead = drive.shape, drive.lead
    fields = dict(decay=dyn.uniform(beta), gain=np.float32(1), bias=dyn.uniform(bias),
                  v_threshold=dyn.uniform(theta), v_reset=np.float32(0),
                  v_init=None if v_init is None else dyn.uniform(v_init), compare="gt")
    if need_mem and mode == "hard":
        raise cv.error("the model uses the membrane of a neuron with "
                       "reset_mechanism='zero', which spike does not compute (its "
                       "spikes are converted exactly, its membrane is not)", node)
    if need_mem and v_init is not None:
        raise cv.error("the model uses the membrane of a neuron with a non-zero initial "
                       "membrane (NIR LI starts at 0)", node)

    def integrator(name):
        return dyn.leaky_integrator(cv, node, name, [drive], shape, lead, beta, 1.0, bias)

    if mode == "hard":
        s = dyn.spiking(cv, path, [drive], shape, lead, {**fields, "reset": "hard"})
        return s, None, [s], []
    if mode in ("none", "subtract_late"):
        if need_mem:
            u = integrator(f"{path}.mem")
            s = dyn.threshold(cv, path, [u], theta)
            mem, targets = u, [u]
        else:
            s = dyn.spiking(cv, path, [drive], shape, lead, {**fields, "reset": "none"})
            mem, targets = None, [s]
        extra = [dyn.scale(cv, f"{path}.reset", s, -theta)] if mode == "subtract_late" else []
        return s, mem, targets, extra
    # subtract_now: a membrane above 2 theta owes a spike (module docstring).
    if need_mem:
        u = integrator(f"{path}.u")
        a1 = dyn.threshold(cv, f"{path}.above", [u], theta)
        a2 = dyn.threshold(cv, f"{path}.above2", [u], 2 * theta)
        targets = [u]
    else:
        none = {**fields, "reset": "none"}
        a1 = dyn.spiking(cv, f"{path}.above", [drive], shape, lead, none)
        a2 = dyn.spiking(cv, f"{path}.above2", [drive], shape, lead,
                         {**none, "v_threshold": dyn.uniform(2 * theta)})
        targets = [a1, a2]
    # The relay neuron needs one non-delayed input (its shape): drive * 0.
    zero = dyn.scale(cv, f"{path}.owed_zero", drive, 0.0)
    owed = dyn.spiking(cv, f"{path}.owed", [zero], shape, lead,
                       dict(decay=np.float32(0), gain=np.float32(1), bias=np.float32(0),
                            v_threshold=np.float32(0.5), v_reset=np.float32(0),
                            compare="gt", reset="hard"))
    s = dyn.threshold(cv, path, [a1, a2, dyn.scale(cv, f"{path}.not_owed", owed, -1.0)], 0.5)
    owed_next = dyn.threshold(cv, f"{path}.owed_next", [a1, a2, owed], 1.5)
    cv.connect(owed_next, owed.name)
    beta_theta = (beta.astype(np.float64) * theta.astype(np.float64)).astype(np.float32)
    extra = [dyn.scale(cv, f"{path}.reset", s, -beta_theta)]
    mem = None
    if need_mem:
        mem = dyn.total(cv, f"{path}.mem", [u, dyn.scale(cv, f"{path}.subtract", s, -theta)])
    return s, mem, targets, extra


def _convert(cv, node, module, cls, x, states):
    dyn.single_call(cv, node, module, HINT)
    _check_settings(cv, node, module, cls)
    mode = _mechanism(cv, node, module, cls)
    value = cv.value(x)
    if value.lead != ("B",):
        raise cv.error(f"snnTorch neurons are single-step: expected one time step "
                       f"[B, ...], got leading dims {value.lead}", node)
    shape, path = value.shape, node.path or cls.__name__.lower()
    x_shape = tuple(x.example.shape)
    init = _initial(cv, node, module, states, STATE_ARGS[cls], x_shape, shape)
    _verify(cv, node, module)

    beta = dyn.per_sample(cv, node, module.beta.detach().clamp(0, 1), shape, "beta")
    theta = dyn.per_sample(cv, node, module.threshold, shape, "threshold")
    if mode != "none":
        if (theta < 0).any():
            raise cv.error("a negative threshold with a reset (snnTorch resets the zero "
                           "initial membrane at the first step)", node)
        if init.get("mem") is not None and (init["mem"] > theta).any():
            raise cv.error("an initial membrane above the threshold", node)
    for name in ("spk", "syn"):
        if init.get(name) is not None:
            raise cv.error(f"a non-zero initial {name}", node)

    # Which of the state outputs the model uses.
    outputs = node.outputs if isinstance(node.outputs, tuple) else (node.outputs,)
    names = OUTPUTS[cls][:len(outputs)]
    spk_example = outputs[0].example
    need = set()
    for name, traced in zip(names, outputs):
        if name == "spk" or traced.example is spk_example:
            continue
        use = dyn.use_of(cv, node, traced)
        if use == "dropped":
            raise cv.error(f"the model returns this neuron's {name} alongside its first "
                           f"output; spike's compiled model returns one tensor (the "
                           f"first), so {name} would be lost: return only spk (or only "
                           f"the membrane of a readout layer)", node)
        if use in ("used", "output"):
            need.add(name)

    synaptic = cls in (Synaptic, RSynaptic)
    recurrent = cls in (RLeaky, RSynaptic)
    alpha = (dyn.per_sample(cv, node, module.alpha.detach().clamp(0, 1), shape, "alpha")
             if synaptic else None)
    rec_bias = _recurrent_bias(cv, node, module, shape) if recurrent else np.zeros(shape,
                                                                                   np.float32)
    if synaptic:
        drive = dyn.leaky_integrator(cv, node, f"{path}.syn", [value], shape, value.lead,
                                     alpha, 1.0, rec_bias)
        mem_bias = np.zeros(shape, np.float32)
    else:
        drive, mem_bias = value, rec_bias
    s, mem, targets, extra = _membrane(cv, node, path, drive, mem_bias, beta, theta,
                                       init.get("mem"), mode, "mem" in need)
    syn = drive if synaptic else None
    if recurrent:
        synapse = _recurrent_synapse(cv, node, module, path, s)
        contributions = [synapse]
        if cls is RSynaptic:
            # syn_rec[t] = alpha syn_rec[t-1] + rec(s[t-1]); the membrane gets
            # rec(s) + alpha * syn_rec one step late (both from step t - 1).
            # (Its non-delayed input, which gives the node its shape, is 0 * x.)
            zero = dyn.scale(cv, f"{path}.syn_rec_zero", value, 0.0)
            current = dyn.leaky_integrator(cv, node, f"{path}.syn_rec", [zero], shape,
                                           value.lead, alpha)
            cv.connect(synapse, current.name)
            contributions.append(dyn.scale(cv, f"{path}.syn_rec_decay", current, alpha))
            if "syn" in need:
                syn = dyn.total(cv, f"{path}.syn_total", [drive, current])
        extra = contributions + extra
    for target in targets:
        for contribution in extra:
            cv.connect(contribution, target.name)
    cv.record_neuron(node.path or path, s)

    results = []
    for name, traced in zip(names, outputs):
        if name == "spk" or traced.example is spk_example:
            results.append(s)
        elif name in need:
            results.append(mem if name == "mem" else syn)
        else:
            results.append(dyn.placeholder(traced, value.lead, f"{path}.{name}"))
    return results[0] if not isinstance(node.outputs, tuple) else tuple(results)


def _handler(cls):
    def handle(cv, node, module, x, *states):
        return _convert(cv, node, module, cls, x, states)
    handle.__name__ = f"_{cls.__name__.lower()}"
    return handle


for _cls in (Leaky, Synaptic, RLeaky, RSynaptic):
    module_handler(_cls)(_handler(_cls))


@module_handler(SpikingNeuron)
def _other_neuron(cv, node, module, *args):
    raise cv.error(f"snnTorch neuron {type(module).__name__} is not supported (Leaky, "
                   f"Synaptic, RLeaky and RSynaptic are)", node)
