"""How neuron parameters of NIR and SpikingJelly map onto spike's neurons
(SPEC section 3). Importers and front ends must use exactly these rules.

Every function returns a dict of spike op attributes (float32 arrays, or
strings for the modes). Values are computed in float64 from the given
parameters and rounded once to float32.

NIR describes continuous-time neurons; spike steps them with forward Euler
at step ``dt`` (default 1e-4 s, as NIR's reference examples use):

    tau dv/dt = (v_leak - v) + r I   ->   v += dt/tau * ((v_leak - v) + r x)
                                     ->   v = (1 - dt/tau) v + (dt r/tau) x + dt v_leak/tau
"""

import numpy as np

DEFAULT_DT = 1e-4


def _f32(value):
    return np.asarray(value, dtype=np.float64).astype(np.float32)


def _euler(tau, r, v_leak, dt):
    tau = np.asarray(tau, dtype=np.float64)
    if not (tau > 0).all():
        raise ValueError("tau must be positive")
    r = np.asarray(r, dtype=np.float64)
    v_leak = np.asarray(v_leak, dtype=np.float64)
    return {
        "decay": _f32(1.0 - dt / tau),
        "gain": _f32(dt * r / tau),
        "bias": _f32(dt * v_leak / tau),
    }


def nir_lif(tau, r, v_leak, v_threshold, v_reset=None, dt=DEFAULT_DT):
    """NIR LIF -> spike.lif (compare gt, hard reset; v_reset missing = 0)."""
    params = _euler(tau, r, v_leak, dt)
    params.update(
        v_threshold=_f32(v_threshold),
        v_reset=_f32(0.0 if v_reset is None else v_reset),
        compare="gt",
        reset="hard",
    )
    return params


def nir_if(r, v_threshold, v_reset=None):
    """NIR IF -> spike.lif: v = v + r x per step (Sinabs, snnTorch); no dt."""
    return {
        "decay": _f32(1.0),
        "gain": _f32(r),
        "bias": _f32(0.0),
        "v_threshold": _f32(v_threshold),
        "v_reset": _f32(0.0 if v_reset is None else v_reset),
        "compare": "gt",
        "reset": "hard",
    }


def nir_i(r):
    """NIR I -> spike.leaky_integrate: v = v + r x per step (like IF); no dt."""
    return {"decay": _f32(1.0), "gain": _f32(r), "bias": _f32(0.0)}


def nir_li(tau, r, v_leak, dt=DEFAULT_DT):
    """NIR LI -> spike.leaky_integrate."""
    return _euler(tau, r, v_leak, dt)


def nir_cuba_synapse(tau_syn, w_in=1.0, dt=DEFAULT_DT):
    """The current stage of NIR CubaLIF/CubaLI -> spike.leaky_integrate:
    tau_syn dI/dt = -I + w_in x."""
    return _euler(tau_syn, w_in, 0.0, dt)


def spikingjelly_lif(tau, v_reset=0.0, v_threshold=1.0, decay_input=True):
    """SpikingJelly LIFNode(tau, v_reset, decay_input) -> spike.lif (ge, hard)."""
    tau = np.float64(tau)
    return {
        "decay": _f32(1.0 - 1.0 / tau),
        "gain": _f32(1.0 / tau if decay_input else 1.0),
        "bias": _f32(v_reset / tau),
        "v_threshold": _f32(v_threshold),
        "v_reset": _f32(v_reset),
        "compare": "ge",
        "reset": "hard",
    }
