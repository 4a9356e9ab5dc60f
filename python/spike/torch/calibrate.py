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


def calibrate(model, example, rate=0.15, exact=False, seed=0, after=None):
    """Calibrates the batch norms of ``model`` (in place, eval mode) on
    ``example``; returns {neuron module path: firing rate} measured after.
    ``after(bn)``, when given, runs after each batch norm is set (before the
    next is measured): a hook to tune what calibrate cannot see."""
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
                if after is not None:
                    after(bn)
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
            if after is not None:
                after(bn)
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


def _rate_of(model, example, neuron):
    """The firing rate of module ``neuron`` in a run of ``model``."""
    seen = []
    hook = neuron.register_forward_hook(
        lambda m, a, o: seen.append(float(((o[0] if isinstance(o, tuple) else o) != 0)
                                          .float().mean())))
    try:
        _reset(model)
        with torch.no_grad():
            model(example)
    finally:
        hook.remove()
        _reset(model)
    return seen[0]


def tune_offset(model, example, bn, channels, neuron, rate, exact=False, iterations=10):
    """Sets the offset (bias) of ``channels`` (a slice) of batch norm ``bn``
    so that module ``neuron`` fires at about ``rate`` in a run of ``model``
    on ``example`` (bisection over whole runs): for neurons whose input
    passes through attention, where calibrate() cannot see the effect of an
    offset directly. Returns the rate reached."""
    base = bn.bias.detach().clone()
    low, high = -16.0, 16.0
    for _ in range(iterations):
        mid = (low + high) / 2
        with torch.no_grad():
            bn.bias.copy_(base)
            bn.bias[channels] += round(mid * 64) / 64 if exact else mid
        if _rate_of(model, example, neuron) > rate:
            high = mid
        else:
            low = mid
    mid = (low + high) / 2
    with torch.no_grad():
        bn.bias.copy_(base)
        bn.bias[channels] += round(mid * 64) / 64 if exact else mid
    return _rate_of(model, example, neuron)


def calibrate_spikingjelly(model, example, rate=0.15, exact=False, seed=0):
    """calibrate(), then the attention neurons of SpikingJelly's Q-K attention
    (QKFormer: the q half of the qk projection sets how often attn_lif
    fires) and spiking self-attention (the k and v thirds of the qkv
    projection) tuned to ``rate`` as well. Returns the rates per neuron."""
    from spikingjelly.activation_based.layer.attention import QKAttention, SpikingSelfAttention

    projections = {}
    for module in model.modules():
        if isinstance(module, QKAttention):
            projections[module.qk_conv_bn[1]] = (module, slice(0, module.dim))
        elif isinstance(module, SpikingSelfAttention):
            projections[module.qkv_conv_bn[1]] = (module, slice(module.dim, 3 * module.dim))

    def tune(bn):
        if bn not in projections:
            return
        attention, channels = projections[bn]
        if isinstance(attention, QKAttention) or \
                not 0.05 <= _rate_of(model, example, attention.attn_lif) <= 0.3:
            tune_offset(model, example, bn, channels, attention.attn_lif, rate, exact)

    calibrate(model, example, rate, exact, seed, after=tune)
    return neuron_rates(model, example)


def neuron_rates(model, example):
    """{neuron module path: firing rate} of one run of ``model`` on ``example``."""
    rates, hooks = {}, []
    for name, module in model.named_modules():
        if _is_neuron(module):
            hooks.append(module.register_forward_hook(
                lambda m, a, o, name=name: rates.__setitem__(
                    name, float(((o[0] if isinstance(o, tuple) else o) != 0).float().mean()))))
    try:
        _reset(model)
        with torch.no_grad():
            model(example)
    finally:
        for h in hooks:
            h.remove()
        _reset(model)
    return rates
