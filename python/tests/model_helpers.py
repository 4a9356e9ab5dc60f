"""Shared set-up of the PyTorch front-end tests: weights that make neurons
fire, and the spikes of every neuron module of a forward pass."""

import os
import pathlib
import shutil

import numpy as np
import torch
from torch import nn

from spike.torch import LIF, TernaryLIF
from spike.torch.layers import SeqBatchNorm2d, TokenBatchNorm

ROOT = pathlib.Path(__file__).resolve().parents[2]


def tool(name, env_var):
    """A built tool (env_var, build/bin/name, or on PATH); None when absent."""
    candidates = [os.environ.get(env_var), str(ROOT / "build" / "bin" / name),
                  shutil.which(name)]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def dyadic(values, denominator):
    """``values`` rounded to multiples of 1/denominator."""
    return np.round(np.asarray(values) * denominator) / denominator


def randomize(model, x, rng, exact):
    """Random weights scaled so that neurons fire (roughly 10-50 %), batch
    norm statistics measured on ``x`` (one training-mode pass), and random
    BN gains/offsets; leaves the model in eval mode.

    With ``exact`` every weight, BN parameter and statistic is a small
    dyadic rational (weights k/64, var a power of 4, epsilon 0), so that with
    dyadic input every synapse sum is exact in float32 and PyTorch and the
    NumPy reference must agree bit for bit (SPEC section 5)."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            bound = 2.0 * np.sqrt(3.0 / m.weight[0].numel())
            w = rng.uniform(-bound, bound, m.weight.shape)
            m.weight.data = torch.tensor(dyadic(w, 64) if exact else w, dtype=torch.float32)
            if m.bias is not None:
                b = rng.uniform(-0.5, 0.5, m.bias.shape)
                m.bias.data = torch.tensor(dyadic(b, 16) if exact else b, dtype=torch.float32)
    norms = [m for m in model.modules() if isinstance(m, (SeqBatchNorm2d, TokenBatchNorm))]
    for bn in norms:
        gain = rng.uniform(1.0, 3.0, bn.num_features)
        offset = rng.uniform(-0.5, 1.0, bn.num_features)
        if exact:
            gain, offset = dyadic(gain, 4), dyadic(offset, 4)
        bn.weight.data = torch.tensor(gain, dtype=torch.float32)
        bn.bias.data = torch.tensor(offset, dtype=torch.float32)
        bn.momentum = None  # running statistics = the statistics of the pass
        bn.reset_running_stats()
    model.train()
    with torch.no_grad():
        model(x)
    model.eval()
    if exact:
        for bn in norms:
            bn.eps = 0.0
            bn.running_mean.data = torch.round(bn.running_mean * 8) / 8
            log4 = torch.log(bn.running_var.clamp(min=1e-3)) / np.log(4.0)
            bn.running_var.data = 4.0 ** torch.round(log4).clamp(-2, 2)
    return model


def neuron_outputs(model, x):
    """Runs ``model`` (no gradients) and returns (output, {module name: spikes
    [T, B, ...] as float32 arrays}) for every LIF/TernaryLIF submodule."""
    spikes, handles = {}, []
    for name, module in model.named_modules():
        if isinstance(module, (LIF, TernaryLIF)):
            handles.append(module.register_forward_hook(
                lambda m, i, o, name=name: spikes.__setitem__(name, o.detach().numpy())))
    try:
        with torch.no_grad():
            out = model(x).numpy()
    finally:
        for handle in handles:
            handle.remove()
    return out, spikes


def dyadic_synapses(model, rng, gains):
    """Dyadic weights (k/64, scaled by ``gains[i]`` / sqrt(fan-in) for the i-th
    Conv2d/Linear of ``model``; one number: the same gain for every one) and
    biases (k/16), so that with binary or dyadic inputs every sum is exact."""
    synapses = [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    if np.isscalar(gains):
        gains = [gains] * len(synapses)
    assert len(synapses) == len(gains)
    for m, gain in zip(synapses, gains):
        bound = gain / np.sqrt(m.weight[0].numel())
        m.weight.data = torch.tensor(dyadic(rng.uniform(-bound, bound, m.weight.shape), 64),
                                     dtype=torch.float32)
        if m.bias is not None:
            m.bias.data = torch.tensor(dyadic(rng.uniform(-0.25, 0.5, m.bias.shape), 16),
                                       dtype=torch.float32)


def binary_events(rng, shape, rate=0.3):
    """Random binary input events (0.0/1.0) firing at ``rate``."""
    return torch.tensor((rng.random(shape) < rate).astype(np.float32))


def random_choice(rng, values, shape):
    """A float32 tensor of ``shape`` drawn from ``values``."""
    return torch.tensor(rng.choice(values, size=shape), dtype=torch.float32)
