"""The GPU check: spike's CUDA libraries tested and timed on a GPU machine
that has no MLIR, no LLVM and no compilers (python3 with numpy and torch
only), from one folder built here. See "GPU check" in bench/README.md.

    scripts/gpu-check.sh bundle [DIR] [--target cuda|cpu]    # here, after the build
    DIR/run.sh [--device cuda|cpu] [--rounds N] [--skip NAME] # there (< 5 minutes on one H200)

bundle writes DIR (default build/gpu-check), with every library's host code
compiled for x86-64-v3 under --target cuda (--mcpu):
  cases/        every spike.op_cases case compiled for the target, its input,
                NumPy reference output and rule (cases.json);
  models/       cifar-4-384 at batch 256 and imagenet-8-512 at batch 1 and 64
                (spike.models export --compressible) compiled for the target,
                random 8-bit images, and a CPU-compiled library's outputs on
                them (REFERENCE_BATCH);
  bin/spike-run, python/ (spike's loader and models, op_cases.check_arrays),
  bench/gpu_models.py, scripts/gpu_check.py and run.sh.
cases/ and models/ travel as xz archives (*.tar.xz) that run.sh unpacks.

run prints, each step in its own process (a crash or a hang in one does
not lose the others):
  op cases: "<name>: ok" or "<name>: FAIL <why>", then "N passed, N failed";
  whole models vs. the CPU path: max |diff|, identical elements, elements
    within 1e-4 relative, same predicted class; ok when >= 99 % of the
    classes agree and >= 99 % of the elements are identical or within 1e-4
    relative (MODEL_RULE);
  benchmarks (bench/gpu_models.py): spike vs. PyTorch eager fp32 (and
    torch.compile with --compile: it compiles each model first, needs a C
    compiler there and more than the default --bench-limit), and
    bin/spike-run's own latency and firing-rate report.
Its exit status is non-zero when a check failed or a step crashed.
"""

import argparse
import ctypes
import inspect
import io
import json
import lzma
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path[:0] = [os.path.join(ROOT, "python"), os.path.join(ROOT, "bench")]
import spike  # noqa: E402  (numpy and ctypes only; spike.models and gpu_models need torch)

# (config, batch): checked against the CPU path and benchmarked.
LIBRARIES = [("imagenet-8-512", 1), ("imagenet-8-512", 64), ("cifar-4-384", 256)]
# The CPU path's outputs come from a library of this batch run over chunks of
# the images (samples are independent): imagenet-8-512 at B64 would need
# ~55 GiB here (0.9 GiB per sample), cifar-4-384 at B256 12 GiB.
REFERENCE_BATCH = {"imagenet-8-512": 1, "cifar-4-384": 16}
CONFIGS = sorted(REFERENCE_BATCH, reverse=True)  # imagenet first: its compiles take longest
MODEL_RULE = {"classes": 0.99, "elements": 0.99, "rtol": 1e-4}
LIMIT_MIB = 60
# bin/spike-run may need these and no more.
ALLOWED_LIBS = {"linux-vdso.so.1", "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1",
                "ld-linux-x86-64.so.2"}
# What run needs, copied from the source tree (numpy, torch and the stdlib only).
RUN_FILES = ["scripts/gpu_check.py", "bench/gpu_models.py", "python/spike/__init__.py",
             "python/spike/loader.py", "python/spike/models.py", "python/spike/nir_params.py",
             "python/spike/reference", "python/spike/torch/__init__.py",
             "python/spike/torch/layers.py", "python/spike/torch/neurons.py",
             "python/spike/torch/recurrent.py", "python/spike/torch/threads.py",
             "python/spike/torch/transformer.py"]
RUN_SH = """#!/bin/sh
# The GPU check of this bundle (scripts/gpu_check.py run): op cases, whole
# models against the CPU path, benchmarks. Options: run.sh --help.
here=$(cd "$(dirname "$0")" && pwd)
exec "${PYTHON:-python3}" -u "$here/scripts/gpu_check.py" run "$here" "$@"
"""


# ---------------------------------------------------------------------------
# bundle (the build machine)


class Log:
    """Prints a step with the time since the start."""

    def __init__(self):
        self.start = time.perf_counter()

    def __call__(self, message):
        print(f"[{time.perf_counter() - self.start:6.1f} s] {message}", flush=True)


def compile_all(jobs, workers, log):
    """Runs spike-compile for every (source, library, flags) in `jobs`,
    `workers` at a time (the longest first: they are listed first)."""
    from common import tool

    def one(job):
        source, library, flags = job
        start = time.perf_counter()
        result = subprocess.run([tool("spike-compile"), source, "-o", library, *flags],
                                capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"error: spike-compile {source} {' '.join(flags)} failed:\n{result.stderr}")
        os.remove(os.path.splitext(library)[0] + ".h")  # the C header: not needed there
        return time.perf_counter() - start

    with ThreadPoolExecutor(workers) as pool:
        for (source, library, flags), seconds in zip(jobs, pool.map(one, jobs)):
            if seconds > 5:
                log(f"  {os.path.basename(library)} ({' '.join(flags)}): {seconds:.0f} s")


def check_links(path):
    """ldd: `path` must need only ALLOWED_LIBS; returns the glibc and
    libstdc++ symbol versions it needs (the GPU machine's distribution is unknown)."""
    ldd = subprocess.run(["ldd", path], capture_output=True, text=True, check=True).stdout
    needed = {os.path.basename(line.split()[0]) for line in ldd.splitlines() if line.strip()}
    if not needed <= ALLOWED_LIBS:
        sys.exit(f"error: {path} needs {sorted(needed - ALLOWED_LIBS)}:\n{ldd}")
    symbols = subprocess.run(["objdump", "-T", path], capture_output=True, text=True,
                             check=True).stdout
    versions = []
    for prefix in ("GLIBC_", "GLIBCXX_"):
        found = set(re.findall(prefix + r"([0-9.]+)", symbols))
        if found:
            newest = max(found, key=lambda v: tuple(int(p) for p in v.split(".")))
            versions.append(prefix + newest)
    return versions


def copy_run_files(out):
    """RUN_FILES, and op_cases.check_arrays alone as python/op_checks.py (the
    rest of spike.op_cases generates MLIR, which run does not)."""
    from spike import op_cases

    for relative in RUN_FILES:
        source, target = os.path.join(ROOT, relative), os.path.join(out, relative)
        if os.path.isdir(source):
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(source, target)
    with open(os.path.join(out, "python", "op_checks.py"), "w") as f:
        f.write('"""spike.op_cases.check_arrays, copied by scripts/gpu_check.py bundle."""\n\n'
                "import numpy as np\n\n\n" + inspect.getsource(op_cases.check_arrays))
    with open(os.path.join(out, "run.sh"), "w") as f:
        f.write(RUN_SH)
    os.chmod(os.path.join(out, "run.sh"), 0o755)


def check_imports(out):
    """Imports what run uses from `out` alone (no PYTHONPATH) and fails on
    any module beyond numpy, torch and the standard library."""
    code = f"""
import sys, numpy, torch
before = set(sys.modules)
sys.path[:0] = {[os.path.join(out, d) for d in ("python", "bench", "scripts")]!r}
import spike, spike.models, spike.torch, op_checks, gpu_models, gpu_check
new = {{name.split(".")[0] for name in set(sys.modules) - before}}
extra = new - set(sys.stdlib_module_names) - {{"spike", "op_checks", "gpu_models", "gpu_check"}}
assert not extra, f"run would import {{sorted(extra)}}"
assert all(m.__file__.startswith({out!r}) for n, m in sys.modules.items()
           if n.split(".")[0] in ("spike", "op_checks", "gpu_models", "gpu_check"))
"""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", code], cwd=out, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"error: the bundle's Python files do not import alone:\n{result.stderr}")


def pack(out, groups, log):
    """Writes out/<group>.tar.xz per {group: [relative paths]} (in that order,
    so that equal weight blobs of one group sit one library apart) and
    removes the packed files; xz preset 9e with a dictionary as large as the
    group, so that a blob repeated anywhere in it is stored once."""

    def one(group):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            for relative in groups[group]:
                tar.add(os.path.join(out, relative), arcname=relative)
        data = buffer.getvalue()
        # Depth 16 instead of 9e's default: 2.4x faster for 4 % more on these
        # few-valued weights, whose every position matches many short strings.
        filters = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME, "depth": 16,
                    "dict_size": min(max(len(data), 1 << 20), 1536 << 20)}]
        start = time.perf_counter()
        packed = lzma.compress(data, format=lzma.FORMAT_XZ, filters=filters)
        with open(os.path.join(out, f"{group}.tar.xz"), "wb") as f:
            f.write(packed)
        return len(data), len(packed), time.perf_counter() - start

    # lzma releases the GIL: the groups compress in parallel.
    with ThreadPoolExecutor(len(groups)) as pool:
        for group, (raw, packed, seconds) in zip(groups, pool.map(one, groups)):
            log(f"  {group}.tar.xz: {raw / 2**20:.1f} MiB -> {packed / 2**20:.1f} MiB "
                f"({seconds:.0f} s)")
    for group in groups.values():
        for relative in group:
            path = os.path.join(out, relative)
            if os.path.isdir(path):
                shutil.rmtree(path)
            else:
                os.remove(path)


def folder_size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path)
               for f in files)


def cpu_outputs(library, batch, images, timesteps):
    """The outputs [T, len(images), ...] of the CPU `library` (batch `batch`)
    on `images`, `batch` images at a time."""
    import gpu_models

    compiled = spike.load(library)
    return np.concatenate([compiled.run(gpu_models.model_input(images[i:i + batch], timesteps))
                           for i in range(0, len(images), batch)], axis=1)


def model_jobs(work, out, target_flags, log):
    """Exports the configs of LIBRARIES into `work`; returns the spike-compile
    jobs of their libraries and {config: CPU library for the references}."""
    from spike import models

    jobs, references = [], {}
    for config in CONFIGS:
        nir = os.path.join(work, f"{config}.nir")
        log(f"{config}: spike.models export --compressible")
        rates = np.array(list(models.export(config, nir, compressible=True).values()))
        log(f"  firing rates on the calibration images: mean {100 * rates.mean():.1f} %, "
            f"{100 * rates.min():.1f}-{100 * rates.max():.1f} % over {len(rates)} layers")
        timesteps = ["--timesteps", str(models.CONFIGS[config]["T"])]
        for c, batch in LIBRARIES:
            if c == config:
                jobs.append((nir, os.path.join(out, "models", f"{config}-b{batch}.so"),
                             [*target_flags, *timesteps, "--batch", str(batch)]))
        batch = REFERENCE_BATCH[config]
        references[config] = os.path.join(out, "models", f"{config}-b{batch}.so")
        if target_flags[1] != "cpu" or (config, batch) not in LIBRARIES:
            references[config] = os.path.join(work, f"{config}-b{batch}.cpu.so")
            jobs.append((nir, references[config],
                         ["--target", "cpu", *timesteps, "--batch", str(batch)]))
    return jobs, references


def case_jobs(work, out, target_flags):
    """Writes the op cases (spike.op_cases) into `work` and their inputs,
    references and cases.json into out/cases; returns their spike-compile
    jobs and the cases."""
    from spike import op_cases

    cases = op_cases.write(os.path.join(work, "cases"))
    jobs = []
    for case in cases:
        source, folder = (os.path.join(d, "cases", case["name"]) for d in (work, out))
        os.makedirs(folder)
        for name in ("input.npy", "expected.npy"):
            shutil.copy2(os.path.join(source, name), folder)
        jobs.append((os.path.join(source, "model.mlir"), os.path.join(folder, "model.so"),
                     target_flags))
    with open(os.path.join(out, "cases", "cases.json"), "w") as f:
        json.dump(cases, f, indent=1)
    return jobs, cases


def write_cpu_outputs(out, references, log):
    """Random images per config and the CPU path's outputs for every library
    of LIBRARIES in out/models; returns the manifest's library entries."""
    import gpu_models
    from spike import models

    libraries = []
    for config in CONFIGS:
        largest = max(batch for c, batch in LIBRARIES if c == config)
        images = gpu_models.random_images(config, largest, seed=1)
        np.save(os.path.join(out, "models", f"{config}.images.npy"), images)
        start = time.perf_counter()
        want = cpu_outputs(references[config], REFERENCE_BATCH[config], images,
                           models.CONFIGS[config]["T"])
        log(f"{config}: CPU path outputs on {largest} random 8-bit images, "
            f"{REFERENCE_BATCH[config]} at a time: {time.perf_counter() - start:.0f} s")
        for c, batch in LIBRARIES:
            if c == config:
                name = f"{config}-b{batch}"
                np.save(os.path.join(out, "models", name + ".cpu-output.npy"), want[:, :batch])
                libraries.append({"name": name, "config": config, "batch": batch,
                                  "library": f"models/{name}.so",
                                  "images": f"models/{config}.images.npy",
                                  "cpu_output": f"models/{name}.cpu-output.npy"})
    return libraries


def bundle(args):
    from common import tool

    log = Log()
    out = os.path.abspath(args.dir)
    if os.path.exists(out):
        # A bundle (or one that failed half-way: models/ is made first), or empty.
        if os.listdir(out) and not os.path.isdir(os.path.join(out, "models")):
            sys.exit(f"error: {out} exists and is not a GPU check bundle; not replacing it")
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "models"))
    target_flags = ["--target", args.target]
    mcpu = args.mcpu or ("x86-64-v3" if args.target == "cuda" else None)
    if mcpu:
        target_flags += ["--mcpu", mcpu]
    log(f"bundle for {' '.join(target_flags)} in {out}")
    with tempfile.TemporaryDirectory(prefix="gpu-check-") as work:
        log("op cases: spike.op_cases.write")
        jobs, cases = case_jobs(work, out, target_flags)
        more_jobs, references = model_jobs(work, out, target_flags, log)
        jobs = more_jobs + jobs  # the longest first
        log(f"spike-compile: {len(jobs)} libraries, {args.jobs} at a time "
            f"({len(cases)} op cases; the models take a minute or more each)")
        compile_all(jobs, args.jobs, log)
        libraries = write_cpu_outputs(out, references, log)

    os.makedirs(os.path.join(out, "bin"))
    shutil.copy2(tool("spike-run"), os.path.join(out, "bin", "spike-run"))
    versions = check_links(os.path.join(out, "bin", "spike-run"))
    log(f"bin/spike-run: needs libc, libm, libstdc++, libgcc_s only ({', '.join(versions)})")
    copy_run_files(out)
    check_imports(out)
    log("python/: imports with numpy, torch and the standard library alone")

    log("packing with xz (preset 9e)")
    groups = {"cases": ["cases"]}
    for entry in libraries:  # B1 next to B64: their weight blobs deduplicate
        groups.setdefault(entry["config"], []).append(entry["library"])
    for entry in libraries:
        groups[entry["config"]].append(entry["cpu_output"])
    for config in CONFIGS:
        groups[config].append(f"models/{config}.images.npy")
    pack(out, groups, log)
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    manifest = {"target": args.target, "compile_flags": target_flags,
                "created": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "commit": commit, "archives": [f"{g}.tar.xz" for g in groups],
                "cases": "cases/cases.json", "libraries": libraries, "model_rule": MODEL_RULE}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    size = folder_size(out)
    log(f"bundle {out}: {size / 2**20:.1f} MiB (limit {LIMIT_MIB} MiB)")
    if size > LIMIT_MIB << 20:
        sys.exit(f"error: the bundle is larger than {LIMIT_MIB} MiB")
    log(f"on the GPU machine: {os.path.basename(out)}/run.sh")


# ---------------------------------------------------------------------------
# run (the GPU machine)


def unpack(bundle_dir, manifest):
    """Extracts the archives not yet extracted (a stamp file per archive)."""
    for archive in manifest["archives"]:
        stamp = os.path.join(bundle_dir, archive + ".unpacked")
        if os.path.exists(stamp):
            continue
        start = time.perf_counter()
        with tarfile.open(os.path.join(bundle_dir, archive), "r:xz") as tar:
            # The "data" filter (Python >= 3.12 and recent patch releases) refuses
            # links and absolute paths; older versions have no filter argument.
            if hasattr(tarfile, "data_filter"):
                tar.extractall(bundle_dir, filter="data")
            else:
                tar.extractall(bundle_dir)
        open(stamp, "w").close()
        print(f"unpacked {archive} in {time.perf_counter() - start:.1f} s", flush=True)


def stream(command, deadline, idle=None):
    """Runs `command`, echoing its output; returns (status, output lines).
    The process is killed at `deadline` (time.monotonic()) or after `idle`
    seconds without output; status is then why (a string), else the exit status."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, bufsize=1)
    last_output, killed = [time.monotonic()], []

    def watch():
        while process.poll() is None:
            now = time.monotonic()
            if now > deadline or (idle and now - last_output[0] > idle):
                killed.append("killed at its time limit" if now > deadline
                              else f"killed after {idle:g} s without output (a hang?)")
                process.kill()
                return
            time.sleep(0.2)

    threading.Thread(target=watch, daemon=True).start()
    lines = []
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line.rstrip("\n"))
        last_output[0] = time.monotonic()
    status = process.wait()
    return (killed[0] if killed else status), lines


def describe(status):
    if isinstance(status, str):
        return status
    return f"killed by signal {-status}" if status < 0 else f"exit status {status}"


def run_cases(bundle_dir, names, step, deadline, idle):
    """The op cases step; a case that kills the process (a signal) or hangs
    (`idle` seconds without a result) fails and the step goes on from the
    next one. Returns the number of failures."""
    results, why = {}, "not run (the cases step's time limit)"
    while len(results) < len(names) and time.monotonic() < deadline:
        status, lines = stream(step + ["cases", bundle_dir, "--start", str(len(results))],
                               deadline, idle)
        for line in lines:
            name, _, verdict = line.partition(": ")
            if name in names and verdict:
                results[name] = verdict == "ok"
        if isinstance(status, int) and status >= 0:  # done, or an error of the step itself
            why = f"the cases step ended with {describe(status)}"
            break
        if len(results) < len(names):
            name = names[len(results)]
            print(f"{name}: FAIL the process was {describe(status)}", flush=True)
            results[name] = False
    for name in names[len(results):]:
        print(f"{name}: FAIL {why}")
        results[name] = False
    failed = len(names) - sum(results.values())
    print(f"{len(names) - failed} passed, {failed} failed", flush=True)
    return failed


def run(args):
    start = time.monotonic()
    bundle_dir = os.path.abspath(args.dir)
    with open(os.path.join(bundle_dir, "manifest.json")) as f:
        manifest = json.load(f)
    unknown = set(args.skip) - {entry["name"] for entry in manifest["libraries"]}
    if unknown:
        sys.exit(f"error: --skip {sorted(unknown)}: not in the bundle "
                 f"({', '.join(e['name'] for e in manifest['libraries'])})")
    device = args.device or manifest["target"]
    if device != manifest["target"]:
        sys.exit(f"error: --device {device}, but the bundle was built with --target "
                 f"{manifest['target']}")
    print(f"GPU check bundle: spike-compile {' '.join(manifest['compile_flags'])}, spike "
          f"{manifest['commit']}, built {manifest['created']}")
    print(f"python {sys.version.split()[0]} on {os.uname().sysname} {os.uname().release}, "
          f"{os.cpu_count()} CPUs", flush=True)
    unpack(bundle_dir, manifest)
    step = [sys.executable, "-u", os.path.abspath(__file__), "step"]
    failures = 0

    print("\n== op cases (spike.op_cases: compiled library vs. the NumPy reference)", flush=True)
    with open(os.path.join(bundle_dir, manifest["cases"])) as f:
        names = [case["name"] for case in json.load(f)]
    failures += run_cases(bundle_dir, names, step, time.monotonic() + args.cases_limit,
                          args.case_limit)

    rule = manifest["model_rule"]
    print(f"\n== whole models vs. the CPU path (ok: >= {100 * rule['classes']:g} % same class "
          f"and >= {100 * rule['elements']:g} % of the elements identical or within "
          f"{rule['rtol']:g} relative)", flush=True)
    skips = [option for name in args.skip for option in ("--skip", name)]
    status, _ = stream(step + ["models", bundle_dir] + skips,
                       time.monotonic() + args.models_limit)
    if status != 0:
        failures += 1
        if status != 1:
            print(f"FAIL the whole-model step was {describe(status)}")

    print(f"\n== benchmarks: spike vs. PyTorch eager fp32{' and torch.compile' * args.compile} "
          f"on {device}", flush=True)
    bench = step + ["bench", bundle_dir, "--device", device, "--rounds", str(args.rounds),
                    "--warmup", str(args.warmup), "--budget", str(args.budget)] + skips
    bench += ["--compile"] if args.compile else []
    status, _ = stream(bench, time.monotonic() + args.bench_limit)
    if status != 0:
        failures += 1
        if status != 1:
            print(f"FAIL the benchmark step was {describe(status)}")
    print(f"\nGPU check: {'FAILED' if failures else 'passed'} "
          f"({time.monotonic() - start:.0f} s)")
    return 1 if failures else 0


def step_cases(args):
    """Prints one line per case from args.start on (the order of cases.json)."""
    from op_checks import check_arrays

    with open(os.path.join(args.dir, "cases", "cases.json")) as f:
        cases = json.load(f)
    for case in cases[args.start:]:
        folder = os.path.join(args.dir, "cases", case["name"])
        try:
            got = spike.load(os.path.join(folder, "model.so")).run(
                np.load(os.path.join(folder, "input.npy")))
            ok, message = check_arrays(got, np.load(os.path.join(folder, "expected.npy")),
                                       case["rtol"], case["spikes"])
        except Exception as error:  # a case that cannot load or run fails alone
            ok, message = False, f"{type(error).__name__}: {error}"
        print(f"{case['name']}: ok" if ok else f"{case['name']}: FAIL {message}", flush=True)
    return 0


def step_models(args):
    import gpu_models
    from spike import models

    with open(os.path.join(args.dir, "manifest.json")) as f:
        manifest = json.load(f)
    rule = manifest["model_rule"]
    failed = 0
    for entry in manifest["libraries"]:
        if entry["name"] in args.skip:
            print(f"{entry['config']} B{entry['batch']}: skipped (--skip {entry['name']})")
            continue
        title = f"{entry['config']} B{entry['batch']}"
        images = np.load(os.path.join(args.dir, entry["images"]))[:entry["batch"]]
        x = gpu_models.model_input(images, models.CONFIGS[entry["config"]]["T"])
        try:
            got = spike.load(os.path.join(args.dir, entry["library"])).run(x)
        except Exception as error:  # the other models still run
            print(f"{title}: FAIL {type(error).__name__}: {error}", flush=True)
            failed += 1
            continue
        want = np.load(os.path.join(args.dir, entry["cpu_output"]))
        diff = np.abs(got.astype(np.float64) - want)
        identical = np.mean(got == want)
        close = np.mean(diff <= rule["rtol"] * np.abs(want))
        classes = got[0].argmax(-1) == want[0].argmax(-1)
        ok = classes.mean() >= rule["classes"] and close >= rule["elements"]
        failed += not ok
        print(f"{title}: max |diff| {diff.max():.3g}, "
              f"identical {100 * identical:.2f} %, within {rule['rtol']:g} relative "
              f"{100 * close:.2f} %, same class {int(classes.sum())}/{classes.size} "
              f"({100 * classes.mean():.1f} %): {'ok' if ok else 'FAIL'}", flush=True)
    return 1 if failed else 0


def driver_version():
    """The CUDA driver's version (libcuda's cuDriverGetVersion), as "13.0"."""
    version = ctypes.c_int()
    ctypes.CDLL("libcuda.so.1").cuDriverGetVersion(ctypes.byref(version))
    return f"{version.value // 1000}.{version.value % 1000 // 10}"


def spike_run_report(spike_run, library, x, repeat):
    """bin/spike-run's latency line and a summary of its per-layer events."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "x.npy")
        np.save(path, x)
        result = subprocess.run([spike_run, library, "--input", path, "--repeat", str(repeat)],
                                capture_output=True, text=True)
    if result.returncode != 0:
        return False, f"FAIL {describe(result.returncode)}: {result.stderr.strip()[-500:]}"
    out = result.stdout
    latency = re.search(r"^latency: (.*)$", out, re.M)
    rates = [float(r) for r in re.findall(r"firing rate\s+([0-9.]+) %", out)]
    acs = re.search(r"^ACs per sample:\s*(\S+)", out, re.M)
    if not (latency and rates and acs):
        return False, f"FAIL unexpected output:\n{out}"
    return True, (f"{latency.group(1)}; firing {sum(rates) / len(rates):.1f} % mean over "
                  f"{len(rates)} neuron layers, {float(acs.group(1)):.3g} ACs per sample")


def step_bench(args):
    import torch

    import gpu_models
    from spike import models

    device = torch.device(args.device)
    print(f"torch {torch.__version__}, numpy {np.__version__}", end="")
    if device.type == "cuda":
        print(f", CUDA {torch.version.cuda} (driver {driver_version()}), cuDNN "
              f"{torch.backends.cudnn.version()}; GPU: {torch.cuda.get_device_name(device)}; "
              f"TF32: convolutions {torch.backends.cudnn.allow_tf32}, "
              f"matmuls {torch.backends.cuda.matmul.allow_tf32} (PyTorch's defaults)")
    else:
        print(f", {torch.get_num_threads()} threads")
    copies = " (times include copying the input to the GPU and the output back)"
    print(f"spike: the library's C ABI on host arrays{copies if device.type == 'cuda' else ''}; "
          "torch: the same model with random weights (its speed does not depend on them); "
          "spike's speed depends on its firing rates, calibrated to 15 % as for the paper "
          "benchmarks (spike-run's line shows the rates it measured)", flush=True)
    with open(os.path.join(args.dir, "manifest.json")) as f:
        manifest = json.load(f)
    rows, failed = [], 0
    for entry in manifest["libraries"]:
        if entry["name"] in args.skip:
            print(f"{entry['config']} B{entry['batch']}: skipped (--skip {entry['name']})")
            continue
        title = f"{entry['config']} B{entry['batch']}"
        library = os.path.join(args.dir, entry["library"])
        images = np.load(os.path.join(args.dir, entry["images"]))[:entry["batch"]]
        try:
            results = gpu_models.compare(library, entry["config"], images, device, args.rounds,
                                         args.warmup, args.budget, args.compile)
        except Exception as error:  # the other models still run
            print(f"{title}: FAIL {type(error).__name__}: {error}", flush=True)
            failed += 1
            continue
        finally:
            if device.type == "cuda":
                torch.cuda.empty_cache()  # spike allocates through the driver, not torch's cache
        print("\n".join(gpu_models.report(title, results)), flush=True)
        spike_ms = results["spike"][0]
        repeat = max(1, min(args.rounds, int(1e3 * args.budget / spike_ms)))
        x = gpu_models.model_input(images, models.CONFIGS[entry["config"]]["T"])
        ok, line = spike_run_report(os.path.join(args.dir, "bin", "spike-run"), library, x,
                                    repeat)
        failed += not ok
        print(f"{title}: spike-run {line}", flush=True)
        compiled = results.get("compile")
        compiled = compiled[0] if isinstance(compiled, tuple) else None
        rows.append((title, spike_ms, results["resident"][0], results["copies"][0], compiled))
    extra = " torch.compile ms | torch.compile/spike |" if args.compile else ""
    print("\n| model | spike ms | torch ms (input on device) | torch ms (with copies) "
          f"| torch/spike | torch with copies/spike |{extra}\n|---|---|---|---|---|---|"
          + "---|---|" * bool(args.compile))
    for title, spike_ms, resident, copies, compiled in rows:
        line = (f"| {title} | {spike_ms:.3f} | {resident:.3f} | {copies:.3f} "
                f"| {resident / spike_ms:.2f}x | {copies / spike_ms:.2f}x |")
        if args.compile:
            line += (f" {compiled:.3f} | {compiled / spike_ms:.2f}x |" if compiled is not None
                     else " - | - |")
        print(line)
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("bundle", help="build the bundle (this machine, after the build)")
    b.add_argument("dir", nargs="?", default=os.path.join(ROOT, "build", "gpu-check"))
    b.add_argument("--target", choices=["cuda", "cpu"], default="cuda",
                   help="spike-compile's target (cpu: a dry run of the whole flow here)")
    b.add_argument("--mcpu", help="CPU of the libraries' host code (default: x86-64-v3 for "
                   "cuda, as the GPU machine's CPU is unknown; spike-compile's native for cpu)")
    b.add_argument("--jobs", type=int, default=os.cpu_count(), help="parallel spike-compiles")

    bench_options = argparse.ArgumentParser(add_help=False)
    bench_options.add_argument("--rounds", type=int, default=20, help="timed runs per candidate")
    bench_options.add_argument("--warmup", type=int, default=3, help="untimed runs first")
    bench_options.add_argument("--budget", type=float, default=4.0,
                               help="seconds per candidate's warm-up and timed phase at most")
    bench_options.add_argument("--compile", action="store_true",
                               help="also time torch.compile (compiles each model first: "
                               "needs a C compiler; raise --bench-limit)")
    r = commands.add_parser("run", parents=[bench_options],
                            help="run the checks and benchmarks of a bundle")
    r.add_argument("dir")
    r.add_argument("--device", choices=["cuda", "cpu"],
                   help="torch's device (default and only choice: the bundle's target)")
    r.add_argument("--skip", action="append", default=[], metavar="NAME",
                   help="leave a model library out of the whole-model check and the "
                   "benchmark, e.g. imagenet-8-512-b64 (repeatable)")
    for name, default in (("cases", 60), ("models", 60), ("bench", 150)):
        r.add_argument(f"--{name}-limit", type=float, default=default,
                       help=f"seconds for the {name} step (default {default})")
    r.add_argument("--case-limit", type=float, default=15,
                   help="seconds for one op case (default 15)")

    s = commands.add_parser("step", help="one step of run, in its own process")
    steps = s.add_subparsers(dest="step", required=True)
    steps.add_parser("cases").add_argument("--start", type=int, default=0)
    steps.add_parser("models").add_argument("--skip", action="append", default=[])
    sb = steps.add_parser("bench", parents=[bench_options])
    sb.add_argument("--device", required=True)
    sb.add_argument("--skip", action="append", default=[])
    for sub in steps.choices.values():
        sub.add_argument("dir")

    args = parser.parse_args()
    if args.command == "bundle":
        return bundle(args)
    if args.command == "run":
        return run(args)
    return {"cases": step_cases, "models": step_models, "bench": step_bench}[args.step](args)


if __name__ == "__main__":
    sys.exit(main())
