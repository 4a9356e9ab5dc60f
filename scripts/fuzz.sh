#!/usr/bin/env bash
# Runs every libFuzzer target of fuzz/ for SECONDS each (default 60), both at
# once, on the seed corpora of fuzz/corpus/ (grown in build-sanitize/fuzz/).
# Builds build-sanitize/ first. A finding (crash, sanitizer report, timeout,
# out of memory) is saved under build-sanitize/fuzz/findings/ and fails the
# run; keep it as a regression input in fuzz/regressions/<target>/ once fixed.
# The NIR target runs in fork mode: libhdf5 hangs and out-of-memory inputs
# are kept as artifacts without stopping it (see scripts/fuzz.py).
#   scripts/fuzz.sh [SECONDS] [--seed N] [--junit FILE]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-60}"
shift || true
scripts/build-sanitize.sh
exec .venv/bin/python3 scripts/fuzz.py run "$seconds" --build build-sanitize "$@"
