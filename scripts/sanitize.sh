#!/usr/bin/env bash
# Builds spike under AddressSanitizer + UndefinedBehaviorSanitizer in
# build-sanitize/ (with the libFuzzer targets of fuzz/), then runs
#   * the lit tests (test/) with the sanitized tools;
#   * every fuzzer over its kept regression inputs (fuzz/regressions/).
# A sanitizer report aborts the tool, so it fails the test that ran it.
# Writes JUnit reports to build-sanitize/test-results/. Needs scripts/setup.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Stale reports must not stand in for a run whose build failed.
results=build-sanitize/test-results
rm -rf "$results"
scripts/build-sanitize.sh
mkdir -p "$results"
# allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons its free space
# when compiled with ASan, and inline copies of it in spike's instrumented
# code meet the uninstrumented ones of libMLIR.so, which never unpoison it:
# false reports of use-after-poison inside MLIR.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allow_user_poisoning=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/fuzz/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

echo "==> lit under ASan+UBSan (test/)"
/usr/lib/llvm-22/bin/lit -sv build-sanitize/test \
  --xunit-xml-output "$results/lit-sanitize.xml" || true

echo "==> fuzzer regression inputs (fuzz/regressions/)"
.venv/bin/python3 scripts/fuzz.py regressions --build build-sanitize \
  --junit "$results/fuzz-regressions.xml" || true
