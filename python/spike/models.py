"""Benchmark models: the spiking transformers of the A2OS2A paper (Guo et al.,
CVPR 2025) at their published shapes, with random weights calibrated so that
every neuron layer fires at a chosen rate on random input.

    python3 -m spike.models export --config cifar-4-384 --out model.nir
    python3 -m spike.models export --config imagenet-8-512 --out model.nir --rate 0.15
    python3 -m spike.models export --config imagenet-8-512 --out model.nir --compressible

Calibration (one forward pass over random images in [0, 1)): every batch
norm takes the mean and variance of its input as running statistics (so its
output is normalised), and every neuron's threshold is set by bisection on
its own input so that the fraction of non-zero spikes it emits is the target
rate. Layers are calibrated in the order they run, each on the input the
already-calibrated layers before it produce. ``export`` writes the NIR file,
the PyTorch weights next to it (``.pt``: config, seed and state dict) and
prints the achieved rate of every neuron layer.

``--compressible`` (for shipping compiled models, see "GPU check" in
bench/README.md): every weight is rounded to a multiple of a power of two
near a quarter of its tensor's largest magnitude (7-9 levels per tensor),
and every batch norm's scale 1 / sqrt(variance) is the power of two nearest
to the normalising one (epsilon 0). Folded into the weights by the
compiler, such scales only shift exponents, so a compiled library's weight
data stays a few dozen distinct floats, which xz packs to ~4 bits per
weight. Activations are still centred and normalised per channel (within a
factor of sqrt(2)) and the thresholds are calibrated as above.
"""

import argparse
import json
import math
import os
import sys

import numpy as np
import torch

from .torch import LIF, SpikingTransformer, TernaryLIF
from .torch.layers import SeqBatchNorm2d, TokenBatchNorm
from .torch.threads import single_threaded

CONFIGS = {
    # CIFAR-10: 32x32x3, two stem pools -> 8x8 = 64 tokens.
    "cifar-4-384": dict(img_size=32, in_channels=3, embed_dim=384, num_heads=8, depth=4,
                        T=4, num_classes=10, stem_pools=2),
    # ImageNet: 224x224x3, four stem pools -> 14x14 = 196 tokens.
    "imagenet-8-512": dict(img_size=224, in_channels=3, embed_dim=512, num_heads=8, depth=8,
                           T=4, num_classes=1000, stem_pools=4),
}


def random_images(config, batch, seed):
    """Random images [batch, C, H, W] in [0, 1), reproducible from ``seed``."""
    g = torch.Generator().manual_seed(seed)
    c = CONFIGS[config] if isinstance(config, str) else config
    return torch.rand(batch, c["in_channels"], c["img_size"], c["img_size"], generator=g)


def firing_rate(spikes):
    """The fraction of non-zero entries (binary or ternary spikes)."""
    return float((spikes != 0).float().mean())


def _threshold_for_rate(neuron, x, rate, iterations=30):
    """Bisection on the neuron's scalar threshold (the rate falls as it grows)."""
    lo, hi = 1e-6, float(x.abs().max()) * 4 + 1.0
    for _ in range(iterations):
        mid = (lo * hi) ** 0.5 if hi / lo > 4 else (lo + hi) / 2
        neuron.v_threshold.fill_(mid)
        if firing_rate(neuron.forward(x)) > rate:  # forward: no hooks
            lo = mid
        else:
            hi = mid
    neuron.v_threshold.fill_((lo + hi) / 2)


BATCH_NORMS = (SeqBatchNorm2d, TokenBatchNorm)


def make_compressible(model):
    """Weights on a few levels and batch norms without epsilon (see the
    module docstring), in place; calibrate then rounds their scales."""
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, BATCH_NORMS):
                module.eps = 0.0  # the scale is 1 / sqrt(var) exactly
                continue
            for p in module.parameters(recurse=False):
                step = 2.0 ** round(math.log2(float(p.abs().max()) / 4))
                p.copy_(torch.round(p / step) * step)


def calibrate(model, images, rate, power_of_two_scales=False):
    """Sets batch-norm statistics and neuron thresholds (see the module
    docstring; ``power_of_two_scales``: ``--compressible``'s batch norms);
    returns {neuron name: achieved rate} in execution order."""
    names = {module: name for name, module in model.named_modules()}
    rates = {}
    hooks = []

    def normalise(bn, inputs):
        x = inputs[0]
        channels = x.movedim(-3 if isinstance(bn, SeqBatchNorm2d) else -1, 0)
        channels = channels.reshape(bn.num_features, -1)
        var = channels.var(1)
        if power_of_two_scales:  # (a constant channel's variance 0 becomes 2^-40)
            var = torch.exp2(2 * torch.round(0.5 * torch.log2(var.clamp_min(2.0 ** -40))))
        bn.running_mean.copy_(channels.mean(1))
        bn.running_var.copy_(var)

    def set_threshold(neuron, inputs):
        _threshold_for_rate(neuron, inputs[0], rate)

    def record(neuron, inputs, output):
        rates[names[neuron]] = firing_rate(output)

    for module in model.modules():
        if isinstance(module, BATCH_NORMS):
            hooks.append(module.register_forward_pre_hook(normalise))
        elif isinstance(module, (LIF, TernaryLIF)):
            hooks.append(module.register_forward_pre_hook(set_threshold))
            hooks.append(module.register_forward_hook(record))
    model.eval()
    try:
        with torch.no_grad():
            model(model.repeat_input(images))
    finally:
        for hook in hooks:
            hook.remove()
    return rates


def create(config):
    """An uncalibrated SpikingTransformer of CONFIGS[config] (PyTorch's
    default initialisation)."""
    return SpikingTransformer.from_config(CONFIGS[config], "a2os2a")


def build(config, seed=0, rate=0.15, calibration_batch=2, compressible=False):
    """A calibrated SpikingTransformer of CONFIGS[config] (eval mode) and its
    per-layer firing rates on the calibration images; ``compressible``: see
    the module docstring."""
    if config not in CONFIGS:
        raise ValueError(f"unknown config {config!r}; one of {sorted(CONFIGS)}")
    if not 0 < rate < 1:
        raise ValueError(f"rate must be in (0, 1), got {rate}")
    c = CONFIGS[config]
    torch.manual_seed(seed)
    model = create(config)
    if compressible:
        make_compressible(model)
    # One thread: the statistics and thresholds do not depend on the machine.
    with single_threaded():
        rates = calibrate(model, random_images(c, calibration_batch, seed + 1), rate,
                          power_of_two_scales=compressible)
    return model, rates


def load(path):
    """The model saved next to an exported NIR file (``.pt``)."""
    saved = torch.load(path, weights_only=True)
    model = create(saved["config"])
    model.load_state_dict(saved["state_dict"])
    if saved.get("compressible"):
        for module in model.modules():
            if isinstance(module, BATCH_NORMS):
                module.eps = 0.0  # not in a state dict
    return model.eval()


def export(config, out, seed=0, rate=0.15, calibration_batch=2, compressible=False):
    """Builds, calibrates and writes ``out`` (NIR) and ``out`` with .pt;
    returns the per-layer rates."""
    from .torch import export_nir  # needs nir and h5py; the rest of this module does not

    model, rates = build(config, seed, rate, calibration_batch, compressible)
    export_nir(model, out)
    torch.save({"config": config, "seed": seed, "rate": rate, "compressible": compressible,
                "state_dict": model.state_dict()}, os.path.splitext(out)[0] + ".pt")
    return rates


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m spike.models", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("export", help="write a calibrated model as NIR (+ .pt)")
    ex.add_argument("--config", required=True, choices=sorted(CONFIGS))
    ex.add_argument("--out", required=True, help="the NIR file to write")
    ex.add_argument("--seed", type=int, default=0)
    ex.add_argument("--rate", type=float, default=0.15, help="target firing rate")
    ex.add_argument("--calibration-batch", type=int, default=2)
    ex.add_argument("--compressible", action="store_true",
                    help="weights and batch-norm scales on a few levels (see above)")
    sub.add_parser("list", help="print the configs")
    args = parser.parse_args(argv)
    if args.command == "list":
        print(json.dumps(CONFIGS, indent=1))
        return 0
    try:
        rates = export(args.config, args.out, args.seed, args.rate, args.calibration_batch,
                       args.compressible)
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    values = np.array(list(rates.values()))
    for name, r in rates.items():
        print(f"{name:24s} {100 * r:5.1f} %")
    print(f"firing rates: mean {100 * values.mean():.1f} %, min {100 * values.min():.1f} %, "
          f"max {100 * values.max():.1f} % over {len(values)} neuron layers")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
