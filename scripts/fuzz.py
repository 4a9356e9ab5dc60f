"""Drives the libFuzzer targets of fuzz/ (built in build-sanitize/ by
scripts/build-sanitize.sh).

    fuzz.py run SECONDS [--build DIR] [--junit FILE] [--seed N]
        every target for SECONDS, all at once, on a working corpus seeded
        from fuzz/corpus/<target>; appends the final statistics (executions,
        coverage) to DIR/fuzz/history.tsv.
    fuzz.py regressions [--build DIR] [--junit FILE]
        every target once over fuzz/corpus/<target> (seeds/ and grown/) and
        the kept findings of fuzz/regressions/<target>.

Exits 1 when a target reports a finding (crash, sanitizer report, timeout,
out of memory); libFuzzer saves the input under DIR/fuzz/findings/<target>/.
"""

import argparse
import datetime
import os
import pathlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent

# target -> longest input libFuzzer may generate (NIR files are HDF5, whose
# smallest useful files are a few KiB).
TARGETS = {"spike_ir": 8192, "nir_import": 327680}

# Per input: a hang or a memory blow-up (resident memory over 4 GiB) is a
# finding too. Single allocations may be larger: libhdf5 1.10 allocates a
# conversion buffer of the length a (corrupt) variable-length string claims
# before it finds the string's bytes missing; the buffer is never touched
# and the read fails cleanly.
COMMON = ["-timeout=30", "-rss_limit_mb=4096", "-malloc_limit_mb=16384",
          "-print_final_stats=1"]

# libhdf5 1.10 loops forever, overruns buffers or crashes on some malformed
# files; the tools read NIR files in a time-limited child process
# (lib/Target/NIR/IsolatedReader.cpp), which turns that into an error. The
# NIR target runs in fork mode so that fuzzing goes on after such inputs
# (kept as artifacts); afterwards every crash is triaged (triage()): one
# whose faulting frame is in libhdf5 is reported as the library's, any
# other fails the run.
RUN_OPTIONS = {"nir_import": ["-fork=1", "-ignore_timeouts=1", "-ignore_ooms=1",
                              "-ignore_crashes=1", "-timeout=10"]}

# Frames of the sanitizer runtime, its interceptors, libFuzzer's signal and
# alarm handlers and the C library, skipped to find the frame that faulted
# (or, for a hang, the frame that was running).
RUNTIME_FRAME = re.compile(r" in (__asan\w*|__sanitizer\w*|__interceptor\w*|__lsan\w*|"
                           r"__ubsan\w*|fuzzer::\S*|"
                           r"(mem(cpy|move|set|cmp|chr)|str\w+|malloc|calloc|realloc|free)\b)"
                           r"|crtstuff\.c|\(/lib/x86_64-linux-gnu/libc\.so")


def triage(build, target, artifact):
    """'libhdf5' when the crash of `artifact` faults inside libhdf5, else
    'spike' (a finding in spike's code)."""
    result = subprocess.run([str(binary(build, target)), *COMMON, str(artifact)],
                            capture_output=True, text=True, env=environment())
    for line in result.stderr.splitlines():
        frame = re.match(r"\s+#\d+ 0x[0-9a-f]+ (.*)", line)
        if not frame or RUNTIME_FRAME.search(line):
            continue
        return "libhdf5" if "libhdf5" in frame.group(1) else "spike"
    return "spike"


def binary(build, target):
    path = build / "bin" / f"{target}_fuzzer"
    if not path.exists():
        sys.exit(f"error: {path} is missing (run scripts/build-sanitize.sh)")
    return path


def environment():
    env = dict(os.environ)
    # allow_user_poisoning=0: see scripts/sanitize.sh.
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1:allow_user_poisoning=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    env.setdefault("LSAN_OPTIONS", f"suppressions={ROOT / 'fuzz' / 'lsan.supp'}")
    return env


def stats(log):
    """libFuzzer's final statistics and last coverage line (in fork mode:
    "#N: cov: C ft: F corp: ... oom/timeout/crash: O/T/C ...")."""
    found = dict(re.findall(r"stat::(\w+):\s+(\d+)", log))
    cov = re.findall(r"cov: (\d+) ft: (\d+)", log)
    if cov:
        found["cov"], found["ft"] = cov[-1]
    fork = re.findall(r"#(\d+): cov: \d+ ft: \d+ .*?oom/timeout/crash: (\d+)/(\d+)/(\d+)", log)
    if fork:
        executions, ooms, timeouts, crashes = fork[-1]
        found.setdefault("number_of_executed_units", executions)
        found["ooms"], found["timeouts"], found["crashes"] = ooms, timeouts, crashes
    return found


def junit(path, cases):
    suite = ET.Element("testsuite", name="fuzz", tests=str(len(cases)),
                       failures=str(sum(1 for c in cases if not c[1])))
    for name, ok, message in cases:
        case = ET.SubElement(suite, "testcase", classname="fuzz", name=name)
        if not ok:
            ET.SubElement(case, "failure", message=message[:200]).text = message
    pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="unicode")


def run(args):
    work = args.build / "fuzz"
    processes = {}
    for target, max_len in TARGETS.items():
        if args.targets and target not in args.targets.split(","):
            continue
        corpus = work / "corpus" / target
        findings = work / "findings" / target
        corpus.mkdir(parents=True, exist_ok=True)
        findings.mkdir(parents=True, exist_ok=True)
        log = open(work / f"{target}.log", "w")
        command = [str(binary(args.build, target)), *COMMON,
                   *RUN_OPTIONS.get(target, []), f"-max_len={max_len}",
                   f"-max_total_time={args.seconds}",
                   f"-artifact_prefix={findings}/", str(corpus),
                   str(ROOT / "fuzz" / "corpus" / target)]
        if args.seed is not None:
            command.insert(1, f"-seed={args.seed}")
        dictionary = ROOT / "fuzz" / f"{target}.dict"
        if dictionary.exists():
            command.insert(1, f"-dict={dictionary}")
        processes[target] = (subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                              env=environment()), log)
    cases = []
    history = work / "history.tsv"
    for target, (process, log) in processes.items():
        code = process.wait()
        log.close()
        findings = work / "findings" / target
        ours, library = [], []
        for artifact in sorted(findings.glob("crash-*")):
            (library if triage(args.build, target, artifact) == "libhdf5" else ours).append(artifact)
        if target in RUN_OPTIONS and not ours:
            code = 0  # fork mode: only crashes in spike's code count
        if library:
            print(f"{target}: {len(library)} crash(es) inside libhdf5 (contained by the "
                  f"tools' isolated reader): {', '.join(a.name for a in library)}")
        if ours:
            print(f"{target}: FINDINGS in spike's code: {', '.join(a.name for a in ours)}")
        text = (work / f"{target}.log").read_text(errors="replace")
        s = stats(text)
        line = (f"{target}: {'ok' if code == 0 else 'FINDING'} after {args.seconds} s: "
                f"{s.get('number_of_executed_units', '?')} executions, "
                f"{s.get('average_exec_per_sec', '?')}/s, coverage {s.get('cov', '?')} edges, "
                f"{s.get('ft', '?')} features, "
                + (f"{s['timeouts']} timeouts and {s['ooms']} OOMs kept (libhdf5), "
                   if "timeouts" in s else "")
                + "corpus "
                f"{len(list((work / 'corpus' / target).iterdir()))} inputs")
        print(line)
        if code != 0:
            print("\n".join(text.splitlines()[-40:]))
        with open(history, "a") as f:
            f.write("\t".join([datetime.datetime.now().isoformat(timespec="seconds"), target,
                               str(args.seconds), str(code),
                               s.get("number_of_executed_units", ""), s.get("cov", ""),
                               s.get("ft", "")]) + "\n")
        cases.append((target, code == 0, text[-4000:]))
    if args.junit:
        junit(args.junit, cases)
    return 0 if all(ok for _, ok, _ in cases) else 1


def regressions(args):
    cases = []
    for target in TARGETS:
        inputs = []
        for folder in ("corpus", "regressions"):
            directory = ROOT / "fuzz" / folder / target
            if directory.is_dir():
                inputs += sorted(str(p) for p in directory.rglob("*") if p.is_file())
        command = [str(binary(args.build, target)), *COMMON, *inputs]
        result = subprocess.run(command, capture_output=True, text=True, env=environment())
        ok = result.returncode == 0
        print(f"{target}: {len(inputs)} inputs: {'ok' if ok else 'FAILED'}")
        if not ok:
            print(result.stderr[-4000:])
        cases.append((target, ok, result.stderr[-4000:]))
    if args.junit:
        junit(args.junit, cases)
    return 0 if all(ok for _, ok, _ in cases) else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run")
    p.add_argument("seconds", type=int)
    p.add_argument("--targets", help="comma-separated subset of " + ",".join(TARGETS))
    p.add_argument("--seed", type=int,
                   help="libFuzzer's random seed (fixed in CI: the same mutations every run)")
    for p in (p, sub.add_parser("regressions")):
        p.add_argument("--build", type=pathlib.Path, default=ROOT / "build-sanitize")
        p.add_argument("--junit")
    args = parser.parse_args()
    return run(args) if args.command == "run" else regressions(args)


if __name__ == "__main__":
    sys.exit(main())
