"""Handlers of Sinabs 3.1 layers (sinabs/layers/*.py): ``IAF``, ``LIF``,
``ExpLeak`` and their ``*Squeeze`` forms, ``SumPool2d``; the recurrent,
adaptive and other stateful layers are refused by name.

Sinabs keeps every layer's state (``v_mem``, ``i_syn``) in the module
between calls (``sinabs.reset_states(net)`` zeroes it). Its users step a
model one time step per call: ``net(x[t])`` on ``[B, ...]``, with the
``*Squeeze`` layers built with ``batch_size=B`` (or ``num_timesteps=1``);
a plain ``IAF``/``LIF``/``ExpLeak`` takes ``[B, T, ...]`` and is one step
on ``[B, 1, ...]``. So the converter runs in step mode: the traced call is
one step, ``timesteps=`` says how many to compile. A call that processes
several steps (a ``*Squeeze`` layer on ``[B*T, ...]``, a plain layer on
``[B, T, ...]`` with T > 1) is batch-major time, which the converter's
leads do not express: it is refused, naming the module.

What one step computes (sinabs/layers/functional/lif.py, float32; α is the
module's ``alpha_mem_calculated``: ``exp(-1/tau_mem)``, the trained
``alpha_mem``, or 1 for ``IAF``; g = ``1 - α`` with ``norm_input=True``,
else 1; α_s the same for ``tau_syn``):

    i = α_s (i + x)          (with tau_syn; else i = x)
    v = α v + g i
    s = [v - θ >= 0]         (spike_fn=SingleSpike)
    MembraneReset(r):        v = v (s == 0) + r        (r is added to EVERY neuron)
    MembraneSubtract(c):     v = v - s c               (c = θ when None)
    ExpLeak / spike_fn=None: the output is v itself (no spikes, no reset)

How that becomes spike's nodes (identical on exact inputs, SPEC section 5):

* ``v - θ >= 0`` is ``v >= θ`` in float32: ``spike.LIF`` ``compare="ge"``
  (decay α, gain g, v_threshold θ, all read from the module).
* ``MembraneReset(r)``: the stored membrane is ``w = v - r``: ``spike.LIF``
  hard reset to 0 with ``bias = α r`` and ``v_init = v0 - r`` (r = 0, the
  usual case: bias 0, v_init v0).
* ``MembraneSubtract()`` (c = θ): ``spike.LIF`` soft reset.
  ``MembraneSubtract(c)`` with c ≠ θ: a non-resetting ``spike.LIF`` (gain 1,
  its input pre-scaled by g) and a cycle ``s -> Scale(-α c) ->`` neuron:
  ``v[t] = α v[t-1] + g i[t] - α c s[t-1]``.
* ``tau_syn``: an NIR ``LI`` (decay α_s, gain α_s) in front
  (dynamics.leaky_integrator, written for the converter's dt).
* ``ExpLeak`` (and ``spike_fn=None``): an NIR ``LI`` (decay α, gain g), or
  ``I`` when α = 1; its output is real, not a probe.
* ``SumPool2d`` (``LPPool2d`` with p = 1): NIR ``SumPool2d``. Sinabs
  computes ``avg_pool2d(x) * (kh kw)``: exact when kh·kw is a power of two;
  otherwise Sinabs' own sum may be rounded (e.g. 7 spikes in a 7x7 window
  give 7.0000005) while spike's is exact.

Initial state: the converter resets the model before tracing, so the
stored state is zero (as after ``sinabs.reset_states``); the handler reads
``v_mem`` anyway: equal in every sample -> ``v_init``; a non-zero ``i_syn``,
an ``ExpLeak`` membrane or a state that differs between samples is
refused.

Refused with the module path: ``spike_fn=MultiSpike`` (Sinabs' default) and
``MaxSpike`` (several spikes per step, or a division that rounds), any
other spike_fn, ``min_v_mem`` (a lower clamp of the membrane), a reset_fn
other than ``MembraneReset``/``MembraneSubtract``, a threshold or reset
value that float32 cannot hold, subclasses that override ``forward``,
``IAFRecurrent``/``LIFRecurrent`` (stepped one call at a time Sinabs
restarts their recurrent input at zero in every call, and over a sequence
their time is batch-major), ``ALIF``/``ALIFRecurrent`` and other stateful
layers, ``FlattenTime``/``UnflattenTime``/``Repeat`` (batch-major time).
``train_alphas``, ``record_states`` and ``surrogate_grad_fn`` do not change
the forward pass.
"""

import numpy as np
import nir
import torch

from sinabs.activation import (MaxSpike, MembraneReset, MembraneSubtract, MultiSpike,
                               SingleSpike)
from sinabs.layers import (ExpLeakSqueeze, FlattenTime, IAFSqueeze, LIF, LIFRecurrent,
                           LIFSqueeze, Repeat, StatefulLayer, SumPool2d, UnflattenTime)
from sinabs.layers.reshape import SqueezeMixin

from ..converter import STATEFUL_BASES, STEP, module_handler
from . import dynamics as dyn

STATEFUL_BASES.append(StatefulLayer)

# Every Sinabs stateful layer is stepped one call per time step; layers
# without a handler of their own are refused by _other_stateful.
NEURON_MODES = {StatefulLayer: STEP}

HINT = ("call the model one time step at a time: net(x[t]) on [B, ...] with the "
        "*Squeeze layers built with batch_size=B (or num_timesteps=1), or on [B, 1, ...] "
        "for IAF/LIF/ExpLeak")

# The forward methods whose dynamics the handler reproduces.
_FORWARDS = {LIF.forward, IAFSqueeze.forward, LIFSqueeze.forward, ExpLeakSqueeze.forward}


def reset_states(model):
    """sinabs.reset_states for every stateful layer (also those with
    children, which sinabs.reset_states skips): zero states, shapes kept."""
    for module in model.modules():
        if isinstance(module, StatefulLayer):
            module.reset_states()


# -- settings -------------------------------------------------------------------

def _f32_exact(cv, node, value, what):
    """A parameter as float32; an error when float32 cannot hold it (Sinabs
    would then compute with the wider value)."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu()
        wide = value.to(torch.float64).numpy()
        narrow = value.to(torch.float32).numpy()
    else:
        wide = np.asarray(value, dtype=np.float64)
        narrow = wide.astype(np.float32)
    if not np.array_equal(narrow.astype(np.float64), wide, equal_nan=True):
        raise cv.error(f"{what} is not exactly representable in float32", node)
    return narrow


def _check_dynamics(cv, node, module):
    if type(module).forward not in _FORWARDS:
        raise cv.error(f"{type(module).__name__} overrides the forward pass of Sinabs' "
                       f"{type(module).__mro__[1].__name__}", node)
    if isinstance(module, SqueezeMixin) and \
            type(module).squeeze_forward is not SqueezeMixin.squeeze_forward:
        raise cv.error(f"{type(module).__name__} overrides squeeze_forward", node)
    if module.min_v_mem is not None:
        raise cv.error(f"min_v_mem={_describe(module.min_v_mem)} clamps the membrane from "
                       f"below at every step, which spike's neurons do not express; "
                       f"use min_v_mem=None", node)


def _describe(value):
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return repr(float(value))
    return type(value).__name__ if isinstance(value, torch.Tensor) else repr(value)


def _check_spike_fn(cv, node, module):
    fn = module.spike_fn
    if fn is SingleSpike:
        return
    if fn is MultiSpike:
        raise cv.error("spike_fn=MultiSpike (Sinabs' default) emits several spikes per "
                       "step (v // threshold); spike's spikes are binary: build the layer "
                       "with spike_fn=SingleSpike", node)
    if isinstance(fn, MaxSpike):
        raise cv.error(f"spike_fn=MaxSpike(max_num_spikes_per_bin="
                       f"{fn.max_num_spikes_per_bin}) emits up to that many spikes per step "
                       f"(from a rounded division v / threshold); spike's spikes are "
                       f"binary at v >= threshold: use spike_fn=SingleSpike", node)
    name = getattr(fn, "__name__", type(fn).__name__)
    raise cv.error(f"spike_fn={name} is not supported (SingleSpike is)", node)


def _steps_per_call(module, example):
    """How many time steps one call of ``module`` on ``example`` processes."""
    if isinstance(module, SqueezeMixin):
        if module.num_timesteps > 0:
            return module.num_timesteps
        return example.shape[0] // module.batch_size
    return example.shape[1]


def _check_one_step(cv, node, module, x, value):
    if value.lead != ("B",):
        raise cv.error(f"Sinabs layers are stepped one time step per call: expected "
                       f"[B, ...], got leading dims {value.lead}", node)
    example = x.example
    steps = _steps_per_call(module, example)
    if steps != 1:
        if isinstance(module, SqueezeMixin):
            how = (f"on [{example.shape[0]}, ...] with batch_size={module.batch_size}, "
                   f"num_timesteps={module.num_timesteps}: Sinabs' batch-major "
                   f"[B*T, ...] layout")
        else:
            how = f"on {list(example.shape)}: Sinabs' batch-major [B, T, ...] layout"
        raise cv.error(f"one call processes {steps} time steps ({how}), which the "
                       f"converter does not express; {HINT}", node)


def _initial_state(cv, node, module, name, trailing):
    """The stored state ``name`` the next call starts from, per sample, or
    None when it is zero (or Sinabs would start from zeros)."""
    buffer = getattr(module, name, None)
    if not isinstance(buffer, torch.Tensor) or tuple(buffer.shape) == (0,):
        return None
    if tuple(buffer.shape[1:]) != tuple(trailing):
        return None  # Sinabs re-initializes states of another shape with zeros
    array = dyn.batch_uniform(cv, node, buffer.detach().cpu().to(torch.float32),
                              trailing, name)
    return array if (array != 0).any() else None


# -- neurons --------------------------------------------------------------------

@module_handler(LIF)
def _lif(cv, node, module, x):
    """IAF, LIF, ExpLeak and their Squeeze forms (all subclasses of LIF)."""
    dyn.single_call(cv, node, module, HINT)
    _check_dynamics(cv, node, module)
    value = cv.value(x)
    _check_one_step(cv, node, module, x, value)
    shape, lead = value.shape, value.lead
    # The neuron's own shape: [B, ...] for a Squeeze layer, [B, 1, ...] else.
    trailing = shape if isinstance(module, SqueezeMixin) else shape[1:]
    path = node.path or type(module).__name__.lower()

    def param(v, what):
        return dyn.per_sample(cv, node, v, trailing, what).reshape(shape)

    with torch.no_grad():
        alpha_t = torch.as_tensor(module.alpha_mem_calculated, dtype=torch.float32)
        gain_t = (1 - alpha_t) if module.norm_input else torch.ones_like(alpha_t)
        alpha = param(alpha_t, "the membrane decay alpha_mem")
        gain = param(gain_t, "the input gain 1 - alpha_mem")
        v0 = _initial_state(cv, node, module, "v_mem", trailing)
        v0 = None if v0 is None else v0.reshape(shape)

        drive = value
        alpha_syn = module.alpha_syn_calculated
        if alpha_syn is not None:
            if _initial_state(cv, node, module, "i_syn", trailing) is not None:
                raise cv.error("a non-zero stored synaptic current i_syn (NIR LI starts at "
                               "0); reset the layer (sinabs.reset_states)", node)
            a_syn = param(torch.as_tensor(alpha_syn, dtype=torch.float32),
                          "the synaptic decay alpha_syn")
            # i = alpha_syn * (i + x): decay alpha_syn, gain alpha_syn.
            drive = dyn.leaky_integrator(cv, node, f"{path}.i_syn", [value], shape, lead,
                                         a_syn, a_syn)

        if module.spike_fn is None:
            # ExpLeak: the output is the membrane.
            if v0 is not None:
                raise cv.error("a non-zero stored membrane v_mem of a non-spiking layer "
                               "(NIR LI starts at 0); reset the layer "
                               "(sinabs.reset_states)", node)
            return dyn.leaky_integrator(cv, node, path, [drive], shape, lead, alpha, gain)

        _check_spike_fn(cv, node, module)
        theta = param(_f32_exact(cv, node, module.spike_threshold, "spike_threshold"),
                      "spike_threshold")
        return _spiking(cv, node, module, path, drive, alpha, gain, theta, v0, param)


def _spiking(cv, node, module, path, drive, alpha, gain, theta, v0, param):
    shape, lead = drive.shape, drive.lead
    reset = module.reset_fn
    fields = dict(decay=dyn.uniform(alpha), gain=dyn.uniform(gain), bias=np.float32(0),
                  v_threshold=dyn.uniform(theta), v_reset=np.float32(0),
                  v_init=None if v0 is None else dyn.uniform(v0), compare="ge")
    wide = np.float64
    if type(reset) is MembraneReset:
        r = param(_f32_exact(cv, node, reset.reset_value, "reset_value"), "reset_value")
        if (r != 0).any():
            # Sinabs adds r to every neuron: the stored w = v - r resets to 0
            # and charges alpha * r more per step.
            start = np.zeros(shape, wide) if v0 is None else v0.astype(wide)
            fields.update(bias=dyn.uniform((alpha.astype(wide) * r).astype(np.float32)),
                          v_init=dyn.uniform((start - r).astype(np.float32)))
        s = dyn.spiking(cv, path, [drive], shape, lead, {**fields, "reset": "hard"})
    elif type(reset) is MembraneSubtract:
        c = theta if reset.subtract_value is None else param(
            _f32_exact(cv, node, reset.subtract_value, "subtract_value"), "subtract_value")
        if np.array_equal(c, theta):
            s = dyn.spiking(cv, path, [drive], shape, lead, {**fields, "reset": "soft"})
        else:
            # v[t] = alpha v[t-1] + g i[t] - alpha c s[t-1]: the subtraction
            # arrives through a delayed edge, so it must not meet the gain.
            source = drive
            if (gain != 1).any():
                source = dyn.scale(cv, f"{path}.gain", drive, gain)
            s = dyn.spiking(cv, path, [source], shape, lead,
                            {**fields, "gain": np.float32(1), "reset": "none"})
            factor = (-(alpha.astype(wide) * c)).astype(np.float32)
            cv.connect(dyn.scale(cv, f"{path}.reset", s, factor), s.name)
    else:
        raise cv.error(f"reset_fn={type(reset).__name__} is not supported "
                       f"(MembraneReset and MembraneSubtract are)", node)
    cv.record_neuron(node.path or path, s)
    return s


@module_handler(LIFRecurrent)
def _recurrent(cv, node, module, *args):
    raise cv.error(f"Sinabs' {type(module).__name__} is not supported: stepped one call "
                   f"at a time it restarts its recurrent input rec_connect(spikes) at zero "
                   f"in every call (the recurrence never acts), and over a sequence "
                   f"[B, T, ...] its time is batch-major, which the converter does not "
                   f"express", node)


@module_handler(StatefulLayer)
def _other_stateful(cv, node, module, *args):
    raise cv.error(f"Sinabs layer {type(module).__name__} is not supported (IAF, LIF, "
                   f"ExpLeak and their Squeeze forms are)", node)


@module_handler(FlattenTime, UnflattenTime, Repeat)
def _batch_major(cv, node, module, *args):
    raise cv.error(f"{type(module).__name__} works on Sinabs' batch-major [B, T, ...] "
                   f"time layout, which the converter does not express; {HINT}", node)


# -- pooling --------------------------------------------------------------------

def _pair(v):
    return (int(v), int(v)) if isinstance(v, (int, np.integer)) else tuple(int(i) for i in v)


@module_handler(SumPool2d)
def _sum_pool(cv, node, module, x):
    from .nn import layer_input
    value = layer_input(cv, node, module, x, 3, "SumPool2d")
    if float(module.norm_type) != 1.0:
        raise cv.error(f"an LP pool with norm_type={module.norm_type} (a SumPool2d has 1)",
                       node)
    kernel = _pair(module.kernel_size)
    stride = _pair(module.stride if module.stride is not None else module.kernel_size)
    if module.ceil_mode and any((n - k) % s for n, k, s in zip(value.shape[1:], kernel,
                                                               stride)):
        raise cv.error("ceil_mode=True with partial windows at the border", node)
    pool = nir.SumPool2d(kernel_size=np.array(kernel), stride=np.array(stride),
                         padding=np.array([0, 0]))
    shape = tuple(node.outputs.example.shape[len(value.lead):])
    return cv.add(cv.fresh(node.path or "sumpool"), pool, [value], shape, "real", value.lead)
