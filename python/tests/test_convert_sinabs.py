"""Sinabs 3.1 models, unmodified, through spike.torch.convert and
spike.compile (handlers/sinabs.py).

Sinabs layers keep their state between calls; the model is stepped one time
step per call (``net(x[t])`` on [B, ...], the *Squeeze layers built with
``batch_size=B``), as Sinabs' users and test_framework_exports.py do.
Weights are multiples of 1/64, biases of 1/16, decays 1/2 or 3/4,
thresholds on the grid of the membranes (so Sinabs' ``v >= θ`` ties occur)
and inputs binary events: every value is exact in float32, and the compiled
model must give Sinabs' spikes bit for bit in every neuron layer
(probes=True) and its output (SPEC section 5); so must the NumPy
interpreter on the written NIR file. The settings spike cannot express are
ConversionErrors naming the module path.
"""

import numpy as np
import pytest
import torch
from torch import nn

import spike
from spike import interpreter
from spike.torch.converter import ConversionError, convert

from model_helpers import binary_events, dyadic, dyadic_synapses, random_choice, tool

sinabs = pytest.importorskip("sinabs")
import sinabs.layers as sl  # noqa: E402
from sinabs.activation import (MaxSpike, MembraneReset, MembraneSubtract,  # noqa: E402
                               SingleSpike)

T, B = 8, 4
HEIGHT = WIDTH = 12
needs_compile = pytest.mark.skipif(tool("spike-compile", "SPIKE_COMPILE") is None,
                                   reason="spike-compile is not built")


def _tau(alpha):
    """A tau_mem for which Sinabs' float32 exp(-1/tau) is exactly ``alpha``."""
    tau = float(np.float32(-1.0 / np.log(alpha)))
    assert torch.exp(-1.0 / torch.tensor(tau)).item() == alpha
    return tau








def _neurons(model):
    return {name: m for name, m in model.named_modules()
            if isinstance(m, sl.StatefulLayer) and m.spike_fn is not None}


def _step_run(model, x, neurons):
    """Steps ``model`` over x [T, B, ...] after sinabs.reset_states: the
    outputs [T, B, ...] and {module path: spikes [T, B, ...]}."""
    sinabs.reset_states(model)
    spikes = {name: [] for name in neurons}
    hooks = [m.register_forward_hook(
        lambda m, a, o, name=name: spikes[name].append(o.detach().numpy().copy()))
        for name, m in neurons.items()]
    try:
        with torch.no_grad():
            out = np.stack([model(x[t]).numpy() for t in range(x.shape[0])])
    finally:
        for h in hooks:
            h.remove()
        sinabs.reset_states(model)
    return out, {name: np.stack(v) for name, v in spikes.items()}


def _interpreted(graph, x, conversion):
    """{"output": ..., module path: spikes} from the interpreter on ``graph``."""
    flat = interpreter.run(graph, np.asarray(x))
    size = int(np.prod(conversion.output_shape))
    result = {"output": flat[..., :size].reshape(flat.shape[:2] + conversion.output_shape)}
    offset = size
    for probe in conversion.probes:
        n = int(np.prod(probe.shape))
        result[probe.path] = flat[..., offset:offset + n].reshape(flat.shape[:2] + probe.shape)
        offset += n
    return result


def _check_interpreter(conversion, x, out, spikes, graph=None):
    got = _interpreted(graph or conversion.graph, x, conversion)
    np.testing.assert_array_equal(got.pop("output"), out)
    assert set(got) == set(spikes)
    for name, mine in got.items():
        np.testing.assert_array_equal(mine, spikes[name].reshape(mine.shape), err_msg=name)


def _check_compiled(model, x, out, spikes, tmp_path, rates=(0.03, 0.7)):
    compiled = spike.compile(model, x[0], timesteps=x.shape[0], probes=True, keep=tmp_path)
    layers = compiled.layer_spikes(x)
    assert set(layers) == set(spikes)
    for name, mine in layers.items():
        np.testing.assert_array_equal(mine, spikes[name].reshape(mine.shape), err_msg=name)
        assert rates[0] <= spikes[name].mean() <= rates[1], (name, spikes[name].mean())
    np.testing.assert_array_equal(compiled(x).numpy(), out)
    _check_interpreter(compiled.conversion, x, out, spikes, graph=tmp_path / "model.nir")
    return compiled


# --- the CNN of test_framework_exports.py --------------------------------------

def _cnn(rng):
    """Conv2d -> IAFSqueeze (hard reset) -> Conv2d stride 2 -> IAFSqueeze
    (soft) -> SumPool2d -> Flatten -> Linear -> IAFSqueeze (soft) -> Linear
    -> LIFSqueeze (soft, α = 3/4), single spikes, thresholds on the grid."""
    def thresholds(shape):
        return random_choice(rng, [0.75, 1.0, 1.25], shape)

    common = dict(spike_fn=SingleSpike, batch_size=B)
    net = nn.Sequential(
        nn.Conv2d(2, 8, 3, padding=1),
        sl.IAFSqueeze(spike_threshold=thresholds((8, HEIGHT, WIDTH)),
                      reset_fn=MembraneReset(), **common),
        nn.Conv2d(8, 8, 3, stride=2, padding=1),
        sl.IAFSqueeze(spike_threshold=thresholds((8, HEIGHT // 2, WIDTH // 2)),
                      reset_fn=MembraneSubtract(), **common),
        sl.SumPool2d(2),
        nn.Flatten(),
        nn.Linear(8 * 3 * 3, 32),
        sl.IAFSqueeze(spike_threshold=thresholds((32,)), reset_fn=MembraneSubtract(),
                      **common),
        nn.Linear(32, 10),
        sl.LIFSqueeze(tau_mem=torch.full((10,), _tau(0.75)), spike_threshold=thresholds((10,)),
                      reset_fn=MembraneSubtract(), **common),
    )
    dyadic_synapses(net, rng, [4.0, 3.0, 2.0, 8.0])
    return net


def _variant(graph, **changes):
    """A copy of ``graph`` with ``changes`` applied to every spike.LIF."""
    import copy
    graph = copy.deepcopy(graph)
    for node in graph.nodes.values():
        if type(node).__name__ == "LIF" and hasattr(node, "compare"):
            for key, value in changes.items():
                setattr(node, key, value)
    return graph


@needs_compile
def test_sinabs_cnn(tmp_path):
    rng = np.random.default_rng(3)
    torch.manual_seed(0)
    net = _cnn(rng)
    x = binary_events(rng, (T, B, 2, HEIGHT, WIDTH))
    out, spikes = _step_run(net, x, _neurons(net))
    compiled = _check_compiled(net, x, out, spikes, tmp_path)
    conversion = compiled.conversion
    assert [p.path for p in conversion.probes] == ["1", "3", "7", "9"]
    kinds = {n: (v.compare, v.reset) for n, v in conversion.graph.nodes.items()
             if type(v).__name__ == "LIF" and hasattr(v, "compare")}
    assert kinds == {"1": ("ge", "hard"), "3": ("ge", "soft"), "7": ("ge", "soft"),
                     "9": ("ge", "soft")}
    # The thresholds are reached exactly (ties) and the soft resets matter:
    # NIR's reading of Sinabs' export (v > θ, hard reset) differs.
    for changes in ({"compare": "gt"}, {"reset": "hard"}):
        got = _interpreted(_variant(conversion.graph, **changes), x, conversion)
        assert any((got[name] != spikes[name].reshape(got[name].shape)).any()
                   for name in spikes), changes


# --- settings: plain layers, synaptic currents, reset values, ExpLeak ------------

class _Settings(nn.Module):
    """Linear -> LIF (tau_syn, norm_input=False, MembraneSubtract(0.5) with
    per-neuron thresholds) -> Linear -> IAF (MembraneReset(-0.25)) -> Linear
    -> ExpLeak readout; plain layers on [B, 1, N]."""

    def __init__(self, rng):
        super().__init__()
        self.fc1 = nn.Linear(12, 16)
        self.lif = sl.LIF(tau_mem=_tau(0.75), tau_syn=_tau(0.5), norm_input=False,
                          spike_threshold=random_choice(rng, [0.5, 0.75, 1.0], (16,)),
                          spike_fn=SingleSpike, reset_fn=MembraneSubtract(0.5))
        self.fc2 = nn.Linear(16, 10)
        self.iaf = sl.IAF(spike_threshold=1.0, spike_fn=SingleSpike,
                          reset_fn=MembraneReset(reset_value=-0.25))
        self.fc3 = nn.Linear(10, 4)
        self.readout = sl.ExpLeak(tau_mem=_tau(0.5), norm_input=True)

    def forward(self, x):
        return self.readout(self.fc3(self.iaf(self.fc2(self.lif(self.fc1(x))))))


@needs_compile
def test_sinabs_settings_compiled(tmp_path):
    rng = np.random.default_rng(5)
    net = _Settings(rng)
    dyadic_synapses(net, rng, [3.0, 3.0, 2.0])
    x = binary_events(rng, (T, B, 1, 12), rate=0.4)
    out, spikes = _step_run(net, x, _neurons(net))
    _check_compiled(net, x, out, spikes, tmp_path)


def _single(layer, n=6):
    return nn.Sequential(nn.Sequential(nn.Linear(n, n), layer))


def _case(rng, make, shape, gain=4.0):
    net = make()
    dyadic_synapses(net, rng, [gain] * sum(isinstance(m, (nn.Conv2d, nn.Linear))
                                    for m in net.modules()))
    x = binary_events(rng, (12,) + shape, rate=0.5)
    out, spikes = _step_run(net, x, _neurons(net))
    conversion = convert(net, x[0], timesteps=12, probes=True)
    _check_interpreter(conversion, x, out, spikes)
    return conversion, spikes


ALPHA_TAU = {a: _tau(a) for a in (0.5, 0.75)}
RESETS = [MembraneReset(), MembraneReset(0.25), MembraneReset(-0.5), MembraneSubtract(),
          MembraneSubtract(0.5)]


@pytest.mark.parametrize("reset", RESETS, ids=repr)
@pytest.mark.parametrize("kind", ["IAF", "IAFSqueeze", "LIF", "LIFSqueeze",
                                  "LIF-syn-raw", "LIFSqueeze-perneuron-syn", "LIF-alphas"])
def test_sinabs_every_setting(kind, reset):
    """Every neuron class x reset function x synaptic current / norm_input /
    per-neuron parameters: spikes identical through the interpreter."""
    rng = np.random.default_rng(11)
    n = 6
    theta = random_choice(rng, [0.5, 0.75, 1.0], (n,))
    common = dict(spike_threshold=theta, spike_fn=SingleSpike, reset_fn=reset)
    squeeze = "Squeeze" in kind
    shape = (B, n) if squeeze else (B, 1, n)
    extra = dict(batch_size=B) if squeeze else {}
    if kind.startswith("IAF"):
        layer = (sl.IAFSqueeze if squeeze else sl.IAF)(**common, **extra)
    else:
        tau = ALPHA_TAU[0.75]
        kwargs = dict(tau_mem=tau)
        if "perneuron" in kind:
            kwargs["tau_mem"] = torch.tensor([ALPHA_TAU[0.5], ALPHA_TAU[0.75]] * (n // 2))
        if "syn" in kind:
            kwargs["tau_syn"] = ALPHA_TAU[0.5]
        if "raw" in kind:
            kwargs["norm_input"] = False
        if "alphas" in kind:
            kwargs.update(train_alphas=True, tau_syn=ALPHA_TAU[0.5])
        layer = (sl.LIFSqueeze if squeeze else sl.LIF)(**kwargs, **common, **extra)
    # norm_input scales the input by 1 - 3/4 (and a synaptic current by 1/2).
    gain = 4.0 if kind.startswith("IAF") or "raw" in kind else 12.0
    conversion, spikes = _case(rng, lambda: _single(layer, n), shape, gain)
    assert [p.path for p in conversion.probes] == ["0.1"]
    assert 0.03 <= spikes["0.1"].mean() <= 0.8


@pytest.mark.parametrize("make", [
    lambda: sl.ExpLeak(tau_mem=_tau(0.75)),
    lambda: sl.ExpLeak(tau_mem=_tau(0.5), norm_input=True),
    lambda: sl.ExpLeakSqueeze(tau_mem=torch.tensor([_tau(0.5), _tau(0.75)] * 3),
                              batch_size=B),
    lambda: sl.LIF(tau_mem=_tau(0.75), tau_syn=_tau(0.5), spike_fn=None, reset_fn=None,
                   spike_threshold=None),
], ids=["ExpLeak", "ExpLeak-norm", "ExpLeakSqueeze-perneuron", "LIF-no-spikes-syn"])
def test_sinabs_exp_leak_readout(make):
    """A non-spiking readout: a Linear -> IAF -> Linear -> ExpLeak chain,
    the readout's membrane identical."""
    rng = np.random.default_rng(2)
    layer = make()
    squeeze = isinstance(layer, sl.ExpLeakSqueeze)
    iaf = (sl.IAFSqueeze(batch_size=B, spike_fn=SingleSpike) if squeeze
           else sl.IAF(spike_fn=SingleSpike, spike_threshold=0.75))

    def build():
        return nn.Sequential(nn.Sequential(nn.Linear(6, 6), iaf, nn.Linear(6, 6), layer))
    conversion, _ = _case(rng, build, (B, 6) if squeeze else (B, 1, 6))
    assert [p.path for p in conversion.probes] == ["0.1"]


@pytest.mark.parametrize("pool", [lambda: sl.SumPool2d(2), lambda: sl.SumPool2d(3, stride=1),
                                  lambda: sl.SumPool2d((2, 3), stride=(1, 2)),
                                  lambda: sl.SumPool2d(3, stride=2, ceil_mode=True)],
                         ids=["2", "3-stride1", "2x3-stride1x2", "3-ceil-exact"])
def test_sinabs_sum_pool(pool):
    """SumPool2d on spikes (kernel areas 4, 9, 6; ceil_mode without partial
    windows) between two IAFSqueeze layers."""
    rng = np.random.default_rng(4)
    size = pool()(torch.zeros(1, 3, 7, 7)).numel()

    def make():
        return nn.Sequential(nn.Sequential(
            nn.Conv2d(2, 3, 3, padding=1), sl.IAFSqueeze(batch_size=B, spike_fn=SingleSpike),
            pool(), nn.Flatten(), nn.Linear(size, 5),
            sl.IAFSqueeze(batch_size=B, spike_fn=SingleSpike, spike_threshold=0.5)))
    conversion, _ = _case(rng, make, (B, 2, 7, 7))
    assert any(type(n).__name__ == "SumPool2d" for n in conversion.graph.nodes.values())


def test_sinabs_stored_state_becomes_v_init(monkeypatch):
    """The handler reads the stored membrane: with a resetter that leaves a
    (sample-uniform) state in place, the converted graph starts from it, as
    Sinabs continues from it. (The converter itself resets every layer
    before tracing, so a model converted as it is starts from zero.)"""
    from spike.torch import handlers
    rng = np.random.default_rng(8)
    n = 6
    hard = sl.IAF(spike_fn=SingleSpike, reset_fn=MembraneReset(0.25), spike_threshold=1.0)
    soft = sl.LIFSqueeze(tau_mem=_tau(0.75), spike_fn=SingleSpike, batch_size=B,
                         spike_threshold=0.75)
    net = nn.Sequential(nn.Linear(n, n), hard, nn.Flatten(), nn.Linear(n, n), soft)
    dyadic_synapses(net, rng, [3.0, 3.0])
    v_hard = torch.tensor(dyadic(rng.uniform(-1, 1, (1, n)), 8), dtype=torch.float32)
    v_soft = torch.tensor(dyadic(rng.uniform(-1, 0.5, (n,)), 8), dtype=torch.float32)

    def load(model):
        hard.v_mem = v_hard.expand(B, n).clone()
        soft.v_mem = v_soft.expand(B, n).clone()
    monkeypatch.setattr(handlers, "RESETTERS", [load])
    x = binary_events(rng, (T, B, 1, n), rate=0.5)
    conversion = convert(net, x[0], timesteps=T, probes=True)
    load(net)
    spikes = {"1": [], "4": []}
    hooks = [m.register_forward_hook(lambda m, a, o, k=k: spikes[k].append(o.numpy().copy()))
             for k, m in (("1", hard), ("4", soft))]
    with torch.no_grad():
        out = np.stack([net(x[t]).numpy() for t in range(T)])
    for h in hooks:
        h.remove()
    _check_interpreter(conversion, x, out, {k: np.stack(v) for k, v in spikes.items()})
    # Samples that start from different membranes are refused.
    hard_rows = torch.tensor(dyadic(rng.uniform(-1, 1, (B, 1, n)), 8), dtype=torch.float32)
    monkeypatch.setattr(handlers, "RESETTERS",
                        [lambda m: setattr(hard, "v_mem", hard_rows[:, 0].clone())])
    with pytest.raises(ConversionError, match="module '1'.*differs between the samples"):
        convert(net, x[0], timesteps=T)


# --- refusals -------------------------------------------------------------------

def _squeeze(**kwargs):
    return sl.IAFSqueeze(batch_size=B, **kwargs)


@pytest.mark.parametrize("layer,shape,message", [
    (lambda: _squeeze(), (B, 6), r"spike_fn=MultiSpike \(Sinabs' default\)"),
    (lambda: _squeeze(spike_fn=MaxSpike(1)), (B, 6), r"MaxSpike\(max_num_spikes_per_bin=1\)"),
    (lambda: _squeeze(spike_fn=SingleSpike, min_v_mem=-1.0), (B, 6), "min_v_mem=-1.0"),
    (lambda: _squeeze(spike_fn=SingleSpike), (B * T, 6),
     r"processes 8 time steps .*batch-major \[B\*T, \.\.\.\]"),
    (lambda: sl.IAF(spike_fn=SingleSpike), (B, T, 6),
     r"processes 8 time steps .*batch-major \[B, T, \.\.\.\]"),
    (lambda: sl.IAFRecurrent(rec_connect=nn.Linear(6, 6), spike_fn=SingleSpike), (B, 1, 6),
     "IAFRecurrent is not supported: .*restarts its recurrent input"),
    (lambda: sl.ALIF(tau_mem=2.0, tau_adapt=2.0, spike_fn=SingleSpike), (B, 1, 6),
     "Sinabs layer ALIF is not supported"),
    (lambda: _squeeze(spike_fn=SingleSpike, reset_fn=lambda s, st, th: st), (B, 6),
     "reset_fn=function is not supported"),
    (lambda: _squeeze(spike_fn=SingleSpike, spike_threshold=torch.tensor(0.1,
                                                                         dtype=torch.float64)),
     (B, 6), "spike_threshold is not exactly representable in float32"),
    (lambda: sl.ExpLeakSqueeze(tau_mem=2.0, batch_size=B, min_v_mem=0.0), (B, 6),
     "min_v_mem=0.0 clamps"),
], ids=["MultiSpike", "MaxSpike", "min_v_mem", "squeeze-sequence", "plain-sequence",
        "IAFRecurrent", "ALIF", "custom-reset", "float64-threshold", "ExpLeak-min_v_mem"])
def test_sinabs_refused(layer, shape, message):
    net = nn.Sequential(nn.Sequential(nn.Linear(6, 6), layer()))
    with pytest.raises(ConversionError, match=rf"module '0\.1' \(\w+\): .*{message}"):
        convert(net, torch.ones(shape), timesteps=T)


def test_sinabs_batch_major_layers_refused():
    net = nn.Sequential(sl.FlattenTime(), nn.Linear(6, 6),
                        _squeeze(spike_fn=SingleSpike), sl.UnflattenTime(B))
    with pytest.raises(ConversionError, match=r"module '0' \(FlattenTime\): .*batch-major"):
        convert(net, torch.ones(B, 1, 6), timesteps=T)
