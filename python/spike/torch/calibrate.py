"""Batch-norm calibration for randomly initialised spiking models, so that
tests and benchmarks run networks whose neuron layers fire at realistic
rates (an untrained SpikingJelly model with its paper initialisation fires
almost nothing, and a model that never fires tests nothing).

    spike.torch.calibrate.calibrate(model, example, rate=0.15, exact=False)

Every batch norm (in execution order) gets the statistics of its actual
input on ``example`` and an offset that makes the *next neuron layer* fire
at about ``rate``: the neuron's input is recorded once, and the offset is
found by bisection on the neuron alone (an offset added to a batch norm's
output reaches the next neuron unchanged through max pooling, residual sums
and reshapes). Neuron layers with no batch norm before them (an attention's
output neuron) fire at whatever rate their inputs give.

With ``exact`` the model becomes *exactly representable*: conv/linear
weights k/64 (|k| <= 8), batch norms with epsilon 0, variance a power of 4,
mean and offset multiples of 1/64, weight 1; with an input on a dyadic grid
(e.g. multiples of 1/16), every sum is then exact in float32 and a compiled
model must reproduce the framework's spikes bit for bit (SPEC section 5).
"""

import math

import numpy as np
import torch
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm


def _is_neuron(module):
    from .handlers import neuron_step_mode
    return neuron_step_mode(module) is not None


def _reset(model):
    from .handlers import reset_states
    reset_states(model)


def _dyadic(values, denominator=64):
    return torch.round(values * denominator) / denominator


def exact_weights(model, generator, max_numerator=8):
    """Conv/linear weights k/64 with |k| <= max_numerator, biases k/64."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Linear)):
                k = torch.randint(-max_numerator, max_numerator + 1, m.weight.shape,
                                  generator=generator)
                m.weight.copy_(k.float() / 64)
                if m.bias is not None:
                    m.bias.copy_(torch.randint(-8, 9, m.bias.shape, generator=generator)
                                 .float() / 64)


def _firing_rate(neuron, u):
    _reset(neuron)
    with torch.no_grad():
        s = neuron(u)
    _reset(neuron)
    if isinstance(s, tuple):
        s = s[0]
    return float((s != 0).float().mean())


def _offset_for_rate(neuron, u, rate, iterations=24):
    low, high = -16.0, 16.0
    for _ in range(iterations):
        mid = (low + high) / 2
        if _firing_rate(neuron, u + mid) > rate:
            high = mid
        else:
            low = mid
    return (low + high) / 2


def calibrate(model, example, rate=0.15, exact=False, seed=0):
    """Calibrates the batch norms of ``model`` (in place, eval mode) on
    ``example``; returns {neuron module path: firing rate} measured after."""
    generator = torch.Generator().manual_seed(seed)
    model.eval()
    if exact:
        exact_weights(model, generator)
    names = {m: n for n, m in model.named_modules()}
    order, calls = [], []

    def record(module, args, output):
        calls.append((module, args[0] if args else None, output))

    hooks = [m.register_forward_hook(record) for m in model.modules()
             if isinstance(m, _BatchNorm) or _is_neuron(m)]
    try:
        _reset(model)
        with torch.no_grad():
            model(example)
        order = [m for m, _, _ in calls if isinstance(m, _BatchNorm)]
        for bn in order:
            calls.clear()
            _reset(model)
            with torch.no_grad():
                model(example)
            position = next(i for i, (m, _, _) in enumerate(calls) if m is bn)
            z = calls[position][1]
            neuron = next(((m, a) for m, a, _ in calls[position + 1:] if _is_neuron(m)), None)
            channels = bn.num_features
            z = z.detach()
            axis = _channel_axis(bn, z)
            flat = z.movedim(axis, 0).reshape(channels, -1)
            mean, std = flat.mean(1), flat.std(1).clamp_min(1e-3)
            with torch.no_grad():
                if exact:
                    bn.eps = 0.0
                    bn.running_mean.copy_(_dyadic(mean))
                    bn.running_var.copy_(4.0 ** torch.round(torch.log2(std)))
                else:
                    bn.running_mean.copy_(mean)
                    bn.running_var.copy_(std ** 2)
                if bn.affine:
                    bn.weight.fill_(1.0)
                    bn.bias.zero_()
            if neuron is None:
                continue
            calls.clear()
            _reset(model)
            with torch.no_grad():
                model(example)
            module, u = next((m, a) for m, a, _ in calls if m is neuron[0])
            offset = _offset_for_rate(module, u.detach(), rate)
            if bn.affine:
                with torch.no_grad():
                    bn.bias.fill_(round(offset * 64) / 64 if exact else offset)
        calls.clear()
        _reset(model)
        with torch.no_grad():
            model(example)
        rates = {}
        for m, _, out in calls:
            if _is_neuron(m):
                s = out[0] if isinstance(out, tuple) else out
                rates[names.get(m, "?")] = float((s != 0).float().mean())
        return rates
    finally:
        for h in hooks:
            h.remove()
        _reset(model)


def _channel_axis(bn, z):
    """The channel axis of a batch norm's input ``z``: spike.torch's layers
    say it per sample (``axis``, after [T, B]); SpikingJelly's step-mode "m"
    layers see [T, B, C, ...]; torch.nn's see [N, C, ...]."""
    if hasattr(bn, "axis"):
        return bn.axis % z.dim() if bn.axis < 0 else 2 + bn.axis
    return 2 if getattr(bn, "step_mode", "s") == "m" else 1
