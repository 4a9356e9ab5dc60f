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
compiled model counted, and a check of issue 16's targets: the speed-ups
over torch.compile and ONNX Runtime at 2 threads, the accumulates per second
as a share of the peak add rate that bench/roofline.py measures at the
start, the 1 -> 2 thread scaling at batch 1 and the compile time.
"""

import argparse
import os
import sys
import tempfile

import numpy as np
import torch

from common import compile_model, interleaved_medians, machine

import baselines  # noqa: E402  (after common: sys.path)
import roofline  # noqa: E402
from spike import models  # noqa: E402
from spike.torch import export_nir  # noqa: E402

# Batch sizes and targets per config (issue 16's): the least speed-up of
# spike over torch.compile and over ONNX Runtime at 2 threads (batch 16: per
# image, the same ratio), and the most compile seconds (batch 1).
DEFAULT_BATCHES = {"cifar-4-384": [1, 16], "imagenet-8-512": [1]}
SPEEDUP_TARGETS = {  # (config, batch): {baseline: least ratio}
    ("cifar-4-384", 1): {"compile": 10.0, "ort": 6.0},
    ("cifar-4-384", 16): {"compile": 8.0},
    ("imagenet-8-512", 1): {"ort": 5.0}}
COMPILE_SECONDS = {"cifar-4-384": 10.0, "imagenet-8-512": 25.0}
PEAK_SHARE = 0.40        # of the measured peak add rate, whole model
THREAD_SCALING = 1.85    # 1 -> 2 threads at batch 1


def spike_runner(model, x, threads):
    def run():
        model.num_threads = threads
        return model.run(x)
    return run


def rates_summary(compiled, x):
    """Firing rates of the neuron layers and accumulates of the synapses the
    compiled model counted on `x`: (text, accumulates per run)."""
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
            f"of the same network on real values)"), accumulates


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
        summary, accumulates = rates_summary(bitmask, x)
        print(summary)

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
            rows.append(dict(config=config, batch=batch, threads=threads, ms=ms,
                             accumulates=accumulates, compile_seconds=seconds))
            print(f"threads {threads}: " + " | ".join(f"{name} {value:8.2f} ms"
                                                     for name, value in ms.items()))
            print(f"threads {threads}: " + "  ".join(
                f"{name}/spike {ms[name] / ms['spike']:5.2f}x"
                for name in ("eager", "compile", "ort", "dense")))
    return rows


def verdict(ok):
    return "met" if ok else "MISSED"


def report_targets(rows, peak):
    """Issue 16's targets, each with the measured value."""
    print("\n=== targets (medians; ratios > 1 mean spike is faster)")
    by_key = {(r["config"], r["batch"], r["threads"]): r for r in rows}
    for (config, batch), targets in SPEEDUP_TARGETS.items():
        row = by_key.get((config, batch, 2))
        if not row:
            continue
        ms = row["ms"]
        for baseline, target in targets.items():
            ratio = ms[baseline] / ms["spike"]
            print(f"{config} batch {batch} threads 2: {ratio:5.2f}x {baseline} "
                  f"(target {target:g}x: {verdict(ratio >= target)})")
    for row in rows:
        rate = row["accumulates"] / (row["ms"]["spike"] / 1e3)
        limit = peak["peak_add_2t" if row["threads"] >= 2 else "peak_add_1t"]
        share = rate / limit
        print(f"{row['config']} batch {row['batch']} threads {row['threads']}: "
              f"{rate / 1e9:6.1f} G accumulates/s = {100 * share:4.1f} % of the measured "
              f"peak add rate {limit / 1e9:.0f} G/s (target {100 * PEAK_SHARE:.0f} %: "
              f"{verdict(share >= PEAK_SHARE)})")
    for config, batch in sorted({(r["config"], r["batch"]) for r in rows}):
        one, two = by_key.get((config, batch, 1)), by_key.get((config, batch, 2))
        if one and two and batch == 1:
            scale = one["ms"]["spike"] / two["ms"]["spike"]
            print(f"{config} batch {batch}: 2 threads {scale:.2f}x faster than 1 "
                  f"(target {THREAD_SCALING}x: {verdict(scale >= THREAD_SCALING)})")
    for config, limit in COMPILE_SECONDS.items():
        seconds = [r["compile_seconds"] for r in rows
                   if r["config"] == config and r["batch"] == 1]
        if seconds:
            print(f"{config} batch 1: spike-compile {seconds[0]:.1f} s "
                  f"(target <= {limit:g} s: {verdict(seconds[0] <= limit)})")
    print("the bitmask kernel alone against the L1 load+add rate: bench/kernel_roofline.py")


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
    peak = roofline.measure()
    print(f"measured peak add rate: {peak['peak_add_1t'] / 1e9:.0f} G/s on 1 thread, "
          f"{peak['peak_add_2t'] / 1e9:.0f} G/s on 2 (bench/roofline.py)")
    print(baselines.torch_info())
    print(baselines.onnxruntime_info())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for config in configs:
            batches = ([int(b) for b in args.batches.split(",")] if args.batches
                       else DEFAULT_BATCHES.get(config, [1]))
            rows += bench_config(config, batches, threads, args.rounds, tmp)
    report_targets(rows, peak)


if __name__ == "__main__":
    main()
