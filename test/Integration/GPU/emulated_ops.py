# RUN: %python %s | FileCheck %s
"""The GPU lowering, checked without a GPU: every case of spike.op_cases
(every op family, and an A2OS2A block) goes through --spike-gpu-pipeline
with host-emulation=1 -- the same lowering as for CUDA up to the gpu.launch
of every parallel loop, whose blocks and threads then run as host loops --
and is compared with the NumPy reference (bit for bit where the values are
exact). The NVVM code generation and the CUDA runtime are what this leaves
to the cuda-device tests (ops.py)."""

import re

from spike.mlir_runner import Program
from spike.op_cases import cases

program = Program()
all_cases = cases()
for case in all_cases:
    text = re.sub(r"func\.func @forward\(", f"func.func @{case.name}(", case.mlir)
    program.add(case.name, text, [case.input])

results = program.run("host-emulation=1", pipeline="spike-gpu-pipeline")
failed = 0
for case in all_cases:
    ok, message = case.check(results[case.name][0])
    print(f"{case.name}: {'ok' if ok else 'FAIL ' + message}")
    failed += not ok
print(f"{len(all_cases) - failed} passed, {failed} failed")
raise SystemExit(1 if failed else 0)

# CHECK-NOT: FAIL
# CHECK: {{^}}56 passed, 0 failed
