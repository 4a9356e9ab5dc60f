"""Two builds of spike on the same model, side by side in one process: did
a change make the compiled code faster or slower?

    .venv/bin/python3 bench/compare_builds.py --before /path/to/old/build \\
        [--after build] [--configs cifar-4-384] [--batches 1 16] [--threads 2]

Each build's spike-compile (BUILD/bin/spike-compile, which links its own
runtime) compiles the same NIR export of a paper model (spike.models, the
weights and calibration of bench/paper_models.py); both libraries are
checked against PyTorch eager, then timed interleaved (common.py), and the
script prints the medians and after/before. Pool threads are pinned, as
in every benchmark (common.py sets SPIKE_PIN_THREADS=1; runtimes before
2026-12 always pinned); SPIKE_PIN_THREADS=0 times newer runtimes unpinned.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import torch

from common import interleaved_medians, machine

import baselines  # noqa: E402  (after common: sys.path)
import spike  # noqa: E402
from spike import models  # noqa: E402
from spike.torch import export_nir  # noqa: E402


def compile_with(build, source, library, *flags):
    tool = os.path.join(build, "bin", "spike-compile")
    if not os.access(tool, os.X_OK):
        sys.exit(f"error: {tool}: no spike-compile in that build")
    start = time.perf_counter()
    result = subprocess.run([tool, source, "-o", library, *flags], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"error: {tool} {source} failed:\n{result.stderr}")
    return spike.load(library), time.perf_counter() - start


def runner(model, x, threads):
    def run():
        model.num_threads = threads
        return model.run(x)
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="the build to compare against")
    parser.add_argument("--after", default="build")
    parser.add_argument("--configs", nargs="+", default=["cifar-4-384"], choices=sorted(models.CONFIGS))
    parser.add_argument("--batches", nargs="+", type=int, default=[1, 16])
    parser.add_argument("--threads", nargs="+", type=int, default=[2])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    print(f"# spike {args.after} vs {args.before}: {machine()}; "
          f"SPIKE_PIN_THREADS={os.environ.get('SPIKE_PIN_THREADS', '(unset)')}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for config in args.configs:
            model, _ = models.build(config)
            nir_path = os.path.join(tmp, f"{config}.nir")
            export_nir(model, nir_path)
            T = models.CONFIGS[config]["T"]
            for batch in args.batches:
                images = models.random_images(config, batch, seed=1000 + batch)
                x_torch = model.repeat_input(images).contiguous()
                x = x_torch.numpy()
                flags = ["--timesteps", str(T), "--batch", str(batch)]
                compiled = {}
                for name, build in (("before", args.before), ("after", args.after)):
                    library = os.path.join(tmp, f"{config}-b{batch}-{name}.so")
                    compiled[name], seconds = compile_with(build, nir_path, library, *flags)
                    print(f"{config} batch {batch}: {name} compiled in {seconds:.1f} s")
                with torch.no_grad():
                    want = model(x_torch).numpy()
                for name, lib in compiled.items():
                    diff, agree = baselines.compare(want, lib.run(x))
                    print(f"  {name:6s} vs eager: max |logit diff| {diff:.2e}, same class {100 * agree:.0f} %")
                for threads in args.threads:
                    medians = interleaved_medians(
                        {name: runner(lib, x, threads) for name, lib in compiled.items()}, args.rounds)
                    ms = {name: 1e3 * value for name, value in medians.items()}
                    rows.append((config, batch, threads, ms))
                    print(f"  threads {threads}: before {ms['before']:.2f} ms, after {ms['after']:.2f} ms")
    print("\n| config | batch | threads | before ms | after ms | after / before |")
    print("|---|---|---|---|---|---|")
    for config, batch, threads, ms in rows:
        print(f"| {config} | {batch} | {threads} | {ms['before']:.2f} | {ms['after']:.2f} | "
              f"{ms['after'] / ms['before']:.3f} |")


if __name__ == "__main__":
    main()
