"""spike.capi: compiling through the C API (libSpikeCAPI.so) in-process gives
a model that computes the reference, and failures raise with spike's
message."""

import os

import numpy as np
import pytest

import spike
from spike import capi
from spike import reference as ref

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
TINY = os.path.join(ROOT, "test", "Tools", "Inputs", "tiny.mlir")


@pytest.fixture(scope="module")
def lib():
    try:
        return capi.library()
    except OSError as error:
        pytest.skip(str(error))


def test_compile_and_run_matches_reference(lib, tmp_path):
    out = tmp_path / "tiny.so"
    capi.compile_model(TINY, out)
    assert (tmp_path / "tiny.h").is_file()
    model = spike.load(str(out))
    x = np.linspace(0, 2, 420, dtype=np.float32).reshape(3, 2, 70)
    want = ref.linear(ref.lif(x, v_threshold=0.5), np.full((5, 70), 0.25, np.float32))
    np.testing.assert_array_equal(model.run(x), want)


def test_emit_mlir(lib, tmp_path):
    out = tmp_path / "tiny.out.mlir"
    capi.compile_model(TINY, out, emit="mlir")
    assert "spike.lif" in out.read_text()


def test_errors_name_the_file(lib, tmp_path):
    with pytest.raises(capi.CompileError, match=r"missing\.nir: no such file"):
        capi.compile_model(str(tmp_path / "missing.nir"), tmp_path / "x.so")
    with pytest.raises(capi.CompileError, match="--attention-order must be auto, scores_first or kv_first"):
        capi.compile_model(TINY, tmp_path / "x.so", attention_order="sideways")
    assert not (tmp_path / "x.so").exists()
    with pytest.raises(ValueError):
        capi.compile_model(TINY, tmp_path / "x.so", emit="exe")


def test_version(lib):
    assert capi.version() == "0.1.0"


def test_target_cuda(lib, tmp_path):
    # A CUDA model compiles without a GPU (loading it needs the driver, which
    # this machine may lack: its LLVM IR shows the target).
    out = tmp_path / "tiny_cuda.ll"
    try:
        capi.compile_model(TINY, out, emit="llvm", target="cuda", chip="sm_80")
    except capi.CompileError as error:
        if "not available in this build" in str(error):
            pytest.skip(str(error))
        raise
    ir = out.read_text()
    assert 'c"cuda\\00"' in ir and "mgpuLaunchKernel" in ir
    with pytest.raises(capi.CompileError, match="unknown --target 'tpu'"):
        capi.compile_model(TINY, tmp_path / "x.so", target="tpu")
