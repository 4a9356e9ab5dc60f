#!/usr/bin/env bash
# The main job: set up and build (scripts/setup.sh), then compile the bundled
# A2OS2A Spiking Transformer (examples/digits/a2os2a.nir) with spike-compile,
# evaluate it on the digits test split and write demo-out/report.md and
# demo-out/report.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "==> set-up and build (scripts/setup.sh)"
scripts/setup.sh
echo "==> the bundled A2OS2A model: compile, evaluate, report"
.venv/bin/python3 examples/digits/demo.py --out demo-out
