#!/usr/bin/env bash
# The GPU check of the CUDA backend (scripts/gpu_check.py; "GPU check" in
# bench/README.md):
#   scripts/gpu-check.sh bundle [DIR] [--target cuda|cpu]   build DIR here
#       (default build/gpu-check; builds the project first if it is not built)
#   scripts/gpu-check.sh run DIR [options]                  DIR/run.sh: the checks
#       and benchmarks, on the GPU machine (--device cpu for a bundle built
#       with --target cpu: the whole flow as a dry run here)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() { sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 1 ] || usage
command=$1
shift
case "$command" in
  bundle)
    if [ ! -x "$root/build/bin/spike-compile" ] || [ ! -x "$root/build/bin/spike-run" ]; then
      "$root/scripts/setup.sh"
    fi
    exec "$root/.venv/bin/python3" -u "$root/scripts/gpu_check.py" bundle "$@"
    ;;
  run)
    [ $# -ge 1 ] || usage
    dir=$1
    shift
    exec "$dir/run.sh" "$@"
    ;;
  *) usage ;;
esac
