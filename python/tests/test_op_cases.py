"""spike.op_cases, the single-op models that check other backends: every
case compiled by spike-compile for the CPU and run through its C ABI matches
the NumPy reference (which proves the cases and their expected outputs);
the comparison catches a one-ulp difference; the written files and the
attention orders are what the cases claim."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import spike
from model_helpers import ROOT, tool
from spike.op_cases import cases, check_arrays

COMPILE = tool("spike-compile", "SPIKE_COMPILE")
OPT = tool("spike-opt", "SPIKE_OPT")
CASES = cases()
IDS = [case.name for case in CASES]


@pytest.mark.skipif(COMPILE is None, reason="needs spike-compile")
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_matches_reference_on_cpu(case, tmp_path):
    (tmp_path / "model.mlir").write_text(case.mlir)
    result = subprocess.run([COMPILE, str(tmp_path / "model.mlir"), "-o",
                             str(tmp_path / "model.so")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    model = spike.load(tmp_path / "model.so")
    assert model.input_shape == case.input.shape
    ok, message = case.check(model.run(case.input))
    assert ok, message


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_check_rejects_a_perturbed_output(case):
    """Exact cases fail on one ulp; tolerance cases on an offset of 1."""
    assert case.check(case.expected.copy()) == (True, "ok")
    got = case.expected.copy()
    if case.rtol is None:
        got.flat[-1] = np.nextafter(got.flat[-1], np.float32(np.inf))
    else:
        got += 1.0
    ok, message = case.check(got)
    assert not ok and "differ" in message


def test_check_arrays_rules():
    want = np.array([[0.0, 1.0], [2.0, 4.0]], np.float32)
    got = want.copy()
    got[1, 0] = 2.0001
    ok, message = check_arrays(got, want)
    assert not ok and message.startswith("1 of 4 differ") and "(1, 0)" in message
    assert check_arrays(got, want, rtol=1e-4)[0]
    assert not check_arrays(got, want, rtol=1e-6)[0]
    assert not check_arrays(want[:1], want)[0]
    assert check_arrays(-want, -want)[0] and check_arrays(np.float32([np.nan]), [np.nan])[0]
    # The spike rule: a fraction of identical elements.
    spikes = np.zeros(1000, np.float32)
    flipped = spikes.copy()
    flipped[0] = 1.0
    assert check_arrays(flipped, spikes, rtol=1e-5, spikes=0.999)[0]
    flipped[1] = 1.0
    assert not check_arrays(flipped, spikes, rtol=1e-5, spikes=0.999)[0]


def test_cases_are_unique_deterministic_and_well_formed():
    assert len(set(IDS)) == len(IDS)
    for case, again in zip(CASES, cases()):
        assert case.mlir == again.mlir
        np.testing.assert_array_equal(case.input, again.input)
        np.testing.assert_array_equal(case.expected, again.expected)
        assert case.input.dtype == case.expected.dtype == np.float32
        assert case.input.ndim >= 1 and case.expected.ndim >= 1
        assert case.mlir.count("func.func") == 1 and "func.func @forward(%x: " in case.mlir


@pytest.mark.skipif(OPT is None, reason="needs spike-opt")
@pytest.mark.parametrize("case", [c for c in CASES if c.name.startswith("attention")],
                         ids=lambda c: c.name)
def test_attention_order_is_the_named_one(case, tmp_path):
    """Forced by attribute or chosen by the compiler: the order in the name."""
    (tmp_path / "model.mlir").write_text(case.mlir)
    result = subprocess.run([OPT, str(tmp_path / "model.mlir"), "--spike-reassociate-attention"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    order = "kv_first" if case.name.endswith("kv_first") else "scores_first"
    assert f"#spike.attention_order<{order}>" in result.stdout


def test_write_and_numpy_only_import(tmp_path):
    """The files a NumPy-only machine reads; importing the module pulls in
    neither torch nor h5py."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"))
    result = subprocess.run(
        [sys.executable, "-c", "import sys, spike.op_cases; "
         "sys.exit(bool({'torch', 'h5py'} & set(sys.modules)))"],
        env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-m", "spike.op_cases", "write", str(tmp_path)],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    index = json.loads((tmp_path / "cases.json").read_text())
    assert [entry["name"] for entry in index] == IDS
    for entry, case in zip(index, CASES):
        folder = tmp_path / case.name
        assert (folder / "model.mlir").read_text() == case.mlir
        np.testing.assert_array_equal(np.load(folder / "input.npy"), case.input)
        expected = np.load(folder / "expected.npy")
        assert list(expected.shape) == entry["output_shape"]
        assert check_arrays(expected, case.expected, entry["rtol"], entry["spikes"])[0]
        assert (entry["rtol"], entry["spikes"]) == (case.rtol, case.spikes)
