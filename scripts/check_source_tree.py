"""Tests must not write into the source tree. `--before F` records the
ignored and untracked files outside the build trees (git's view); `--after F
--junit X` compares with that record and writes one JUnit test case to X,
failing when a test run left new files behind."""

import argparse
import subprocess
import sys
from xml.sax.saxutils import escape

# What setup.sh and the builds make on purpose.
EXPECTED = ("build", ".venv", "demo-out")


def stray_files():
    listing = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "--ignored", "--directory"],
        capture_output=True, text=True, check=True).stdout.splitlines()
    untracked = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "--directory"],
        capture_output=True, text=True, check=True).stdout.splitlines()
    return sorted(path for path in set(listing) | set(untracked)
                  if not path.split("/")[0].rstrip("/").startswith(EXPECTED))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before")
    parser.add_argument("--after")
    parser.add_argument("--junit")
    args = parser.parse_args()
    if args.before:
        with open(args.before, "w") as f:
            f.write("\n".join(stray_files()))
        return 0
    with open(args.after) as f:
        before = set(filter(None, f.read().splitlines()))
    new = [path for path in stray_files() if path not in before]
    case = '<testcase classname="source-tree" name="tests leave the source tree as it was">'
    if new:
        case += f'<failure message="{escape(", ".join(new), {chr(34): "&quot;"})}"/>'
        print("the tests wrote into the source tree: " + ", ".join(new), file=sys.stderr)
    case += "</testcase>"
    with open(args.junit, "w") as f:
        f.write(f'<?xml version="1.0"?><testsuite name="source-tree">{case}</testsuite>\n')
    return 0


if __name__ == "__main__":
    sys.exit(main())
