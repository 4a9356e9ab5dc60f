"""examples/fashion-mnist/train.py's --init from a shallower model: the
blocks it lacks start as the identity, so the grown model computes what the
weights it started from did; weights that do not fit are refused."""

import importlib.util

import pytest
import torch

from model_helpers import ROOT

SCRIPT = ROOT / "examples" / "fashion-mnist" / "train.py"
SMALL = dict(img_size=(8, 8), in_channels=1, embed_dim=16, num_heads=2, depth=1,
             timesteps=2, num_classes=3, stem_pools=2, mlp_ratio=2,
             stem_channels=[4, 8, 8])


@pytest.fixture(scope="module")
def train():
    spec = importlib.util.spec_from_file_location("fashion_mnist_train", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def trained_like(train, config, seed):
    """A model of ``config`` whose weights and statistics are not the defaults,
    so that an identity that only holds at initialisation would not pass."""
    torch.manual_seed(seed)
    model = train.make_model("a2os2a", config)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.3 * torch.randn_like(p))
        for name, b in model.named_buffers():
            if name.endswith("running_var"):
                b.uniform_(0.5, 2.0)
            elif name.endswith("running_mean"):
                b.normal_(0.0, 0.3)
    return model.eval()


def test_a_grown_block_starts_as_the_identity(train):
    shallow = trained_like(train, SMALL, seed=0)
    # The deep model's own weights are far from the defaults too, so that its
    # new blocks fire and only their zeroed batch norms can make them silent.
    deep = trained_like(train, dict(SMALL, depth=3), seed=4)
    assert train.load_init(deep, shallow.state_dict()) == ["block1", "block2"]
    torch.manual_seed(1)
    x = shallow.repeat_input(torch.rand(5, 1, 8, 8) * 2)
    with torch.no_grad():
        expected = shallow.logits(x)
        assert expected.abs().max() > 0
        assert torch.equal(deep.logits(x), expected)
        # the kept block is the shallow model's, not a fresh one
        assert torch.equal(deep.block0.fc1.weight, shallow.block0.fc1.weight)
        # the branches end in a batch norm of scale and shift 0 ...
        for block in deep.blocks[1:]:
            for norm in (block.proj_bn, block.fc2_bn):
                assert not norm.weight.any() and not norm.bias.any()
        # ... and with their scales back, the new blocks change the scores
        for block in deep.blocks[1:]:
            block.proj_bn.weight.fill_(1.0)
            block.fc2_bn.weight.fill_(1.0)
        assert not torch.allclose(deep.logits(x), expected)


def test_weights_of_the_same_depth_load_as_they_are(train):
    source = trained_like(train, SMALL, seed=2)
    model = train.make_model("a2os2a", SMALL)
    assert train.load_init(model, source.state_dict()) == []
    for key, value in source.state_dict().items():
        assert torch.equal(model.state_dict()[key], value), key


def test_weights_that_do_not_fit_are_refused(train):
    shallow = trained_like(train, SMALL, seed=3).state_dict()
    deeper = train.make_model("a2os2a", dict(SMALL, depth=2)).state_dict()
    with pytest.raises(ValueError, match="unexpected keys"):
        train.load_init(train.make_model("a2os2a", SMALL), deeper)
    with pytest.raises(RuntimeError, match="size mismatch"):
        train.load_init(train.make_model("a2os2a", dict(SMALL, embed_dim=24)), shallow)
