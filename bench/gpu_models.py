"""A compiled paper model against PyTorch eager fp32 and torch.compile on
one device (the benchmark of the GPU check, scripts/gpu-check.sh; see "GPU
check" in bench/README.md). Needs numpy, torch and spike's loader and models
only, so it runs from a GPU check bundle as well as from the source tree:

    python3 bench/gpu_models.py model.so --config imagenet-8-512 [--device cuda] [--no-compile]

`model.so` is a library spike-compile made from `python3 -m spike.models
export --config C` (its input [T, B, C, H, W] gives the batch). Inputs are
random 8-bit images (k / 255) repeated over T. Candidates:

* spike: `spike.load(model.so).run(x, out)` on host arrays. The C ABI takes
  host buffers, so with the CUDA target the call includes copying the input
  to the device and the output back: spike's times include both copies.
* torch: spike.torch's SpikingTransformer of the same config and batch,
  `.to(device).eval()`, under torch.no_grad(), with random weights (a dense
  model's speed does not depend on them), timed up to torch.cuda.synchronize():
  "resident": the input already on the device, the output left there;
  "copies": the input copied from (pageable) host memory and the output
  back, as spike does. On CUDA each is the faster of PyTorch's defaults and
  torch.backends.cudnn.benchmark = True.
* compile: the same module through torch.compile (inductor: Triton kernels
  on CUDA, C++/OpenMP on the CPU; whole graph, freezing), "resident" as
  above, PyTorch's defaults. Its first call compiles, untimed; the compile
  time is reported apart. Inductor needs a C compiler at run time (Triton
  builds its launcher with one); where compiling fails, the error is
  reported instead and the other candidates go on. ONNX Runtime is not a
  candidate here: the PyPI onnxruntime package has the CPU provider only
  (bench/paper_models.py compares it on the CPU).

Each candidate runs `warmup` untimed calls, then up to `rounds` timed ones
(a phase stops early, after one call at least, once `budget` seconds have
passed: a slow candidate must not eat a time limit); the median is reported.
"""

import argparse
import os
import statistics
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import spike  # noqa: E402
from spike import models  # noqa: E402


def random_images(config, batch, seed):
    """Random 8-bit images [batch, C, H, W] (uint8) of CONFIGS[config]."""
    c = models.CONFIGS[config]
    shape = (batch, c["in_channels"], c["img_size"], c["img_size"])
    return np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)


def model_input(images, timesteps):
    """The model input [T, B, C, H, W] (float32 k / 255) of uint8 images [B, C, H, W]."""
    x = images.astype(np.float32) / np.float32(255)
    return np.ascontiguousarray(np.broadcast_to(x, (timesteps,) + x.shape))


def median_ms(run, rounds, warmup, budget):
    """(median ms, timed calls) of the zero-argument `run` (see the module docstring)."""
    for calls in (warmup, rounds):
        times = []
        start = time.perf_counter()
        while len(times) < calls:
            begin = time.perf_counter()
            run()
            times.append(time.perf_counter() - begin)
            if time.perf_counter() - start > budget:
                break
    return 1e3 * statistics.median(times), len(times)


def torch_runs(config, x, device, compile=False):
    """{"resident": fn, "copies": fn} running the dense model on `x` (numpy),
    and "compile": (fn, compile seconds) or the error text when `compile`."""
    torch.manual_seed(0)
    model = models.create(config).to(device).eval()
    x_host = torch.from_numpy(x)
    x_device = x_host.to(device)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)

    def resident():
        with torch.no_grad():
            model(x_device)
        sync()

    def copies():
        with torch.no_grad():
            model(x_host.to(device)).cpu()

    runs = {"resident": resident, "copies": copies}
    if compile:
        runs["compile"] = compiled_run(model, x_device, sync)
    return runs


def compiled_run(model, x, sync):
    """(fn, compile seconds) of torch.compile(model) on `x`, compiled by a
    first call here, or the error's text where compiling fails."""
    try:
        torch._dynamo.reset()
        torch._inductor.config.force_disable_caches = True  # a fresh process's compile time
        compiled = torch.compile(model, fullgraph=True, options={"freezing": True})

        def run():
            with torch.no_grad():
                compiled(x)
            sync()

        start = time.perf_counter()
        run()
        return run, time.perf_counter() - start
    except Exception as error:  # no C compiler, an inductor bug: eager still runs
        return f"{type(error).__name__}: {str(error).strip().splitlines()[0][:300]}"


def compare(library, config, images, device, rounds=20, warmup=3, budget=4.0, compile=True):
    """Times spike's `library` and torch on `images` (uint8 [B, C, H, W]);
    returns {"spike": (ms, n), "resident": (ms, n, label), "copies": (...)}
    with the faster torch setting per variant, and "compile": (ms, n, label)
    or the error's text when `compile`."""
    compiled = spike.load(library)
    x = model_input(images, models.CONFIGS[config]["T"])
    out = np.empty(compiled.output_shape, np.float32)
    results = {"spike": median_ms(lambda: compiled.run(x, out), rounds, warmup, budget)}
    settings = [False, True] if device.type == "cuda" else [None]
    runs = torch_runs(config, x, device, compile)
    for variant, run in runs.items():
        if variant == "compile":
            if isinstance(run, str):
                results[variant] = run
            else:
                run, seconds = run
                ms, n = median_ms(run, rounds, warmup, budget)
                results[variant] = (ms, n, f"defaults, compiled in {seconds:.1f} s")
            continue
        best = None
        for benchmark in settings:
            label = "defaults"
            if benchmark is not None:
                torch.backends.cudnn.benchmark = benchmark
                label = f"cudnn.benchmark={benchmark}"
            ms, n = median_ms(run, rounds, warmup, budget)
            if best is None or ms < best[0]:
                best = (ms, n, label)
        results[variant] = best
    torch.backends.cudnn.benchmark = False
    return results


def report(name, results):
    """Lines describing compare()'s results for the model `name`."""
    spike_ms, spike_n = results["spike"]
    lines = [f"{name}: spike {spike_ms:.3f} ms (median of {spike_n}, host input to host output)"]
    for variant, what in (("resident", "input on the device"),
                          ("copies", "with host<->device copies"),
                          ("compile", "torch.compile, input on the device")):
        if variant not in results:
            continue
        if isinstance(results[variant], str):
            lines.append(f"{name}: torch.compile unavailable: {results[variant]}")
            continue
        ms, n, label = results[variant]
        torch_name = "torch.compile" if variant == "compile" else "torch"
        lines.append(f"{name}: {torch_name} {ms:.3f} ms ({what}; median of {n}, {label}) -> "
                     f"{torch_name}/spike {ms / spike_ms:.2f}x")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("library", help="a library compiled from spike.models' export")
    parser.add_argument("--config", required=True, choices=sorted(models.CONFIGS))
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--rounds", type=int, default=20, help="timed calls per candidate")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls first")
    parser.add_argument("--budget", type=float, default=4.0, help="seconds per phase at most")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-compile", dest="compile", action="store_false",
                        help="leave torch.compile out")
    args = parser.parse_args()
    batch = spike.load(args.library).input_shape[1]
    images = random_images(args.config, batch, args.seed)
    results = compare(args.library, args.config, images, torch.device(args.device),
                      args.rounds, args.warmup, args.budget, args.compile)
    print("\n".join(report(f"{args.config} B{batch}", results)))


if __name__ == "__main__":
    main()
