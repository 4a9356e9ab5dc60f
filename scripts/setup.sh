#!/usr/bin/env bash
# Idempotent set-up of a fresh Debian 12 machine, then a build into build/:
#   1. the Debian packages spike needs (apt; only those missing),
#   2. the project venv .venv: Debian's /usr/bin/python3 without its site
#      packages, holding the pinned PyPI packages of python/requirements.txt
#      (PyTorch 2.x, NumPy, the SNN frameworks, ...) and bench/requirements.txt
#      (ONNX Runtime, onnx), then python/requirements-nodeps.txt (--no-deps),
#   3. configure (once) and build with CMake + Ninja.
# Run it as root, or as a user with sudo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22
  libhdf5-dev cmake ninja-build
  # CMake's default generator, which the downstream example is checked with
  make
  # the venv (PyPI wheels need nothing else); torch.compile's inductor
  # compiles C++ kernels at run time with g++ and includes Python.h
  python3-venv python3-dev g++
  # Fashion-MNIST (/usr/share/datasets/fashion-mnist)
  dataset-fashion-mnist
)

step() { printf '==> %s\n' "$*"; }

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

# The venv holds PyPI packages only, all pinned. A venv made by an older
# setup.sh over Debian's site packages (torch 1.13) is made anew.
if [ -f .venv/pyvenv.cfg ] &&
   grep -Eq '^include-system-site-packages *= *true' .venv/pyvenv.cfg; then
  step "removing the old .venv (made with --system-site-packages)"
  rm -rf .venv
fi
if [ ! -x .venv/bin/python3 ]; then
  step "creating the project venv .venv"
  /usr/bin/python3 -m venv .venv
fi
requirements=(python/requirements.txt bench/requirements.txt python/requirements-nodeps.txt)
stamp=.venv/.spike-requirements
if ! cat "${requirements[@]}" | cmp -s - "$stamp"; then
  step "installing the PyPI packages of ${requirements[*]} (first time: a few GB)"
  pip=(.venv/bin/python3 -m pip install -q --disable-pip-version-check)
  "${pip[@]}" -r python/requirements.txt -r bench/requirements.txt
  "${pip[@]}" --no-deps -r python/requirements-nodeps.txt
  cat "${requirements[@]}" > "$stamp"
fi

if [ ! -f build/build.ninja ]; then
  step "configuring build/"
  cmake -G Ninja -S . -B build \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DSPIKE_PYTHON="$PWD/.venv/bin/python3"
fi
step "building"
cmake --build build
