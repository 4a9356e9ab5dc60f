"""SpikingTransformer: its NIR export run by spike.interpreter gives the
PyTorch eval outputs (random configurations, both attention kinds), it
trains with surrogate gradients, and spike-import accepts its files."""

import subprocess

import numpy as np
import pytest
import torch

from model_helpers import dyadic, neuron_outputs, randomize, tool
from spike import interpreter, nir_io
from spike.torch import SpikingTransformer, class_scores, export_nir

# attention, depth L, embed_dim D, heads, T, (H, W), stem_pools, channels, classes
CONFIGS = [
    ("a2os2a", 1, 16, 2, 3, (8, 8), 2, 2, 5),
    ("ssa", 2, 32, 4, 2, (6, 10), 1, 3, 4),
    ("a2os2a", 2, 32, 8, 4, (16, 16), 2, 1, 10),
    ("ssa", 1, 16, 4, 3, (10, 14), 3, 2, 3),
    ("a2os2a", 1, 16, 2, 2, (24, 20), 4, 1, 2),
    ("a2os2a", 0, 8, 1, 2, (4, 6), 0, 1, 3),
]
IDS = [f"{c[0]}-L{c[1]}-D{c[2]}-p{c[6]}" for c in CONFIGS]


def make_model(config, seed, exact, stem_channels=None):
    """A model of ``config`` with firing weights and its input [T, 3, C, H, W]."""
    attention, depth, dim, heads, steps, size, pools, channels, classes = config
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    model = SpikingTransformer.from_config(
        dict(img_size=size, in_channels=channels, embed_dim=dim, num_heads=heads,
             depth=depth, timesteps=steps, num_classes=classes, stem_pools=pools,
             stem_channels=stem_channels), attention)
    images = rng.random((3, channels) + size)
    images = dyadic(images, 16) if exact else images
    x = model.repeat_input(torch.tensor(images, dtype=torch.float32)).contiguous()
    randomize(model, x, rng, exact)
    if attention == "ssa":
        # SSA's outputs are small multiples of 1/8: a low threshold makes the
        # neuron after the attention fire in these small models.
        for block in model.blocks:
            block.attn_lif.v_threshold.fill_(0.125)
    return model, x


def compare(model, x, path, min_identical):
    """Exports ``model``, runs the file, and checks every neuron's spikes and
    the logits against PyTorch; returns the graph."""
    want, spikes = neuron_outputs(model, x)
    graph = export_nir(model, path)
    got, values = interpreter.Interpreter(path).run(x.numpy(), record=True)
    assert got.shape == want.shape == (x.shape[0], x.shape[1], model.num_classes)
    compared = 0
    for name, torch_spikes in spikes.items():
        if name not in values:
            continue  # neurons inside an attention node
        nir_spikes = values[name][1].astype(np.float32)
        assert 0 < torch_spikes.mean() < 1, f"{name} does not fire"
        assert np.mean(nir_spikes == torch_spikes) >= min_identical, name
        compared += 1
    assert compared == 5 + 4 * model.depth  # stem 3, rpe 1, 4 per block, head 1
    scale = np.abs(want).max()
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6 * scale)
    np.testing.assert_array_equal(got[0].argmax(-1), want[0].argmax(-1))
    np.testing.assert_array_equal(got, np.broadcast_to(got[:1], got.shape))  # MeanTime
    return graph


@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
def test_export_matches_pytorch_exactly(tmp_path, config):
    """Dyadic weights and inputs: every sum is exact in float32, so the
    spikes of every neuron are identical (SPEC section 5)."""
    model, x = make_model(config, seed=CONFIGS.index(config), exact=True)
    compare(model, x, tmp_path / "model.nir", min_identical=1.0)


@pytest.mark.parametrize("config", CONFIGS[:3], ids=["a2os2a", "ssa", "a2os2a-8heads"])
def test_export_matches_pytorch_with_arbitrary_floats(tmp_path, config):
    """Arbitrary floats: float32 sums in PyTorch and float64 ones in the
    reference differ in the last bits, so a spike may flip where a membrane
    sits on its threshold; SPEC section 5 allows 0.1 %."""
    model, x = make_model(config, seed=100 + CONFIGS.index(config), exact=False)
    compare(model, x, tmp_path / "model.nir", min_identical=0.999)


def test_graph_names_types_and_round_trip(tmp_path):
    model, _ = make_model(CONFIGS[4], seed=4, exact=True)
    graph = export_nir(model, tmp_path / "m.nir")
    names = set(graph.nodes)
    for name in ("stem.conv0", "stem.bn0", "stem.lif0", "stem.pool0", "rpe.lif", "rpe.pool",
                 "rpe.pool_residual", "rpe.sum", "tokens.flatten", "tokens.transpose",
                 "block0.attn", "block0.res1", "block0.fc2_bn", "head.mean", "head.fc",
                 "head.mean_time"):
        assert name in names, name
    assert isinstance(graph.nodes["block0.attn"], nir_io.SelfAttention)
    assert graph.nodes["block0.attn"].kind == "a2os2a"
    np.testing.assert_array_equal(graph.nodes["tokens.transpose"].output_type["output"], [4, 16])
    back = nir_io.read_graph(tmp_path / "m.nir")  # nir's type check passes
    assert set(back.nodes) == names and sorted(back.edges) == sorted(graph.edges)
    with pytest.raises(ValueError, match="input_shape"):
        export_nir(model, tmp_path / "bad.nir", input_shape=(3, 24, 20))


def test_stem_widths_of_a_config(tmp_path):
    """stem_channels sets the widths of the first three stem stages (a wide
    stem on a narrow transformer); the export still matches exactly."""
    model, x = make_model(CONFIGS[0], seed=11, exact=True, stem_channels=(12, 8, 24))
    widths = [getattr(model.stem, f"conv{i}").out_channels for i in range(4)]
    assert widths == [12, 8, 24, 16] and model.stem_channels == (12, 8, 24)
    compare(model, x, tmp_path / "model.nir", min_identical=1.0)
    default = SpikingTransformer.from_config(dict(
        img_size=[8, 8], in_channels=1, embed_dim=32, num_heads=2, depth=1, T=2,
        num_classes=3, stem_pools=1))
    assert default.stem_channels == (4, 8, 16) and default.T == 2
    with pytest.raises(ValueError, match="stem_channels"):
        SpikingTransformer(8, 1, 16, 2, 1, 2, 2, stem_channels=(4, 0, 8))


def test_export_keeps_training_mode_and_uses_running_statistics(tmp_path):
    model, x = make_model(CONFIGS[0], seed=0, exact=True)
    model.train()
    graph = export_nir(model, tmp_path / "m.nir")
    assert model.training
    np.testing.assert_array_equal(graph.nodes["stem.bn0"].running_var,
                                  model.stem.bn0.running_var.numpy())


def test_training_reduces_the_loss():
    """A few Adam steps on a tiny two-class problem (a bright top or bottom
    half); gradients reach the first convolution through every surrogate."""
    torch.manual_seed(0)
    model = SpikingTransformer(8, 1, 16, 2, 1, 2, 2, stem_pools=1)
    labels = torch.arange(16) % 2
    images = torch.rand(16, 1, 8, 8) * 0.3
    images[labels == 0, :, :4] += 0.7
    images[labels == 1, :, 4:] += 0.7
    x = model.repeat_input(images)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    losses = []
    for step in range(12):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model.logits(x), labels)
        loss.backward()
        if step == 0:
            grad = model.stem.conv0.weight.grad
            assert grad is not None and torch.isfinite(grad).all() and grad.abs().sum() > 0
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.7 * losses[0], losses


def test_step_logits_average_to_the_logits():
    """step_logits (for TET's loss on every step) gives each step's own class
    scores, and their time mean is exactly what the model outputs."""
    model, x = make_model(CONFIGS[2], seed=3, exact=True)
    model.eval()
    with torch.no_grad():
        steps = model.step_logits(x)
        logits = model.logits(x)
    assert steps.shape == (x.shape[0], x.shape[1], model.num_classes)
    assert not torch.equal(steps[0], steps[-1])  # the steps differ, or the test proves nothing
    torch.testing.assert_close(steps.mean(dim=0), logits, rtol=0, atol=0)


def test_class_scores_are_the_logits_of_each_image_in_eval_mode():
    """class_scores (the test accuracy of train.py, the agreement of
    spike.evaluate) gives each image's eval-mode logits whatever the batch
    split, and leaves the model in eval mode."""
    model, x = make_model(CONFIGS[2], seed=5, exact=True)
    images = x[0].numpy()  # the static images [3, C, H, W] the steps repeat
    model.eval()
    with torch.no_grad():
        want = np.stack([model.logits(model.repeat_input(torch.from_numpy(images[i:i + 1])))[0]
                         .numpy() for i in range(len(images))])
    assert not np.allclose(want[0], want[1])  # images with their own scores, or it proves nothing
    model.train()
    for batch in (1, 2, 500):
        got = class_scores(model, images, batch)
        assert not model.training
        assert got.shape == (len(images), model.num_classes)
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


@pytest.mark.skipif(tool("spike-import", "SPIKE_IMPORT") is None, reason="spike-import not built")
@pytest.mark.parametrize("config", [CONFIGS[1], CONFIGS[4]], ids=["ssa", "a2os2a-pool4"])
def test_spike_import_accepts_exported_files(tmp_path, config):
    model, x = make_model(config, seed=1, exact=True)
    export_nir(model, tmp_path / "m.nir")
    steps, batch = 3, 2
    result = subprocess.run([tool("spike-import", "SPIKE_IMPORT"), "--timesteps", str(steps),
                             "--batch", str(batch), str(tmp_path / "m.nir")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    channels, (height, width) = model.in_channels, model.img_size
    assert (f"func.func @forward(%arg0: tensor<{steps}x{batch}x{channels}x{height}x{width}xf32>)"
            f" -> tensor<{steps}x{batch}x{model.num_classes}xf32>") in result.stdout
    assert "spike.attention" in result.stdout if model.depth else True


def test_export_rejects_other_modules(tmp_path):
    with pytest.raises(TypeError, match="cannot export"):
        export_nir(torch.nn.Linear(2, 2), tmp_path / "x.nir")
