"""Where a compiled model's time goes, per op of its spike-level IR: compiles
the model with `spike-compile -g` (code attributed to the lines of
`<model>.so.spike.mlir`), runs it under `perf record` and sums the samples
per op kind (spike.linear, spike.conv2d on spikes or on f32, spike.lif, ...)
and per source line.

    .venv/bin/python3 bench/profile_ops.py model.nir --timesteps 4 --batch 1 [--threads 1]
        [--runs 200] [--lines 15]

`perf` (Debian: linux-perf) must be installed and allowed to sample
(kernel.perf_event_paranoid <= 2 for one's own processes). Samples outside
the model (Python, the loader, the kernel) are listed separately, as are
samples of the thread pool (`spike_parallel_for` and its spin-waits).
"""

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

from common import ROOT, tool

OP = re.compile(r"(spike\.\w+|arith\.\w+|tensor\.\w+|linalg\.\w+|func\.\w+)")

RUNNER = """
import sys
import numpy as np
sys.path.insert(0, {python_dir!r})
import spike
model = spike.load({library!r})
model.num_threads = {threads}
# Direct encoding, as the bench models were calibrated: a uniform [0, 1)
# image repeated over the time steps.
image = np.random.default_rng(0).random(model.input_shape[1:])
x = np.ascontiguousarray(np.broadcast_to(image, model.input_shape), dtype=np.float32)
for _ in range({runs}):
    model.run(x)
"""


def op_kind(line):
    """The op a line of the spike-level IR holds, with the element type of
    the input for synapses (spikes or f32)."""
    match = OP.search(line)
    if not match:
        return line.strip()[:40] or "(no line)"
    kind = match.group(1)
    if kind in ("spike.conv2d", "spike.linear"):
        operands = line.rsplit(":", 1)[-1]
        kind += " (f32 input)" if operands.lstrip(" (").startswith("tensor<") and \
            "xf32>" in operands.split(",")[0] else " (spikes)"
    return kind


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help=".nir or .mlir model")
    parser.add_argument("--timesteps", type=int, default=4)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--lines", type=int, default=15,
                        help="hottest source lines to list")
    parser.add_argument("--extra", default="", help="more spike-compile flags")
    args = parser.parse_args()
    if not shutil.which("perf"):
        sys.exit("error: perf is not installed (Debian: apt install linux-perf)")

    with tempfile.TemporaryDirectory() as tmp:
        library = os.path.join(tmp, "model.so")
        flags = ["-g", "--timesteps", str(args.timesteps), "--batch", str(args.batch)]
        subprocess.run([tool("spike-compile"), args.model, "-o", library, *flags,
                        *args.extra.split()], check=True)
        runner = os.path.join(tmp, "run.py")
        with open(runner, "w") as f:
            f.write(RUNNER.format(python_dir=os.path.join(ROOT, "python"),
                                  library=library, threads=args.threads, runs=args.runs))
        data = os.path.join(tmp, "perf.data")
        subprocess.run(["perf", "record", "-q", "-o", data, sys.executable, runner], check=True,
                       stdout=subprocess.DEVNULL)
        report = subprocess.run(
            ["perf", "report", "-i", data, "--no-children", "--sort", "srcline", "--stdio"],
            check=True, capture_output=True, text=True).stdout
        with open(library + ".spike.mlir") as f:
            source = f.read().splitlines()

    per_op = collections.Counter()
    per_line = collections.Counter()
    outside = collections.Counter()
    for line in report.splitlines():
        match = re.match(r"\s*([0-9.]+)%\s+(\S+)", line)
        if not match:
            continue
        share, where = float(match.group(1)), match.group(2)
        in_model = re.match(r".*\.spike\.mlir:(\d+)", where)
        if in_model:
            number = int(in_model.group(1))
            text = source[number - 1] if 0 < number <= len(source) else ""
            per_op[op_kind(text)] += share
            per_line[(number, text.strip()[:100])] += share
        elif "spike_parallel" in where:
            outside["thread pool (runtime/spike_parallel.c)"] += share
        else:
            outside[where.split("+")[0].split(":")[0]] += share

    print(f"{args.model}: T {args.timesteps}, batch {args.batch}, "
          f"{args.threads} thread(s), {args.runs} runs; share of all samples")
    print("\nper op kind:")
    for kind, share in per_op.most_common():
        print(f"  {share:6.2f} %  {kind}")
    print(f"  {sum(per_op.values()):6.2f} %  total in the model's code")
    print(f"\nhottest lines of {os.path.basename(args.model)}.spike.mlir:")
    for (number, text), share in per_line.most_common(args.lines):
        print(f"  {share:6.2f} %  line {number}: {text}")
    print("\noutside the model's code:")
    for where, share in outside.most_common(8):
        print(f"  {share:6.2f} %  {where}")


if __name__ == "__main__":
    main()
