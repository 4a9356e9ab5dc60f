"""Counts the results of JUnit XML reports (lit and pytest) and prints one
line per suite, then the total as "N passed, N failed". Exits 1 when a test
failed or a report is missing (a suite that did not run is a failure)."""

import pathlib
import sys
import xml.etree.ElementTree as ET


def count(path):
    passed = failed = skipped = 0
    for case in ET.parse(path).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def main(paths):
    total_passed = total_failed = 0
    for path in map(pathlib.Path, paths):
        if not path.is_file():
            print(f"{path.stem}: no report ({path} missing): counted as 1 failure")
            total_failed += 1
            continue
        passed, failed, skipped = count(path)
        print(f"{path.stem}: {passed} passed, {failed} failed, {skipped} skipped/unsupported")
        total_passed += passed
        total_failed += failed
    print(f"{total_passed} passed, {total_failed} failed")
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
