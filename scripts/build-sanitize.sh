#!/usr/bin/env bash
# Configures (once) and builds build-sanitize/: spike's code with
# -fsanitize=address,undefined and libFuzzer coverage, the fuzz/ targets,
# and the tools the lit tests need. The runtime linked into compiled models
# is not instrumented (CMakeLists.txt: SPIKE_SANITIZE).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -f build-sanitize/build.ninja ]; then
  echo "==> configuring build-sanitize/"
  cmake -G Ninja -S . -B build-sanitize \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS=-gline-tables-only -DCMAKE_CXX_FLAGS=-gline-tables-only \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DSPIKE_PYTHON="$PWD/.venv/bin/python3" \
    -DSPIKE_SANITIZE=address,undefined -DSPIKE_FUZZ=ON
fi
echo "==> building build-sanitize/"
cmake --build build-sanitize
