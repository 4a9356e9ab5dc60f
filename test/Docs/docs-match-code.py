# RUN: %python %s %spike_src_root | FileCheck %s
#
# The documentation matches the code: every pass spike-opt registers is in
# the generated pass reference (docs/passes) and the pipelines in their
# lowering notes (docs/design); every flag of spike-compile, spike-import and
# spike-run (read from their sources) is in the user guide.

import pathlib
import re
import subprocess
import sys

root = pathlib.Path(sys.argv[1])
problems = []

# Passes.
help_text = subprocess.run(["spike-opt", "--help"], capture_output=True, text=True).stdout
passes = sorted(set(re.findall(r"^\s+--((?:spike|convert-spike)[\w-]*)\s", help_text, re.M)))
reference = "".join(p.read_text() for p in sorted((root / "docs" / "passes").glob("*.md")))
lowering = {"spike-cpu-pipeline": (root / "docs" / "design" / "lowering.md").read_text(),
            "spike-gpu-pipeline": (root / "docs" / "design" / "gpu-lowering.md").read_text()}
for name in passes:
    documented = f"### `-{name}`" in reference or name in lowering.get(name, "")
    if not documented:
        problems.append(f"pass {name} is not documented")
print(f"{len(passes)} spike passes and pipelines registered")

# Tool flags.
guide = (root / "docs" / "user-guide.md").read_text()
flags = {}
for tool in ("spike-compile", "spike-import"):
    source = (root / "tools" / tool / f"{tool}.cpp").read_text()
    names = re.findall(r'cl::(?:opt|list)<[^;]*?>\s+\w+\(\s*"([\w-]+)"', source, re.S)
    flags[tool] = names
source = (root / "tools" / "spike-run" / "spike-run.cpp").read_text()
flags["spike-run"] = [f.lstrip("-") for f in re.findall(r'arg == "(--[\w-]+)"', source)]
for tool, names in flags.items():
    for name in names:
        dash = "-" if len(name) == 1 else "--"
        if f"`{dash}{name}" not in guide:
            problems.append(f"{tool} {dash}{name} is not in docs/user-guide.md")
    print(f"{tool}: {len(names)} flags")

for problem in problems:
    print("MISSING:", problem)
print("all documented" if not problems else f"{len(problems)} missing")

# CHECK: {{[1-9][0-9]*}} spike passes and pipelines registered
# CHECK: spike-compile: {{[1-9][0-9]*}} flags
# CHECK: spike-import: {{[1-9][0-9]*}} flags
# CHECK: spike-run: {{[1-9][0-9]*}} flags
# CHECK-NOT: MISSING
# CHECK: all documented
