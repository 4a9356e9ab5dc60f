"""End to end: the A2OS2A paper's spiking transformers, compiled by spike
against PyTorch eager, torch.compile, ONNX Runtime and spike's own dense-f32
path, on the same weights and inputs, in one process.

    .venv/bin/python3 bench/paper_models.py                       # everything
    .venv/bin/python3 bench/paper_models.py --configs cifar-4-384 --batches 1 --rounds 5

For each config (spike.models: random weights, thresholds calibrated to
15 % firing on random images) and batch size:

  spike     spike-compile's bitmask path (the default);
  dense     spike-compile --dense-spikes: the same model with spikes as
            0/1 floats into matmuls (a compiler option of ours);
  eager     PyTorch eager fp32 (torch 2.x from PyPI: MKL GEMMs, oneDNN
            convolutions);
  compile   torch.compile of the same module (inductor, whole graph,
            freezing), compiled for each thread count; the compile (its
            first call) is timed apart and not in the medians;
  ort       ONNX Runtime on the same network exported to ONNX (torch 2.x's
            exporter) with spikes as floats and batch norms folded into
            the weights.

Outputs are checked against PyTorch eager first (largest difference of the
logits, agreement of the predicted classes). Then the candidates run at
every thread count, interleaved round by round; the script prints median
latencies and the ratios eager/spike, compile/spike, ort/spike and
dense/spike (> 1: spike is faster), the firing rates and accumulates the
compiled model counted, and a check of the issue's targets.
"""

import argparse
import os
import sys
import tempfile

import numpy as np
import torch

from common import compile_model, interleaved_medians, machine

import baselines  # noqa: E402  (after common: sys.path)
from spike import models  # noqa: E402
from spike.torch import export_nir  # noqa: E402

# Batch sizes and targets per config (the issue's).
DEFAULT_BATCHES = {"cifar-4-384": [1, 16], "imagenet-8-512": [1]}
TARGETS = {  # (config, batch): minimum speed-up over PyTorch
    ("cifar-4-384", 1): 10.0, ("cifar-4-384", 16): 5.0, ("imagenet-8-512", 1): 5.0}


def spike_runner(model, x, threads):
    def run():
        model.num_threads = threads
        return model.run(x)
    return run


def rates_summary(compiled, x):
    """Firing rates of the neuron layers and accumulates of the synapses the
    compiled model counted on `x`."""
    _, counts = compiled.run_stats(x)
    neurons = [c / layer["size"] for c, layer in zip(counts, compiled.layers)
               if layer["kind"] == "neuron" and layer["size"]]
    accumulates = sum(int(c) for c, layer in zip(counts, compiled.layers)
                      if layer["kind"] == "synapse")
    dense = sum(layer["dense_macs"] for layer in compiled.layers if layer["kind"] == "synapse")
    return (f"firing rates {100 * np.mean(neurons):.1f} % mean, {100 * np.min(neurons):.1f}-"
            f"{100 * np.max(neurons):.1f} % over {len(neurons)} neuron layers; "
            f"{accumulates / 1e6:.0f} M accumulates per run "
            f"({100 * accumulates / max(dense, 1):.1f} % of the {dense / 1e6:.0f} M MACs "
            f"of the same network on real values)")


def check(name, want, got):
    diff, agree = baselines.compare(want, got)
    print(f"check {name:7s} vs eager: max |logit diff| {diff:.2e}, "
          f"same class {100 * agree:.0f} %")


def bench_config(config, batches, threads_list, rounds, tmp):
    print(f"\n=== {config}: {models.CONFIGS[config]}")
    model, calibration = models.build(config)
    print(f"calibration: {100 * np.mean(list(calibration.values())):.1f} % mean firing "
          f"over {len(calibration)} neuron layers (target 15 %)")
    nir_path = os.path.join(tmp, f"{config}.nir")
    export_nir(model, nir_path)
    folded = baselines.fold_batch_norms(model)
    T = models.CONFIGS[config]["T"]
    rows = []
    for batch in batches:
        images = models.random_images(config, batch, seed=1000 + batch)
        x_torch = model.repeat_input(images).contiguous()
        x = x_torch.numpy()
        flags = ["--timesteps", str(T), "--batch", str(batch)]
        bitmask, seconds = compile_model(nir_path, os.path.join(tmp, f"{config}-b{batch}.so"),
                                         *flags)
        dense, dense_seconds = compile_model(
            nir_path, os.path.join(tmp, f"{config}-b{batch}-dense.so"), *flags, "--dense-spikes")
        onnx_path = baselines.export_onnx(folded, x_torch,
                                          os.path.join(tmp, f"{config}-b{batch}.onnx"))
        print(f"\n--- batch {batch}: spike-compile {seconds:.1f} s, --dense-spikes "
              f"{dense_seconds:.1f} s")
        print(rates_summary(bitmask, x))

        with torch.no_grad():
            want = model(x_torch).numpy()
        checks = {"spike": bitmask.run(x), "dense": dense.run(x),
                  "ort": baselines.onnxruntime_session(onnx_path, 1)(x)}
        for name, got in checks.items():
            check(name, want, got)

        for threads in threads_list:
            compiled = baselines.torch_compiled(model, x_torch, threads)
            print(f"threads {threads}: torch.compile {compiled.compile_seconds:.1f} s "
                  f"(first call, not timed below)")
            check("compile", want, compiled())
            ort_run = baselines.onnxruntime_session(onnx_path, threads)
            medians = interleaved_medians({
                "spike": spike_runner(bitmask, x, threads),
                "dense": spike_runner(dense, x, threads),
                "eager": baselines.torch_eager(model, x_torch, threads),
                "compile": compiled,
                "ort": lambda: ort_run(x),
            }, rounds)
            ms = {name: 1e3 * value for name, value in medians.items()}
            rows.append((config, batch, threads, ms))
            print(f"threads {threads}: " + " | ".join(f"{name} {value:8.2f} ms"
                                                     for name, value in ms.items()))
            print(f"threads {threads}: " + "  ".join(
                f"{name}/spike {ms[name] / ms['spike']:5.2f}x"
                for name in ("eager", "compile", "ort", "dense")))
    return rows


def report_targets(rows):
    print("\n=== targets (medians; > 1 means spike is faster)")
    by_key = {(c, b, t): ms for c, b, t, ms in rows}
    for (config, batch), target in TARGETS.items():
        for threads in sorted({t for c, b, t in by_key if (c, b) == (config, batch)}):
            ms = by_key[(config, batch, threads)]
            eager, compiled = ms["eager"] / ms["spike"], ms["compile"] / ms["spike"]
            print(f"{config} batch {batch} threads {threads}: {eager:5.2f}x torch eager, "
                  f"{compiled:5.2f}x torch.compile (target {target:g}x: "
                  f"{'met' if eager >= target else 'MISSED'} / "
                  f"{'met' if compiled >= target else 'MISSED'}); "
                  f"{ms['ort'] / ms['spike']:5.2f}x ONNX Runtime (target > 1x: "
                  f"{'met' if ms['ort'] > ms['spike'] else 'MISSED'}); "
                  f"{ms['dense'] / ms['spike']:5.2f}x dense f32")
    for config, batch in sorted({(c, b) for c, b, t in by_key}):
        one, two = by_key.get((config, batch, 1)), by_key.get((config, batch, 2))
        if one and two:
            scale = one["spike"] / two["spike"]
            print(f"{config} batch {batch}: 2 threads {scale:.2f}x faster than 1 "
                  f"(target 1.7x: {'met' if scale >= 1.7 else 'MISSED'})")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--configs", default="cifar-4-384,imagenet-8-512")
    parser.add_argument("--batches", help="batch sizes for every config "
                        "(default: 1,16 for cifar-4-384, 1 for imagenet-8-512)")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=9, help="timed rounds per measurement")
    args = parser.parse_args()
    configs = args.configs.split(",")
    for config in configs:
        if config not in models.CONFIGS:
            sys.exit(f"error: unknown config {config!r}; one of {sorted(models.CONFIGS)}")
    threads = [int(t) for t in args.threads.split(",")]
    print(f"machine: {machine()}")
    print(baselines.torch_info())
    print(baselines.onnxruntime_info())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for config in configs:
            batches = ([int(b) for b in args.batches.split(",")] if args.batches
                       else DEFAULT_BATCHES.get(config, [1]))
            rows += bench_config(config, batches, threads, args.rounds, tmp)
    report_targets(rows)


if __name__ == "__main__":
    main()
