"""Benchmark models: the spiking transformers of the A2OS2A paper (Guo et al.,
CVPR 2025) at their published shapes, with random weights calibrated so that
every neuron layer fires at a chosen rate on random input.

    python3 -m spike.models export --config cifar-4-384 --out model.nir
    python3 -m spike.models export --config imagenet-8-512 --out model.nir --rate 0.15

Calibration (one forward pass over random images in [0, 1)): every batch
norm takes the mean and variance of its input as running statistics (so its
output is normalised), and every neuron's threshold is set by bisection on
its own input so that the fraction of non-zero spikes it emits is the target
rate. Layers are calibrated in the order they run, each on the input the
already-calibrated layers before it produce. ``export`` writes the NIR file,
the PyTorch weights next to it (``.pt``: config, seed and state dict) and
prints the achieved rate of every neuron layer.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

from .torch import LIF, SpikingTransformer, TernaryLIF, export_nir
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


def calibrate(model, images, rate):
    """Sets batch-norm statistics and neuron thresholds (see the module
    docstring); returns {neuron name: achieved rate} in execution order."""
    names = {module: name for name, module in model.named_modules()}
    rates = {}
    hooks = []

    def normalise(bn, inputs):
        x = inputs[0]
        channels = x.movedim(-3 if isinstance(bn, SeqBatchNorm2d) else -1, 0)
        channels = channels.reshape(bn.num_features, -1)
        bn.running_mean.copy_(channels.mean(1))
        bn.running_var.copy_(channels.var(1))

    def set_threshold(neuron, inputs):
        _threshold_for_rate(neuron, inputs[0], rate)

    def record(neuron, inputs, output):
        rates[names[neuron]] = firing_rate(output)

    for module in model.modules():
        if isinstance(module, (SeqBatchNorm2d, TokenBatchNorm)):
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


def build(config, seed=0, rate=0.15, calibration_batch=2):
    """A calibrated SpikingTransformer of CONFIGS[config] (eval mode) and its
    per-layer firing rates on the calibration images."""
    if config not in CONFIGS:
        raise ValueError(f"unknown config {config!r}; one of {sorted(CONFIGS)}")
    if not 0 < rate < 1:
        raise ValueError(f"rate must be in (0, 1), got {rate}")
    c = CONFIGS[config]
    torch.manual_seed(seed)
    model = SpikingTransformer(c["img_size"], c["in_channels"], c["embed_dim"], c["num_heads"],
                               c["depth"], c["T"], c["num_classes"], stem_pools=c["stem_pools"],
                               attention="a2os2a")
    # One thread: the statistics and thresholds do not depend on the machine.
    with single_threaded():
        rates = calibrate(model, random_images(c, calibration_batch, seed + 1), rate)
    return model, rates


def load(path):
    """The model saved next to an exported NIR file (``.pt``)."""
    saved = torch.load(path)
    c = CONFIGS[saved["config"]]
    model = SpikingTransformer(c["img_size"], c["in_channels"], c["embed_dim"], c["num_heads"],
                               c["depth"], c["T"], c["num_classes"], stem_pools=c["stem_pools"],
                               attention="a2os2a")
    model.load_state_dict(saved["state_dict"])
    return model.eval()


def export(config, out, seed=0, rate=0.15, calibration_batch=2):
    """Builds, calibrates and writes ``out`` (NIR) and ``out`` with .pt;
    returns the per-layer rates."""
    model, rates = build(config, seed, rate, calibration_batch)
    export_nir(model, out)
    torch.save({"config": config, "seed": seed, "rate": rate,
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
    sub.add_parser("list", help="print the configs")
    args = parser.parse_args(argv)
    if args.command == "list":
        print(json.dumps(CONFIGS, indent=1))
        return 0
    try:
        rates = export(args.config, args.out, args.seed, args.rate, args.calibration_batch)
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
