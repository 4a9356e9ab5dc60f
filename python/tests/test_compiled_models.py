"""Models compiled by spike-compile into shared libraries and run through
their C ABI (spike.load) against independent computations: the NumPy
interpreter of the same NIR file, and PyTorch for models exported by the
front end. Skipped when spike-compile has not been built."""

import subprocess

import numpy as np
import pytest
import torch

import spike
from model_helpers import tool
from spike import interpreter
from spike.torch import export_nir
from test_torch_recurrent import make_layer
from test_torch_transformer import CONFIGS, IDS, make_model

COMPILE = tool("spike-compile", "SPIKE_COMPILE")
pytestmark = pytest.mark.skipif(COMPILE is None, reason="needs spike-compile")


def compile_model(path, steps, batch, tmp_path):
    library = tmp_path / (path.stem + ".so")
    result = subprocess.run([COMPILE, str(path), "-o", str(library), "--timesteps", str(steps),
                             "--batch", str(batch)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / (path.stem + ".h")).is_file()
    return spike.load(library)


def compile_small_transformer(tmp_path, seed):
    """The smallest transformer of CONFIGS (its loops run on the pool),
    compiled and set to one thread, and its input as NumPy."""
    model, x = make_model(CONFIGS[0], seed=seed, exact=False)
    export_nir(model, tmp_path / "transformer.nir")
    compiled = compile_model(tmp_path / "transformer.nir", x.shape[0], x.shape[1], tmp_path)
    compiled.num_threads = 1
    return compiled, x.numpy()


def test_sinabs_cnn_matches_interpreter(nir_data, tmp_path):
    """The Sinabs spiking CNN on random events: >= 99.9 % identical output
    spikes (its weights are arbitrary floats, so sums may round differently
    from the interpreter's float64 ones; SPEC section 5)."""
    path = nir_data / "cnn_sinabs.nir"
    rng = np.random.default_rng(5)
    x = (rng.random((6, 3, 2, 34, 34)) < 0.15).astype(np.float32)
    model = compile_model(path, 6, 3, tmp_path)
    assert model.input_shape == x.shape and model.output_shape == (6, 3, 10)
    got, want = model.run(x), interpreter.run(path, x)
    assert want.any()
    assert (got == want).mean() >= 0.999


def test_recurrent_layer_matches_interpreter(tmp_path):
    layer, x = make_layer(5, True)
    export_nir(layer, tmp_path / "recurrent.nir")
    want = interpreter.run(tmp_path / "recurrent.nir", x.numpy())
    model = compile_model(tmp_path / "recurrent.nir", x.shape[0], x.shape[1], tmp_path)
    got = model.run(x.numpy())
    assert want.any()
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("config", CONFIGS[:4], ids=IDS[:4])
def test_transformer_matches_pytorch(config, tmp_path):
    """Random Spiking Transformers (both attention kinds) exported, compiled
    and run give PyTorch's logits within 1e-4 relative, same argmax."""
    model, x = make_model(config, seed=23, exact=False)
    export_nir(model, tmp_path / "transformer.nir")
    with torch.no_grad():
        want = model(x).numpy()
    compiled = compile_model(tmp_path / "transformer.nir", x.shape[0], x.shape[1], tmp_path)
    got = compiled.run(x.numpy())
    scale = np.abs(want).max()
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4 * scale)
    np.testing.assert_array_equal(got[0].argmax(-1), want[0].argmax(-1))


def test_wrong_buffers_are_rejected(tmp_path):
    layer, x = make_layer(5, True)
    export_nir(layer, tmp_path / "recurrent.nir")
    model = compile_model(tmp_path / "recurrent.nir", x.shape[0], x.shape[1], tmp_path)
    with pytest.raises(ValueError):
        model.run(np.zeros((x.shape[0], x.shape[1] + 1) + tuple(x.shape[2:]), np.float32))
    with pytest.raises(ValueError):
        model.run(x.numpy().astype(np.float64))
    # The C ABI itself refuses a wrong element count without writing.
    out = np.full(model.output_shape, 7.0, np.float32)
    status = model._lib.spike_model_run(x.numpy().ctypes.data, x.numel() - 1,
                                        out.ctypes.data, out.size)
    assert status == 1 and (out == 7.0).all()


def test_thread_counts_give_identical_results(tmp_path):
    """The parallel loops split work by outputs, each summed in one order:
    1, 2 and 3 threads (more than this machine's cores), and two callers at
    once (one runs on the pool, the other alone), give bit-identical outputs
    that match PyTorch."""
    from concurrent.futures import ThreadPoolExecutor

    model, x = make_model(CONFIGS[0], seed=29, exact=False)
    export_nir(model, tmp_path / "transformer.nir")
    with torch.no_grad():
        want = model(x).numpy()
    compiled = compile_model(tmp_path / "transformer.nir", x.shape[0], x.shape[1], tmp_path)
    outputs = []
    for threads in (1, 2, 3):
        compiled.num_threads = threads
        assert compiled.num_threads == threads
        outputs.append(compiled.run(x.numpy()))
    with ThreadPoolExecutor(2) as pool:
        outputs += list(pool.map(lambda _: compiled.run(x.numpy()), range(4)))
    for got in outputs:
        np.testing.assert_array_equal(got, outputs[0])
    np.testing.assert_allclose(outputs[0], want, rtol=1e-4, atol=1e-4 * np.abs(want).max())
    with pytest.raises(ValueError):
        compiled.num_threads = 0
