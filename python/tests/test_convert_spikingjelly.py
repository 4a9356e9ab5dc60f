"""SpikingJelly 2.0's spiking transformers, unmodified, through
spike.compile: Spikformer (SSA), the Spike-driven Transformer (spike-driven
self-attention: AND and count of spikes) and QKFormer (Q-K token attention,
then SSA), in small widths and depths of the real classes.

* Exact weights (k/64, batch norms on powers of two, SPEC section 5) and a
  dyadic input: the spikes of EVERY neuron layer of the compiled model equal
  SpikingJelly's own (torch backend) bit for bit, and so does the output;
  the NIR file read back and run by the NumPy interpreter gives the same.
* Float weights (SpikingJelly's initialisation, calibrated batch norms):
  at least 99.9 % of all spikes identical and the predicted class identical
  on 64 random inputs.
* Every neuron layer fires 5-30 % (spike.torch.calibrate).
"""

import numpy as np
import pytest
import torch

import spike
from spike import interpreter, nir_io
from spike.torch.calibrate import calibrate_spikingjelly
from spike.torch.converter import ConversionError, convert

sj = pytest.importorskip("spikingjelly.activation_based")
from spikingjelly.activation_based import functional, layer, neuron  # noqa: E402
from spikingjelly.activation_based.model import (qkformer, spike_driven_transformer,  # noqa: E402
                                                 spikformer)

from model_helpers import tool  # noqa: E402

pytestmark = pytest.mark.skipif(tool("spike-compile", "SPIKE_COMPILE") is None,
                                reason="spike-compile is not built")

T = 4
FAMILIES = {
    # Spikformer-CIFAR's layout (patch 4: the last two stem stages pool).
    "spikformer": lambda: spikformer.Spikformer(
        T=T, in_channels=3, img_size_h=32, img_size_w=32, patch_size=4, num_classes=10,
        embed_dims=64, num_heads=4, depths=1),
    # Four pooling stages: 32x32 -> 2x2 tokens.
    "sdt": lambda: spike_driven_transformer.SpikeDrivenTransformer(
        T=T, in_channels=3, num_classes=10, embed_dims=64, num_heads=4, depths=1),
    # One block per stage: token Q-K attention, token Q-K attention, SSA.
    "qkformer": lambda: qkformer.QKFormer(
        T=T, in_channels=3, num_classes=10, embed_dims=64, num_heads=(2, 2, 2),
        depths=(1, 1, 1)),
}


def build(family, exact, calibration):
    torch.manual_seed(1)
    model = FAMILIES[family]()
    rates = calibrate_spikingjelly(model, calibration, rate=0.15, exact=exact)
    return model, rates


def dyadic_images(n, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, 17, (n, 3, 32, 32), generator=g).float() / 16


def framework_layers(model, x):
    """SpikingJelly's output and {neuron path: spikes} of one forward pass."""
    from spike.torch.handlers import neuron_step_mode
    spikes, hooks = {}, []
    for name, module in model.named_modules():
        if neuron_step_mode(module):
            hooks.append(module.register_forward_hook(
                lambda m, a, o, name=name: spikes.__setitem__(name, o.detach().numpy())))
    functional.reset_net(model)
    try:
        with torch.no_grad():
            out = model(x).numpy()
    finally:
        for h in hooks:
            h.remove()
        functional.reset_net(model)
    return out, spikes


def compare_layers(ours, theirs):
    """(differing spikes, total spikes) over every neuron layer."""
    assert set(ours) == set(theirs), set(ours) ^ set(theirs)
    differ = total = 0
    for name, mine in ours.items():
        want = theirs[name].reshape(mine.shape)  # SSA reshapes after its attn_lif
        differ += int((mine != want).sum())
        total += mine.size
    return differ, total


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_exact_every_layer(family, tmp_path):
    x = dyadic_images(2, seed=3)
    model, rates = build(family, exact=True, calibration=x)
    assert all(0.05 <= r <= 0.30 for r in rates.values()), rates
    compiled = spike.compile(model, x, probes=True, threads=2, keep=tmp_path)
    want, layers = framework_layers(model, x)
    ours = compiled.layer_spikes(x)
    for name, mine in ours.items():
        np.testing.assert_array_equal(mine, layers[name].reshape(mine.shape), err_msg=name)
    np.testing.assert_array_equal(compiled(x).numpy(), want)
    # The NIR round trip: the file read back (types checked) and run by the
    # NumPy interpreter gives the same spikes.
    graph = nir_io.read_graph(tmp_path / "model.nir")
    seq = np.broadcast_to(x.numpy(), (T,) + tuple(x.shape))
    flat = interpreter.run(graph, seq)
    offset = int(np.prod(compiled.conversion.output_shape))
    for probe in compiled.conversion.probes:
        size = int(np.prod(probe.shape))
        got = flat[..., offset:offset + size].reshape((T, 2) + tuple(probe.shape))
        np.testing.assert_array_equal(got, layers[probe.path].reshape(got.shape),
                                      err_msg=probe.path)
        offset += size


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_float_weights(family):
    calibration = torch.rand(4, 3, 32, 32, generator=torch.Generator().manual_seed(5))
    model, _ = build(family, exact=False, calibration=calibration)
    x = torch.rand(64, 3, 32, 32, generator=torch.Generator().manual_seed(6))
    compiled = spike.compile(model, x, probes=True, threads=2)
    want, layers = framework_layers(model, x)
    differ, total = compare_layers(compiled.layer_spikes(x), layers)
    assert differ <= 0.001 * total, f"{differ} of {total} spikes differ"
    got = compiled(x).numpy()
    if got.ndim == 3:  # per-step scores [T, N, classes]
        got, want = got.mean(0), want.mean(0)
    np.testing.assert_array_equal(got.argmax(-1), want.argmax(-1))


def test_single_step_neuron_is_refused():
    model = torch.nn.Sequential(layer.Conv2d(3, 8, 3, padding=1), layer.BatchNorm2d(8),
                                neuron.LIFNode())  # step_mode "s": one call, one step
    with pytest.raises(ConversionError, match=r"module '2' \(LIFNode\): a stateful neuron "
                                              r"in single-step mode"):
        convert(model, dyadic_images(1, 0), timesteps=T)


def test_unsupported_module_is_named():
    model = torch.nn.Sequential(
        layer.Conv2d(3, 8, 3, padding=1, step_mode="m"),
        neuron.LIFNode(step_mode="m"),
        layer.Conv2d(8, 8, 3, padding=1, step_mode="m"),
        neuron.QIFNode(step_mode="m"))
    with pytest.raises(ConversionError, match=r"module '3' \(QIFNode\): spikingjelly neuron "
                                              r"QIFNode is not supported"):
        convert(model, torch.rand(T, 1, 3, 8, 8))


def test_unsupported_operation_is_named():
    class Gelu(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = layer.Conv2d(3, 8, 3, padding=1, step_mode="m")
            self.lif = neuron.LIFNode(step_mode="m")

        def forward(self, x):
            return torch.nn.functional.gelu(self.lif(self.conv(x)))

    with pytest.raises(ConversionError, match=r"module '<root>' \(Gelu\): "
                                              r"torch.nn.functional.gelu is not supported"):
        convert(Gelu(), torch.rand(T, 1, 3, 8, 8))


def test_example_input_of_the_wrong_shape_names_the_module():
    model = FAMILIES["spikformer"]()
    with pytest.raises(ConversionError, match=r"module 'patch_embed\.stages\.0\.conv_bn"
                                              r"\.block\.0' \(Conv2d\) failed on the example"):
        convert(model, torch.rand(1, 4, 32, 32))


def test_call_with_the_wrong_shape_is_refused():
    x = dyadic_images(1, seed=0)
    model, _ = build("sdt", exact=True, calibration=x)
    compiled = spike.compile(model, x)
    with pytest.raises(ValueError, match=r"expected input \[N, 3, 32, 32\]"):
        compiled(torch.rand(1, 3, 16, 16))
    # Any number of samples: chunks of the compiled batch.
    xs = dyadic_images(3, seed=1)
    np.testing.assert_array_equal(compiled(xs).numpy(), framework_layers(model, xs)[0])


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_gpu_lowering_in_host_emulation(family):
    """The converted model through --spike-gpu-pipeline with host-emulation=1
    (the CUDA lowering up to the kernel launches, whose threads run as host
    loops) gives SpikingJelly's output bit for bit on exact weights."""
    from spike.mlir_runner import Program
    x = dyadic_images(1, seed=3)
    model, _ = build(family, exact=True, calibration=x)
    text = convert(model, x, emit_mlir=True).mlir
    start = text.index("module {")  # the function inside, its map aliases before it
    program = Program()
    program.add("forward", text[:start] + text[start + len("module {"):text.rindex("}")],
                [np.broadcast_to(x.numpy(), (T,) + tuple(x.shape))])
    got = program.run("host-emulation=1", pipeline="spike-gpu-pipeline")["forward"][0]
    want, _ = framework_layers(model, x)
    np.testing.assert_array_equal(got if want.ndim == 3 else got[0], want)
