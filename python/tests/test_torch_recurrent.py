"""RecurrentLIF: a recurrent network written with the front end, exported
to NIR (a cycle lif -> rec -> lif) and run by the interpreter step by step."""

import subprocess

import numpy as np
import pytest
import torch

from model_helpers import dyadic, tool
from spike import interpreter, nir_graph, nir_io
from spike.torch import LIF, RecurrentLIF, export_nir


def make_layer(seed, exact, neuron=None):
    rng = np.random.default_rng(seed)
    layer = RecurrentLIF(6, 10, neuron=neuron)
    for linear, bound in ((layer.fc, 1.0), (layer.rec, 0.6)):
        w = rng.uniform(-bound, bound, linear.weight.shape)
        b = rng.uniform(-0.3, 0.3, linear.bias.shape)
        linear.weight.data = torch.tensor(dyadic(w, 64) if exact else w, dtype=torch.float32)
        linear.bias.data = torch.tensor(dyadic(b, 16) if exact else b, dtype=torch.float32)
    x = rng.uniform(0, 2, (16, 4, 6))
    return layer, torch.tensor(dyadic(x, 16) if exact else x, dtype=torch.float32)


@pytest.mark.parametrize("exact,neuron", [
    (True, None),
    (True, LIF(decay=0.75, gain=1.0, v_threshold=0.5, reset="soft", compare="gt")),
    (True, LIF.spikingjelly(tau=4.0, v_reset=-0.25, decay_input=False)),
    (False, None),
], ids=["default", "soft-gt", "spikingjelly", "floats"])
def test_recurrent_layer_matches_interpreter(tmp_path, exact, neuron):
    layer, x = make_layer(1, exact, neuron)
    with torch.no_grad():
        want = layer(x).numpy()
    export_nir(layer, tmp_path / "rec.nir")
    got = interpreter.run(tmp_path / "rec.nir", x.numpy())
    assert 0.05 < want.mean() < 0.95
    if exact:
        np.testing.assert_array_equal(got, want)
    else:
        assert np.mean(got == want) >= 0.999


def test_feedback_is_zero_at_the_first_step(tmp_path):
    """The recurrent edge carries rec's previous output, zero at t = 0: its
    bias only arrives from t = 1 on."""
    layer = RecurrentLIF(1, 1)
    with torch.no_grad():
        layer.fc.weight.zero_()
        layer.fc.bias.zero_()
        layer.rec.weight.zero_()
        layer.rec.bias.fill_(4.0)
    x = torch.zeros(3, 1, 1)
    with torch.no_grad():
        want = layer(x).numpy()
    np.testing.assert_array_equal(want[:, 0, 0], [0, 1, 1])
    export_nir(layer, tmp_path / "rec.nir")
    np.testing.assert_array_equal(interpreter.run(tmp_path / "rec.nir", x.numpy()), want)


def test_exported_graph_is_recurrent(tmp_path):
    layer, _ = make_layer(2, True)
    graph = export_nir(layer, tmp_path / "rec.nir")
    assert ("rec", "lif") in graph.edges and ("lif", "rec") in graph.edges
    flat = nir_graph.analyze(nir_io.read_graph(tmp_path / "rec.nir"))
    lif = flat.nodes[flat.index("lif")]
    delayed = {flat.nodes[e.source].name: e.delayed for e in lif.inputs}
    assert flat.recurrent and delayed == {"fc": False, "rec": True}


def test_gradients_flow_through_time():
    layer, x = make_layer(3, False)
    x.requires_grad_(True)
    layer(x).sum().backward()
    assert layer.rec.weight.grad.abs().sum() > 0 and x.grad[0].abs().sum() > 0


@pytest.mark.skipif(tool("spike-import", "SPIKE_IMPORT") is None, reason="spike-import not built")
def test_spike_import_accepts_the_recurrent_file(tmp_path):
    layer, _ = make_layer(4, True)
    export_nir(layer, tmp_path / "rec.nir")
    result = subprocess.run([tool("spike-import", "SPIKE_IMPORT"), "--timesteps", "5",
                             "--batch", "2", str(tmp_path / "rec.nir")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "spike.time_loop" in result.stdout and "tensor<5x2x10xf32>" in result.stdout
