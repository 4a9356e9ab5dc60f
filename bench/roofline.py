"""Roofline reference: this machine's measured limits for f32 vector adds,
to compare the compiled kernels' achieved add rates against.

    .venv/bin/python3 bench/roofline.py

compiles bench/roofline.c with ``clang-22 -O2 -march=native`` (``cc`` when
clang-22 is missing), runs it (about 1.5 s) and prints a table; ``measure()``
returns the numbers as a dict. Adds count every vector lane, so one 512-bit
vaddps is 16 adds. Each number is the best of 5 runs of ~25 ms, after a
ramp-up that warms the caches and lets the clock settle.

* ``peak_add_1t``, ``peak_add_2t`` (adds/s): register-only vector adds on 16
  independent accumulator chains (more than add latency x adds per cycle),
  on 1 thread and on 2 threads started together (the OS puts them on the 2
  cores; the rate is the total work over the slower thread's time).
* ``l1_load_add``, ``l2_load_add``, ``l3_load_add`` (adds/s) and
  ``l1_load_gbs`` ... (GB/s of rows read), 1 thread: the bitmask kernel's
  inner step. Accumulators for one 512-byte row (128 floats, 8 zmm) stay in
  registers and each step adds a whole row from a buffer of 16 KiB (L1),
  512 KiB (L2) or 8 MiB (L3). Rows are visited in a scrambled order (a
  bijection of a counter, computed in registers as the kernel finds rows with
  tzcnt), each row once per pass, so the prefetchers cannot run ahead.
* ``dram_read_1t_gbs``, ``dram_read_2t_gbs`` (GB/s, 1e9 bytes): sum
  reduction streaming a 256 MiB buffer, whole on 1 thread, one half per
  thread on 2.
* ``clock_ghz``: the core clock while one thread runs, estimated from a chain
  of dependent 1-cycle integer adds (x86-64 only), to turn rates into
  per-cycle figures without performance counters.
* ``vector_bits``: the vector width the program was compiled for.
* ``cpu_share``: the least fraction of its wall time that a measuring thread
  was on a core, over the kept runs; well below 1 means another process
  competed for the 2 cores and the numbers (2-thread ones first) are low.
"""

import hashlib
import os
import re
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "roofline.c")
BUILD_DIR = os.path.join(HERE, "..", "build")


def compile_command(output):
    cc = shutil.which("clang-22") or "cc"
    return [cc, "-O2", "-march=native", "-std=c11", "-pthread", "-o", output, SOURCE]


def build(directory):
    """Compile roofline.c into directory unless a binary of this source and
    command is already there; returns its path."""
    with open(SOURCE, "rb") as f:
        key = hashlib.sha256(f.read() + " ".join(compile_command("")).encode()).hexdigest()[:16]
    binary = os.path.join(directory, f"roofline-{key}")
    if not os.path.exists(binary):
        # Compile to a private name first: a concurrent run never sees half a binary.
        partial = f"{binary}.{os.getpid()}"
        subprocess.run(compile_command(partial), check=True)
        os.replace(partial, binary)
        for name in os.listdir(directory):  # binaries of older sources
            if re.fullmatch(r"roofline-[0-9a-f]{16}", name) and name != os.path.basename(binary):
                os.remove(os.path.join(directory, name))
    return binary


def _run(binary):
    out = subprocess.run([binary], check=True, capture_output=True, text=True).stdout
    return {key: float(value) for key, value in (line.split() for line in out.splitlines())}


def measure():
    """Compile (cached under build/roofline/ when build/ exists) and run."""
    if os.path.isdir(BUILD_DIR):
        cache = os.path.join(BUILD_DIR, "roofline")
        os.makedirs(cache, exist_ok=True)
        return _run(build(cache))
    with tempfile.TemporaryDirectory() as tmp:
        return _run(build(tmp))


def main():
    r = measure()
    ghz = r.get("clock_ghz")
    print(" ".join(os.path.basename(a) for a in compile_command("roofline")))
    print(f"{int(r['vector_bits'])}-bit vectors" + (f", clock ~{ghz:.2f} GHz (1 thread)" if ghz else ""))
    if r["cpu_share"] < 0.9:
        print(f"warning: a thread ran only {r['cpu_share']:.0%} of the time; another process "
              "shared a core, so the numbers (above all the 2-thread ones) are low")
    columns = [("Gadd/s", 7), ("GB/s", 6)] + ([("add/cycle", 9), ("B/cycle", 7)] if ghz else []) + [("of peak", 7)]
    print(f"\n{'':26} " + " ".join(f"{name:>{width}}" for name, width in columns))

    def row(label, adds=0.0, gbs=0.0, threads=1):
        # Per-cycle figures and the share of peak are per core, at the 1-thread clock.
        cells = [f"{adds * 1e-9:.1f}" if adds else "", f"{gbs:.1f}" if gbs else ""]
        if ghz:
            cells += [f"{adds * 1e-9 / threads / ghz:.1f}" if adds else "",
                      f"{gbs / threads / ghz:.1f}" if gbs else ""]
        cells.append(f"{adds / threads / r['peak_add_1t']:.0%}" if adds else "")
        print(f"{label:26} " + " ".join(f"{c:>{width}}" for c, (_, width) in zip(cells, columns)).rstrip())

    row("peak add, 1 thread", adds=r["peak_add_1t"])
    row("peak add, 2 threads", adds=r["peak_add_2t"], threads=2)
    for level, size in (("l1", "16 KiB"), ("l2", "512 KiB"), ("l3", "8 MiB")):
        row(f"load+add {size} ({level.upper()})", adds=r[f"{level}_load_add"], gbs=r[f"{level}_load_gbs"])
    row("DRAM read, 1 thread", gbs=r["dram_read_1t_gbs"])
    row("DRAM read, 2 threads", gbs=r["dram_read_2t_gbs"], threads=2)


if __name__ == "__main__":
    main()
