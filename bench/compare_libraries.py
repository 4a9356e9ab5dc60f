"""Compiled models side by side in one process: the same input through each
library, outputs compared, then timed interleaved (common.py).

    .venv/bin/python3 bench/compare_libraries.py before.so after.so \\
        [--input x.npy] [--threads 2] [--rounds 300] [--busy N]

Where compare_builds.py needs two build trees, this takes two (or more)
libraries: keep a model compiled before a change, compile it again after,
and compare. The first library is the reference of the ratios and of the
outputs (identical, or the largest difference). Without --input the input
is standard normal noise of the model's input shape (seed 0). Pool threads
are pinned (common.py sets SPIKE_PIN_THREADS=1). --busy N times them on a
loaded machine: N processes spinning at nice 19 for the whole run (the
thread pool must not wait for a woken thread that gets no core).
"""

import argparse
import contextlib
import subprocess
import sys

import numpy as np

from common import interleaved_medians, machine

import spike  # noqa: E402  (after common: sys.path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("libraries", nargs="+", help="compiled models (.so)")
    parser.add_argument("--input", help=".npy input (default: noise)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--busy", type=int, default=0,
                        help="processes spinning at nice 19 meanwhile (default 0)")
    args = parser.parse_args()
    if len(args.libraries) < 2:
        parser.error("give at least two libraries")
    models = {path: spike.load(path) for path in args.libraries}
    first = models[args.libraries[0]]
    if args.input:
        x = np.load(args.input).astype(np.float32)
    else:
        x = np.random.default_rng(0).standard_normal(first.input_shape).astype(np.float32)
    for model in models.values():
        if model.input_shape != first.input_shape or model.output_shape != first.output_shape:
            raise SystemExit("error: the libraries have different input or output shapes")
        model.num_threads = args.threads
    print(f"{machine()}; {args.threads} thread(s), {args.rounds} rounds")
    reference = first.run(x)
    for path, model in models.items():
        y = model.run(x)
        same = "identical" if np.array_equal(y, reference) else \
            f"max |difference| {np.abs(y - reference).max():.3g}"
        print(f"  {path}: output {same}")
    with busy_processes(args.busy):
        if args.busy:
            print(f"  {args.busy} busy process(es) at nice 19 running")
        medians = interleaved_medians(
            {path: (lambda m=model: m.run(x)) for path, model in models.items()},
            args.rounds, blocks=6)
    base = medians[args.libraries[0]]
    print("\n| library | ms | / first |\n|---|---|---|")
    for path, seconds in medians.items():
        print(f"| {path} | {seconds * 1e3:.3f} | {seconds / base:.3f} |")


@contextlib.contextmanager
def busy_processes(count):
    """``count`` processes spinning at nice 19 while the block runs."""
    spinners = [subprocess.Popen(["nice", "-n", "19", sys.executable, "-c", "while True: pass"])
                for _ in range(count)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


if __name__ == "__main__":
    main()
