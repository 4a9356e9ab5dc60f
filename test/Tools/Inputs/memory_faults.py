"""Runs spike-run on a compiled model under memory faults (issue 19).

    memory_faults.py every-allocation SPIKE_RUN MODEL INPUT WORKDIR
        SPIKE_TEST_FAIL_ALLOCATION=N for N = 1, 2, ... until the run succeeds:
        every failed run must exit 1 with the out-of-memory message, no
        output file and no sanitizer report; the run that succeeds must give
        the output of a run without faults.
    memory_faults.py ladder SPIKE_RUN MODEL INPUT WORKDIR
        spike-run under address-space limits (RLIMIT_AS) from 4 MiB up to
        where it succeeds: each run exits 0 with the right output, or 1 with
        an `error:` line and no output, or is refused by the dynamic loader
        (exit 127) before spike-run starts; never a signal.

Prints one summary line; exits 1 with the offending run otherwise.
"""

import os
import resource
import subprocess
import sys


def run(command, env=None, limit=None):
    def restrict():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120,
                          preexec_fn=restrict if limit else None)


def fail(what, result):
    sys.exit(f"FAIL: {what}: exit {result.returncode}\nstderr: {result.stderr[-3000:]}")


def reference(spike_run, model, x, workdir):
    path = os.path.join(workdir, "reference.npy")
    result = run([spike_run, model, "--input", x, "--output", path, "--repeat", "1"])
    if result.returncode != 0:
        fail("the run without faults", result)
    with open(path, "rb") as f:
        return f.read()


def every_allocation(spike_run, model, x, workdir):
    expected = reference(spike_run, model, x, workdir)
    out = os.path.join(workdir, "out.npy")
    for n in range(1, 100000):
        if os.path.exists(out):
            os.remove(out)
        env = dict(os.environ, SPIKE_TEST_FAIL_ALLOCATION=str(n))
        result = run([spike_run, model, "--input", x, "--output", out, "--repeat", "1",
                      "--threads", "2"], env=env)
        if "Sanitizer" in result.stderr:
            fail(f"allocation {n}: a sanitizer report", result)
        if result.returncode == 0:
            with open(out, "rb") as f:
                if f.read() != expected:
                    fail(f"allocation {n}: the output differs from the run without faults",
                         result)
            break
        if result.returncode != 1 or "ran out of memory (SPIKE_ERROR_MEMORY)" not in result.stderr:
            fail(f"allocation {n}", result)
        if os.path.exists(out):
            fail(f"allocation {n}: an output file was written", result)
    failed = n - 1
    if failed < 10:
        sys.exit(f"FAIL: only {failed} allocations: the hook did not take effect")
    print(f"every allocation: ok ({failed} runs failed at allocations 1..{failed}, "
          f"run {n} whole)")


def ladder(spike_run, model, x, workdir):
    expected = reference(spike_run, model, x, workdir)
    out = os.path.join(workdir, "out.npy")
    counts = {"whole": 0, "out of memory": 0, "other error": 0, "loader": 0}
    mib = 4
    while True:
        if os.path.exists(out):
            os.remove(out)
        result = run([spike_run, model, "--input", x, "--output", out, "--repeat", "1"],
                     limit=mib << 20)
        what = f"RLIMIT_AS {mib} MiB"
        if result.returncode == 0:
            with open(out, "rb") as f:
                if f.read() != expected:
                    fail(f"{what}: wrong output", result)
            counts["whole"] += 1
        elif result.returncode == 1 and "spike-run: error:" in result.stderr:
            if os.path.exists(out):
                fail(f"{what}: an output file was written", result)
            key = "out of memory" if "SPIKE_ERROR_MEMORY" in result.stderr else "other error"
            counts[key] += 1
        elif result.returncode == 127 and "error while loading shared libraries" in result.stderr:
            counts["loader"] += 1
        else:
            fail(what, result)
        if counts["whole"] >= 3 or mib > 4096:
            break
        mib += 4 if mib < 256 else 64
    if not counts["whole"] or not counts["out of memory"]:
        sys.exit(f"FAIL: the ladder missed a case: {counts}")
    print("ladder: ok (" + ", ".join(f"{k}: {v}" for k, v in counts.items()) +
          f"; up to {mib} MiB)")


if __name__ == "__main__":
    mode, spike_run, model, x, workdir = sys.argv[1:]
    {"every-allocation": every_allocation, "ladder": ladder}[mode](spike_run, model, x, workdir)
