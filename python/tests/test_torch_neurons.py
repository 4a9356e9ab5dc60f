"""spike.torch neurons and attention compute exactly what the NumPy
reference computes, and pass surrogate gradients."""

import nir
import numpy as np
import pytest
import torch

from spike import interpreter, nir_params
from spike import reference as ref
from spike.torch import A2OS2AAttention, LIF, SSAAttention, TernaryLIF, multi_head_attention
from spike.torch.export import attention_node

rng = np.random.default_rng(7)

LIF_CASES = [
    dict(),
    dict(compare="gt", reset="soft", v_threshold=0.7),
    dict(reset="none", decay=0.9, gain=1.0, bias=0.05),
    dict(decay=np.array([0.5, 0.75, 0.25, 1.0], np.float32), v_reset=-0.3, v_init=0.4),
    dict(v_threshold=np.array([0.5, 1.0, 1.5, 2.0], np.float32), reset="soft"),
]


@pytest.mark.parametrize("params", LIF_CASES)
def test_lif_matches_reference_bit_for_bit(params):
    x = rng.normal(0.8, 1.5, (20, 3, 4)).astype(np.float32)
    got = LIF(**params)(torch.from_numpy(x)).numpy()
    np.testing.assert_array_equal(got, ref.lif(x, **params).astype(np.float32))
    assert 0 < got.mean() < 1


@pytest.mark.parametrize("params", [p for p in LIF_CASES if "compare" not in p])
def test_ternary_lif_matches_reference_bit_for_bit(params):
    x = rng.normal(0.0, 2.0, (20, 3, 4)).astype(np.float32)
    got = TernaryLIF(**params)(torch.from_numpy(x)).numpy()
    want = ref.ternary_lif(x, **params).astype(np.float32)
    np.testing.assert_array_equal(got, want)
    assert (want == 1).any() and (want == -1).any()


def test_step_api_and_state():
    lif = LIF(v_init=0.5)
    v = lif.initial_state((2,))
    s, v = lif.step(torch.tensor([3.0, 0.0]), v)
    np.testing.assert_array_equal(s.numpy(), [1.0, 0.0])
    np.testing.assert_array_equal(v.numpy(), [0.0, 0.25])


def test_spikingjelly_constructor_uses_the_spec_mapping():
    lif = LIF.spikingjelly(tau=4.0, v_reset=0.4, decay_input=False)
    p = nir_params.spikingjelly_lif(4.0, 0.4, 1.0, False)
    fields = lif.nir_fields()
    for key in ("decay", "gain", "bias", "v_threshold", "v_reset"):
        assert fields[key] == p[key], key
    assert (fields["compare"], fields["reset"]) == ("ge", "hard")


@pytest.mark.parametrize("surrogate", ["atan", "sigmoid"])
def test_surrogate_gradients_flow(surrogate):
    x = torch.randn(6, 2, 5, requires_grad=True)
    weight = torch.randn(6, 2, 5)
    loss = ((LIF(surrogate=surrogate)(x) * weight).sum()
            + (TernaryLIF(surrogate=surrogate)(x) * weight).sum())
    loss.backward()
    assert torch.isfinite(x.grad).all() and (x.grad != 0).all()


def test_neuron_argument_checks():
    with pytest.raises(ValueError, match="compare"):
        LIF(compare="lt")
    with pytest.raises(ValueError, match="reset"):
        LIF(reset="subtract")
    with pytest.raises(ValueError, match="positive"):
        TernaryLIF(v_threshold=0.0)
    with pytest.raises(ValueError, match="finite"):
        LIF(decay=float("nan"))


def test_multi_head_attention_matches_reference():
    q = rng.random((2, 3, 5, 8)) < 0.4
    k = rng.random((2, 3, 5, 8)).astype(np.float32)
    v = rng.integers(-1, 2, (2, 3, 5, 8)).astype(np.int8)
    got = multi_head_attention(torch.from_numpy(q.astype(np.float32)), torch.from_numpy(k),
                               torch.from_numpy(v.astype(np.float32)), 4, 0.5).numpy()
    want = ref.attention(q, k, v, num_heads=4, scale=0.5)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6 * np.abs(want).max())


@pytest.mark.parametrize("cls", [A2OS2AAttention, SSAAttention])
def test_attention_module_equals_its_nir_node(cls):
    """The module in eval mode and the spike.SelfAttention node it exports."""
    torch.manual_seed(0)
    attn = cls(dim=8, num_heads=2)
    for p in "qkv":
        bn = getattr(attn, f"{p}_bn")
        bn.running_mean.uniform_(-0.5, 0.5)
        bn.running_var.uniform_(0.5, 2.0)
        bn.weight.data.uniform_(1.0, 3.0)
        # Dyadic weights: every sum exact, so spikes and outputs match bit for bit.
        getattr(attn, f"{p}_linear").weight.data = torch.randint(-32, 33, (8, 8)) / 32.0
    attn.eval()
    s = (torch.rand(4, 2, 6, 8) < 0.4).float()
    with torch.no_grad():
        want = attn(s).numpy()
    node = attention_node(attn, (6, 8))
    graph = nir.NIRGraph(nodes={"input": nir.Input(np.array([6, 8])), "attn": node,
                                "output": nir.Output(np.array([6, 8]))},
                         edges=[("input", "attn"), ("attn", "output")])
    got = interpreter.run(graph, s.numpy())
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
    assert np.abs(want).max() > 0
