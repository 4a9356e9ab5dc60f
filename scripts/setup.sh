#!/usr/bin/env bash
# Idempotent set-up of a fresh Debian 12 machine, then a build into build/:
#   1. the Debian packages spike needs (apt; only those missing),
#   2. the project venv .venv (Debian's Python with its site packages, plus
#      the PyPI-only packages of python/requirements.txt),
#   3. configure (once) and build with CMake + Ninja.
# Run it as root, or as a user with sudo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22
  libhdf5-dev cmake ninja-build
  python3-numpy python3-h5py python3-torch python3-sklearn python3-pytest
  python3-matplotlib python3-venv libopenblas0-pthread
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

# The venv re-uses Debian's numpy/torch/h5py; PyPI packages go in without
# their dependencies so that pip never replaces a Debian one.
if [ ! -x .venv/bin/python3 ]; then
  step "creating the project venv .venv"
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
stamp=.venv/.spike-requirements
if ! cmp -s python/requirements.txt "$stamp"; then
  step "installing PyPI packages of python/requirements.txt"
  .venv/bin/python3 -m pip install -q --disable-pip-version-check --no-deps \
    -r python/requirements.txt
  cp python/requirements.txt "$stamp"
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
