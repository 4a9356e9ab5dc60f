# RUN: %python %s %spike_src_root | FileCheck %s
#
# The documentation matches the code: every pass spike-opt registers is in
# the generated pass reference (docs/passes) and the pipelines in their
# lowering notes (docs/design); every flag of spike-compile, spike-import and
# spike-run (read from their sources) is in the user guide.
#
# Every pass (not the two pipelines) also has its definition in exactly one
# .td file under include/ (`def DefName : Pass<"name"`), an implementation in
# a .cpp under lib/ with GEN_PASS_DEF_<DEFNAME upper-cased>, and a lit test
# test/**/<name without "spike-">.mlir (see test_exceptions).

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

# Pass definitions, implementations and tests.
pipelines = set(lowering)
# Passes tested by a folder of their own instead of one file.
test_exceptions = {"convert-spike-to-linalg": root / "test" / "Conversion" / "SpikeToLinalg"}
definitions = {}  # pass name -> [(.td file, def name)]
for td in sorted((root / "include").rglob("*.td")):
    for def_name, name in re.findall(r'\bdef\s+(\w+)\s*:\s*Pass<\s*"([\w-]+)"', td.read_text()):
        definitions.setdefault(name, []).append((td.relative_to(root), def_name))
sources = [cpp.read_text() for cpp in sorted((root / "lib").rglob("*.cpp"))]
tests = {test.name for test in (root / "test").rglob("*.mlir")}
complete = 0
for name in passes:
    if name in pipelines:
        continue
    found = True
    defs = definitions.get(name, [])
    if len(defs) != 1:
        found = False
        where = ", ".join(str(td) for td, _ in defs) or "none"
        problems.append(f'pass {name} has {len(defs)} definitions Pass<"{name}"> in include/**/*.td ({where})')
    else:
        macro = "GEN_PASS_DEF_" + defs[0][1].upper()
        if not any(re.search(rf"\b{macro}\b", text) for text in sources):
            found = False
            problems.append(f"pass {name} has no implementation: no lib/**/*.cpp contains {macro}")
    if name in test_exceptions:
        tested = any(test_exceptions[name].glob("*.mlir"))
        expected = f"{test_exceptions[name].relative_to(root)}/*.mlir"
    else:
        short = name[len("spike-"):] if name.startswith("spike-") else name
        tested = f"{short}.mlir" in tests
        expected = f"test/**/{short}.mlir"
    if not tested:
        found = False
        problems.append(f"pass {name} has no lit test {expected}")
    complete += found
print(f"{complete} passes: definition, implementation and test found")

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
# CHECK: {{[1-9][0-9]*}} passes: definition, implementation and test found
# CHECK: spike-compile: {{[1-9][0-9]*}} flags
# CHECK: spike-import: {{[1-9][0-9]*}} flags
# CHECK: spike-run: {{[1-9][0-9]*}} flags
# CHECK-NOT: MISSING
# CHECK: all documented
