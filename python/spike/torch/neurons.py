"""Multi-step spiking neurons for PyTorch (time is dimension 0), computing
exactly spike.lif / spike.ternary_lif (SPEC section 3) in float32:

    h[t] = (decay * v[t-1] + gain * x[t]) + bias

with a surrogate gradient for the spike's step function. The forward pass
does the same float32 operations in the same order as the NumPy reference,
so an exported model fires the same spikes as the compiled one.
"""

import math

import numpy as np
import torch
from torch import nn

from .. import nir_params

COMPARE_MODES = ("ge", "gt")
RESET_MODES = ("hard", "soft", "none")
SURROGATES = ("atan", "sigmoid")


def surrogate_derivative(x, kind, alpha):
    """The derivative of the smooth step used for gradients at x = h - threshold:
    arctan: alpha / 2 / (1 + (pi/2 alpha x)^2);  sigmoid: alpha s (1 - s), s = sigmoid(alpha x)."""
    if kind == "atan":
        return alpha / 2 / (1 + (math.pi / 2 * alpha * x) ** 2)
    s = torch.sigmoid(alpha * x)
    return alpha * s * (1 - s)


class _Spike(torch.autograd.Function):
    """Forward: 1.0 where h >= threshold (h > threshold when strict), else 0.0.
    Backward: the surrogate derivative at h - threshold (no gradient to the
    threshold, a buffer)."""

    @staticmethod
    def forward(ctx, h, threshold, strict, kind, alpha):
        ctx.save_for_backward(h, threshold)
        ctx.kind, ctx.alpha = kind, alpha
        return (h > threshold if strict else h >= threshold).to(h.dtype)

    @staticmethod
    def backward(ctx, grad):
        h, threshold = ctx.saved_tensors
        grad_h = grad * surrogate_derivative(h - threshold, ctx.kind, ctx.alpha)
        return grad_h, None, None, None, None


def spike(h, threshold, strict=False, surrogate="atan", alpha=2.0):
    """Heaviside step of h - threshold (0/1 float) with a surrogate gradient."""
    return _Spike.apply(h, threshold, strict, surrogate, alpha)


class _Neuron(nn.Module):
    """Parameters (float32 buffers, scalar or per neuron) and the time loop."""

    FIELDS = ("decay", "gain", "bias", "v_threshold", "v_reset", "v_init")

    def __init__(self, decay, gain, bias, v_threshold, v_reset, v_init, reset,
                 surrogate, alpha):
        super().__init__()
        values = dict(decay=decay, gain=gain, bias=bias, v_threshold=v_threshold,
                      v_reset=v_reset, v_init=v_init)
        for name, value in values.items():
            array = np.asarray(value.detach().cpu() if torch.is_tensor(value) else value,
                               dtype=np.float32)
            if not np.isfinite(array).all():
                raise ValueError(f"{type(self).__name__}: {name} must be finite")
            self.register_buffer(name, torch.from_numpy(array.copy()))
        if reset not in RESET_MODES:
            raise ValueError(f"reset must be one of {RESET_MODES}, got {reset!r}")
        if surrogate not in SURROGATES:
            raise ValueError(f"surrogate must be one of {SURROGATES}, got {surrogate!r}")
        self.reset = reset
        self.surrogate = surrogate
        self.alpha = float(alpha)

    def initial_state(self, shape):
        """The membrane before t = 0: v_init broadcast to ``shape`` (one step's shape)."""
        return self.v_init.expand(shape)

    def charge(self, x, v):
        """h = (decay * v + gain * x) + bias."""
        return self.decay * v + self.gain * x + self.bias

    def forward(self, x):
        """x: [T, ...] float; returns the spikes [T, ...] as float (0/1 or -1/0/1)."""
        v = self.initial_state(x.shape[1:])
        outputs = []
        for t in range(x.shape[0]):
            s, v = self.step(x[t], v)
            outputs.append(s)
        return torch.stack(outputs)

    def nir_fields(self):
        """The neuron's fields of docs/nir-extension.md (float32 arrays and strings)."""
        fields = {name: getattr(self, name).detach().cpu().numpy().astype(np.float32)
                  for name in self.FIELDS}
        fields["reset"] = self.reset
        return fields

    def extra_repr(self):
        scalars = ", ".join(f"{n}={getattr(self, n).item():g}" for n in self.FIELDS
                            if getattr(self, n).numel() == 1)
        return f"{scalars}, reset={self.reset}"


class LIF(_Neuron):
    """Binary leaky integrate-and-fire (spike.lif). Defaults: the SpikingJelly
    LIF with tau = 2 (decay 0.5, gain 0.5, threshold 1, hard reset to 0)."""

    def __init__(self, decay=0.5, gain=0.5, bias=0.0, v_threshold=1.0, v_reset=0.0,
                 v_init=0.0, compare="ge", reset="hard", surrogate="atan", alpha=2.0):
        super().__init__(decay, gain, bias, v_threshold, v_reset, v_init, reset,
                         surrogate, alpha)
        if compare not in COMPARE_MODES:
            raise ValueError(f"compare must be one of {COMPARE_MODES}, got {compare!r}")
        self.compare = compare

    @classmethod
    def spikingjelly(cls, tau=2.0, v_reset=0.0, v_threshold=1.0, decay_input=True, **kwargs):
        """SpikingJelly's LIFNode(tau, v_reset, v_threshold, decay_input) (SPEC section 3)."""
        p = nir_params.spikingjelly_lif(tau, v_reset, v_threshold, decay_input)
        return cls(p["decay"], p["gain"], p["bias"], p["v_threshold"], p["v_reset"],
                   compare=p["compare"], reset=p["reset"], **kwargs)

    def step(self, x, v):
        """One step: (spikes, membrane after reset) from input x and membrane v."""
        h = self.charge(x, v)
        s = spike(h, self.v_threshold, self.compare == "gt", self.surrogate, self.alpha)
        if self.reset == "hard":
            v = h * (1 - s) + self.v_reset * s
        elif self.reset == "soft":
            v = h - s * self.v_threshold
        else:
            v = h
        return s, v

    def nir_fields(self):
        fields = super().nir_fields()
        fields["compare"] = self.compare
        return fields

    def extra_repr(self):
        return f"{super().extra_repr()}, compare={self.compare}"


class TernaryLIF(_Neuron):
    """Ternary neuron (spike.ternary_lif): +1 at h >= v_threshold, -1 at
    h <= -v_threshold, else 0."""

    def __init__(self, decay=0.5, gain=0.5, bias=0.0, v_threshold=1.0, v_reset=0.0,
                 v_init=0.0, reset="hard", surrogate="atan", alpha=2.0):
        super().__init__(decay, gain, bias, v_threshold, v_reset, v_init, reset,
                         surrogate, alpha)
        if not bool((self.v_threshold > 0).all()):
            raise ValueError("TernaryLIF: v_threshold must be positive")

    def step(self, x, v):
        """One step: (spikes in {-1, 0, 1}, membrane after reset)."""
        h = self.charge(x, v)
        # -h >= threshold is exactly h <= -threshold (negation is exact).
        s = (spike(h, self.v_threshold, False, self.surrogate, self.alpha)
             - spike(-h, self.v_threshold, False, self.surrogate, self.alpha))
        if self.reset == "hard":
            fired = s * s
            v = h * (1 - fired) + self.v_reset * fired
        elif self.reset == "soft":
            v = h - s * self.v_threshold
        else:
            v = h
        return s, v
