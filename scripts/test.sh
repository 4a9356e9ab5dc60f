#!/usr/bin/env bash
# Sets up and builds (scripts/setup.sh), then runs every test suite: the lit
# regression tests, the pytest suite of python/, the lit tests again under
# AddressSanitizer + UBSan with the fuzzers' regression inputs
# (scripts/sanitize.sh), and every fuzzer for 60 seconds (scripts/fuzz.sh).
# Ends with the line "N passed, N failed"; exits non-zero when a test failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh

results=build/test-results
rm -rf "$results"
mkdir -p "$results"
# No test writes into the source tree (checked at the end); Python's
# caches go elsewhere.
export PYTHONDONTWRITEBYTECODE=1
.venv/bin/python3 scripts/check_source_tree.py --before "$results/source-tree.before"

echo "==> lit (test/)"
/usr/lib/llvm-22/bin/lit -sv build/test \
  --xunit-xml-output "$results/lit.xml" || true

echo "==> pytest (python/tests)"
SPIKE_NIR_DATA_DIR="${SPIKE_NIR_DATA_DIR:-$PWD/../shared/data/nir}" \
  .venv/bin/python3 -m pytest -q -p no:cacheprovider python/tests \
  --junitxml="$results/pytest.xml" || true

echo "==> sanitizers (scripts/sanitize.sh)"
scripts/sanitize.sh || true

echo "==> fuzzing, 60 s per target (scripts/fuzz.sh)"
scripts/fuzz.sh 60 --seed 1 --junit build-sanitize/test-results/fuzz.xml || true

.venv/bin/python3 scripts/check_source_tree.py --after "$results/source-tree.before" \
  --junit "$results/source-tree.xml"

.venv/bin/python3 scripts/summarize_tests.py "$results/lit.xml" "$results/pytest.xml" \
  "$results/source-tree.xml" \
  build-sanitize/test-results/lit-sanitize.xml \
  build-sanitize/test-results/fuzz-regressions.xml \
  build-sanitize/test-results/fuzz.xml
