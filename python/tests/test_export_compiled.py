"""End to end: exported models imported by spike-import, compiled with
--spike-cpu-pipeline and run under mlir-runner give the interpreter's
outputs (dyadic weights: every spike identical). Skipped unless
spike-import, spike-opt and mlir-runner are available."""

import os
import subprocess

import numpy as np
import pytest

from model_helpers import tool
from spike import interpreter, mlir_runner
from spike.torch import export_nir
from test_torch_recurrent import make_layer
from test_torch_transformer import CONFIGS, make_model

IMPORT = tool("spike-import", "SPIKE_IMPORT")
pytestmark = pytest.mark.skipif(
    IMPORT is None or not os.access(mlir_runner.spike_opt_path(), os.X_OK)
    or not os.access(mlir_runner.mlir_runner_path(), os.X_OK),
    reason="needs spike-import, spike-opt and mlir-runner")


def compiled(path, x):
    """Runs @forward of the imported file on x through the CPU pipeline."""
    steps, batch = x.shape[:2]
    result = subprocess.run([IMPORT, "--timesteps", str(steps), "--batch", str(batch), str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("module"))
    function = "\n".join(lines[:start] + lines[start + 1:-1])  # without `module { ... }`
    program = mlir_runner.Program()
    program.add("forward", function, [x])
    return program.run()["forward"][0]


@pytest.mark.parametrize("config", [CONFIGS[0], CONFIGS[1]], ids=["a2os2a", "ssa"])
def test_compiled_transformer_equals_interpreter(tmp_path, config):
    model, x = make_model(config, seed=11, exact=True)
    export_nir(model, tmp_path / "m.nir")
    want = interpreter.run(tmp_path / "m.nir", x.numpy())
    got = compiled(tmp_path / "m.nir", x.numpy())
    # Spikes are identical; the head's affine map on token means (count / N,
    # not dyadic for every N) may round differently in float32 (SPEC section 5).
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * np.abs(want).max())
    np.testing.assert_array_equal(got[0].argmax(-1), want[0].argmax(-1))


def test_compiled_recurrent_layer_equals_interpreter(tmp_path):
    layer, x = make_layer(5, True)
    export_nir(layer, tmp_path / "rec.nir")
    want = interpreter.run(tmp_path / "rec.nir", x.numpy())
    assert want.any()
    np.testing.assert_array_equal(compiled(tmp_path / "rec.nir", x.numpy()), want)
