"""Shared pieces of the benchmarks: the project's tools, compiling models
with spike-compile, and interleaved timing.

Timing: the candidates take turns in blocks of runs (so a drift of the
machine hits them alike), with a pause between blocks: thread pools spin
for a while after their last task (OpenMP: torch's and torch.compile's
kernels; ONNX Runtime's, spike's own), and a candidate must not start while
the previous one's threads still hold the cores. Each candidate's median over all its runs is reported.
"""

import os
import shutil
import statistics
import subprocess
import sys
import time

# The benchmarks have the machine to themselves: spike's pool threads are
# pinned (runtime/spike_parallel.c; off by default for models in general).
os.environ.setdefault("SPIKE_PIN_THREADS", "1")

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))

import spike  # noqa: E402


def tool(name):
    """A built tool: $SPIKE_<NAME>, build/bin/<name>, or on PATH."""
    env = os.environ.get("SPIKE_" + name.upper().replace("-", "_").removeprefix("SPIKE_"))
    for candidate in (env, os.path.join(ROOT, "build", "bin", name), shutil.which(name)):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    sys.exit(f"error: {name} not found (run scripts/setup.sh)")


def compile_model(source, library, *flags):
    """spike-compile `source` (.nir or .mlir) into `library`; returns the
    loaded model and the compile time in seconds."""
    start = time.perf_counter()
    result = subprocess.run([tool("spike-compile"), str(source), "-o", str(library), *flags],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"error: spike-compile {source} failed:\n{result.stderr}")
    return spike.load(library), time.perf_counter() - start


def interleaved_medians(candidates, rounds, blocks=3, pause=0.3, warmup=2):
    """{name: median seconds} of the zero-argument callables in `candidates`
    ({name: fn}): `blocks` turns each of about rounds / blocks timed runs
    after `warmup` untimed ones (idle cores take a few runs to come back to
    speed), `pause` seconds between turns."""
    times = {name: [] for name in candidates}
    per_block = max(1, -(-rounds // blocks))
    for _ in range(blocks):
        for name, fn in candidates.items():
            time.sleep(pause)
            for _ in range(warmup):
                fn()
            for _ in range(per_block):
                start = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def machine():
    """One line: CPU model, cores and this process's CPU set."""
    model = "?"
    try:
        with open("/proc/cpuinfo") as info:
            model = next(line.split(":", 1)[1].strip() for line in info
                         if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{model}, {os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable)"
