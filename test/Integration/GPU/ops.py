# REQUIRES: cuda-device
# RUN: %python %s %t | FileCheck %s
"""Every case of spike.op_cases compiled with spike-compile --target cuda
and run on the GPU through the C ABI (host buffers in and out), compared
with the NumPy reference."""

import os
import pathlib
import subprocess
import sys

import spike
from spike.op_cases import cases

folder = pathlib.Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
compiler = os.environ.get("SPIKE_COMPILE", "spike-compile")
all_cases = cases()
failed = 0
for case in all_cases:
    source, library = folder / f"{case.name}.mlir", folder / f"{case.name}.so"
    source.write_text(case.mlir)
    subprocess.run([compiler, str(source), "--target", "cuda", "-o", str(library)],
                   check=True)
    ok, message = case.check(spike.load(library).run(case.input))
    print(f"{case.name}: {'ok' if ok else 'FAIL ' + message}")
    failed += not ok
print(f"{len(all_cases) - failed} passed, {failed} failed")
raise SystemExit(1 if failed else 0)

# CHECK-NOT: FAIL
# CHECK: {{^}}56 passed, 0 failed
