#!/usr/bin/env bash
# The main job: set up and build (scripts/setup.sh), then compile the bundled
# A2OS2A Spiking Transformer trained on Fashion-MNIST
# (examples/fashion-mnist/a2os2a.nir) with spike-compile, evaluate it on all
# 10 000 test images, time it next to PyTorch eager, torch.compile and ONNX
# Runtime, and write demo-out/report.md and demo-out/report.png.
# (examples/digits/demo.py runs the small digits model the same way.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "==> set-up and build (scripts/setup.sh)"
scripts/setup.sh
echo "==> the bundled Fashion-MNIST A2OS2A model: compile, evaluate, time, report"
.venv/bin/python3 examples/fashion-mnist/demo.py --out demo-out
