"""Compiled model files that are cut short or corrupt: spike-run and
spike.load refuse them with a clear error (exit 1 / ValueError) before
dlopen, never a signal (include/spike-c/ModelFile.h,
python/spike/model_file.py). Skipped without spike-compile and spike-run."""

import struct
import subprocess
import sys

import numpy as np
import pytest

from model_helpers import ROOT, tool

COMPILE = tool("spike-compile", "SPIKE_COMPILE")
RUN = tool("spike-run", "SPIKE_RUN")
pytestmark = pytest.mark.skipif(COMPILE is None or RUN is None,
                                reason="needs spike-compile and spike-run")
TINY = ROOT / "test" / "Tools" / "Inputs" / "tiny.mlir"


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("model-file")
    library = folder / "tiny.so"
    subprocess.run([COMPILE, str(TINY), "-o", str(library)], check=True)
    x = np.linspace(0, 2, 420, dtype=np.float32).reshape(3, 2, 70)
    np.save(folder / "x.npy", x)
    return library, folder / "x.npy"


def cut_points(size):
    """Prefix lengths: the ELF header's fields, the program headers, 40
    points spread over the file, and one byte short."""
    points = {0, 1, 3, 4, 5, 16, 63, 64, 65, 64 + 56, 64 + 56 * 3, 4096, size // 2,
              size - 4096, size - 64, size - 1}
    points.update(int(size * k / 41) for k in range(1, 41))
    return sorted(p for p in points if 0 <= p < size)


def check_refused(paths, x, expect):
    """spike-run and spike.load (in a child interpreter, so that a crash
    cannot take pytest down) on every file: exit 1 / ValueError, and the
    message contains `expect[path]`."""
    for path in paths:
        run = subprocess.run([RUN, str(path), "--input", str(x)], capture_output=True,
                             text=True)
        assert run.returncode == 1, (path, run.returncode, run.stderr)
        assert f"error: {path}: " in run.stderr and expect[path] in run.stderr, run.stderr
    script = ("import sys, spike\n"
              "for path in sys.argv[1:]:\n"
              "    try:\n"
              "        spike.load(path)\n"
              "    except ValueError as error:\n"
              "        print(error)\n"
              "    else:\n"
              "        print(path + ': LOADED')\n")
    # -B: the child imports spike from the source tree and must not write
    # bytecode there (the test suite leaves the tree as it found it).
    child = subprocess.run([sys.executable, "-B", "-c", script, *map(str, paths)],
                           capture_output=True, text=True,
                           env={"PYTHONPATH": str(ROOT / "python"), "PATH": "/usr/bin:/bin"})
    assert child.returncode == 0, (child.returncode, child.stderr[-2000:])
    lines = child.stdout.splitlines()
    assert len(lines) == len(paths)
    for path, line in zip(paths, lines):
        assert line.startswith(f"{path}: ") and expect[path] in line, line


def test_truncated_libraries_are_refused(model, tmp_path):
    library, x = model
    data = library.read_bytes()
    paths, expect = [], {}
    for point in cut_points(len(data)):
        path = tmp_path / f"cut-{point}.so"
        path.write_bytes(data[:point])
        paths.append(path)
        expect[path] = ("truncated" if point >= 64 else
                        "truncated" if point >= 4 else "not a shared library")
    assert len(paths) >= 50
    check_refused(paths, x, expect)


def patched(data, offset, fmt, value):
    out = bytearray(data)
    struct.pack_into(fmt, out, offset, value)
    return bytes(out)


def test_corrupt_headers_are_refused(model, tmp_path):
    library, x = model
    data = library.read_bytes()
    phoff = struct.unpack_from("<Q", data, 32)[0]
    first_load = next(phoff + 56 * i for i in range(struct.unpack_from("<H", data, 56)[0])
                      if struct.unpack_from("<I", data, phoff + 56 * i)[0] == 1)
    name = data.index(b"spike_model_run\0")
    cases = {
        "class32": (patched(data, 4, "<B", 1), "another machine"),
        "bigendian": (patched(data, 5, "<B", 2), "another machine"),
        "aarch64": (patched(data, 18, "<H", 183), "another machine"),
        "executable": (patched(data, 16, "<H", 2), "not a shared library"),
        "phoff": (patched(data, 32, "<Q", 2 ** 63), "program headers"),
        "phnum": (patched(data, 56, "<H", 0xFFFF), "corrupt ELF header"),
        "phentsize": (patched(data, 54, "<H", 7), "corrupt ELF header"),
        "filesz": (patched(data, first_load + 32, "<Q", 2 ** 40), "loadable segment"),
        "shoff": (patched(data, 40, "<Q", len(data)), "section header table"),
        "symbol": (data[:name] + b"spike_model_ruX" + data[name + 15:], "not a spike model"),
        "empty": (b"", "not a shared library"),
        "text": (b"#!/bin/sh\necho hi\n" * 10, "not a shared library"),
    }
    paths, expect = [], {}
    for label, (content, message) in cases.items():
        path = tmp_path / f"{label}.so"
        path.write_bytes(content)
        paths.append(path)
        expect[path] = message
    check_refused(paths, x, expect)


def test_intact_library_still_loads(model):
    library, x = model
    run = subprocess.run([RUN, str(library), "--input", str(x)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    import spike
    assert spike.load(library).input_shape == (3, 2, 70)
