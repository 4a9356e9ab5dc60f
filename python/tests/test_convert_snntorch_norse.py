"""snnTorch 1.0 and Norse 1.1 models, unmodified, through spike.torch.convert
and spike.compile (handlers/snntorch.py, handlers/norse.py).

snnTorch neurons and Norse cells are single-step: the model's forward is one
time step and the test loops over time, as their users do; Norse's LIF, LI
and LIFRecurrent run whole sequences. Weights are multiples of 1/64, biases
of 1/16, decays 1/2 or 3/4, thresholds dyadic and inputs binary events, so
every value is exact in float32 and the compiled model must give the
framework's spikes bit for bit, in every neuron layer (probes=True), and its
output (SPEC section 5); so must the NumPy interpreter on the written NIR file.

Every snnTorch reset mechanism x reset_delay x neuron class is checked
against snnTorch through the interpreter (fast); the settings spike cannot
express are ConversionErrors naming the module path.
"""

import numpy as np
import pytest
import torch
from torch import nn

import spike
from spike import interpreter
from spike.torch.converter import ConversionError, convert

from model_helpers import binary_events, dyadic, dyadic_synapses, random_choice, tool

T, B = 8, 3
needs_compile = pytest.mark.skipif(tool("spike-compile", "SPIKE_COMPILE") is None,
                                   reason="spike-compile is not built")








def _step_run(model, x, neurons, reset, step=None):
    """Steps ``model`` over x [T, B, ...] (``step(model, x_t)``, default
    ``model(x_t)``) after ``reset(model)``: the outputs [T, B, ...] and
    {module path: spikes [T, B, ...]} of the modules ``neurons``."""
    step = step or (lambda m, xt: m(xt))
    reset(model)
    spikes = {name: [] for name in neurons}
    hooks = [module.register_forward_hook(
        lambda m, a, o, name=name: spikes[name].append(
            (o[0] if isinstance(o, tuple) else o).detach().numpy().copy()))
        for name, module in neurons.items()]
    try:
        with torch.no_grad():
            out = np.stack([step(model, x[t]).numpy() for t in range(x.shape[0])])
    finally:
        for h in hooks:
            h.remove()
        reset(model)
    return out, {name: np.stack(v) for name, v in spikes.items()}


def _check_interpreter(conversion, x, out, spikes, path=None):
    """The NumPy interpreter on the converted graph (or its NIR file):
    output and every probed layer equal the framework's."""
    flat = interpreter.run(path or conversion.graph, np.asarray(x))
    size = int(np.prod(conversion.output_shape))
    np.testing.assert_array_equal(flat[..., :size].reshape(out.shape), out)
    offset = size
    assert {p.path for p in conversion.probes} == set(spikes)
    for probe in conversion.probes:
        n = int(np.prod(probe.shape))
        got = flat[..., offset:offset + n]
        np.testing.assert_array_equal(got, spikes[probe.path].reshape(got.shape),
                                      err_msg=probe.path)
        offset += n


def _check_compiled(model, example, x, out, spikes, tmp_path, timesteps=T, rates=(0.05, 0.7)):
    compiled = spike.compile(model, example, timesteps=timesteps, probes=True, keep=tmp_path)
    layers = compiled.layer_spikes(x)
    assert set(layers) == set(spikes)
    for name, mine in layers.items():
        np.testing.assert_array_equal(mine, spikes[name].reshape(mine.shape), err_msg=name)
        assert rates[0] <= spikes[name].mean() <= rates[1], (name, spikes[name].mean())
    np.testing.assert_array_equal(compiled(x).numpy(), out)
    _check_interpreter(compiled.conversion, x, out, spikes, path=tmp_path / "model.nir")
    return compiled


# --- snnTorch ------------------------------------------------------------------

snn = pytest.importorskip("snntorch")


def _snn_reset(model):
    for m in model.modules():
        if isinstance(m, snn.SpikingNeuron):
            m.reset_mem()
    if hasattr(model, "reset"):
        model.reset()


def _snn_neurons(model):
    return {name: m for name, m in model.named_modules() if isinstance(m, snn.SpikingNeuron)}


class _Chain(nn.Module):
    """Linear -> neuron -> Linear -> neuron ...: one time step per call
    (neurons with init_hidden=True)."""

    def __init__(self, sizes, neurons):
        super().__init__()
        self.fcs = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.lifs = nn.ModuleList(neurons)

    def forward(self, x):
        for fc, lif in zip(self.fcs, self.lifs):
            x = lif(fc(x))
        return x


def _owed_spikes(model, x, path):
    """Whether the snnTorch neuron at ``path`` (reset_delay=False, subtract)
    ever stores a membrane above its threshold: the case in which it owes
    a spike (handlers/snntorch.py)."""
    module = dict(model.named_modules())[path]
    seen = []
    hook = module.register_forward_hook(
        lambda m, a, o: seen.append(bool((m.mem > m.threshold).any())))
    _step_run(model, x, {}, _snn_reset)
    hook.remove()
    return any(seen)


@needs_compile
def test_snntorch_feedforward(tmp_path):
    """Leaky (subtract, reset_delay: per-neuron beta and threshold) ->
    Synaptic (subtract, no reset_delay: a membrane can exceed 2 theta) ->
    Leaky (zero) -> Leaky (none)."""
    rng = np.random.default_rng(0)
    model = _Chain([6, 12, 10, 8, 5], [
        snn.Leaky(beta=random_choice(rng, [0.5, 0.75], 12),
                  threshold=random_choice(rng, [0.5, 1.0], 12),
                  init_hidden=True),
        snn.Synaptic(alpha=0.5, beta=0.75, threshold=0.5, init_hidden=True, reset_delay=False),
        snn.Leaky(beta=0.75, init_hidden=True, reset_mechanism="zero"),
        snn.Leaky(beta=0.5, threshold=0.75, init_hidden=True, reset_mechanism="none"),
    ])
    dyadic_synapses(model, rng, 3.0)
    x = binary_events(rng, (T, B, 6), rate=0.4)
    out, spikes = _step_run(model, x, _snn_neurons(model), _snn_reset)
    assert _owed_spikes(model, x, "lifs.1")
    _check_compiled(model, x[0], x, out, spikes, tmp_path)


@needs_compile
def test_snntorch_recurrent(tmp_path):
    """RLeaky (all-to-all Linear with bias, subtract, no reset_delay) ->
    RSynaptic (all-to-all, subtract) -> RLeaky (one-to-one V, zero, no
    reset_delay) -> RSynaptic (one-to-one, none). The recurrent bias is
    added at t = 0 too, as snnTorch does."""
    rng = np.random.default_rng(1)
    model = _Chain([6, 10, 10, 8, 5], [
        snn.RLeaky(beta=0.75, linear_features=10, init_hidden=True, reset_delay=False),
        snn.RSynaptic(alpha=0.5, beta=0.5, threshold=0.5, linear_features=10, init_hidden=True),
        snn.RLeaky(beta=0.5, all_to_all=False, V=random_choice(rng, [-0.5, 0.25, 0.5], 8),
                   init_hidden=True, reset_mechanism="zero", reset_delay=False),
        snn.RSynaptic(alpha=0.75, beta=0.5, all_to_all=False, V=0.25, init_hidden=True,
                      reset_mechanism="none"),
    ])
    dyadic_synapses(model, rng, 3.0)
    assert model.lifs[0].recurrent.bias.abs().sum() > 0
    x = binary_events(rng, (T, B, 6), rate=0.4)
    out, spikes = _step_run(model, x, _snn_neurons(model), _snn_reset)
    _check_compiled(model, x[0], x, out, spikes, tmp_path)


class _ConvReadout(nn.Module):
    """init_hidden=False, the state kept by the model between calls:
    Conv2d -> Leaky (membrane starting at 1/4) -> Flatten -> Linear -> Leaky
    (reset "none") whose membrane is the output (a readout)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.lif1 = snn.Leaky(beta=0.75, threshold=1.0)
        self.fc = nn.Linear(4 * 5 * 5, 6)
        self.readout = snn.Leaky(beta=0.5, reset_mechanism="none")
        self.reset()

    def reset(self):
        self.mem1 = torch.full((B, 4, 5, 5), 0.25)
        self.mem2 = self.readout.init_leaky()

    def forward(self, x):
        spk, self.mem1 = self.lif1(self.conv(x), self.mem1)
        _, self.mem2 = self.readout(self.fc(spk.flatten(1)), self.mem2)
        return self.mem2


@needs_compile
def test_snntorch_state_kept_by_the_model(tmp_path):
    rng = np.random.default_rng(2)
    model = _ConvReadout()
    dyadic_synapses(model, rng, 3.0)
    x = binary_events(rng, (T, B, 1, 5, 5), rate=0.5)
    out, spikes = _step_run(model, x, _snn_neurons(model), _snn_reset)
    compiled = _check_compiled(model, x[0], x, out, spikes, tmp_path)
    lif = [n for n in compiled.conversion.graph.nodes.values()
           if type(n).__name__ == "LIF" and getattr(n, "v_init", None) is not None]
    assert [float(n.v_init) for n in lif] == [0.25]


SETTINGS = [(cls, mech, delay) for cls in ("Leaky", "Synaptic", "RLeaky", "RSynaptic")
            for mech in ("subtract", "zero", "none") for delay in (True, False)]


def _unsupported(cls, mech, delay):
    return mech == "zero" and (cls == "RSynaptic" or (cls != "Leaky" and delay))


class _Explicit(nn.Module):
    """Linear -> neuron with init_hidden=False: the state is passed in and
    kept by the model between calls, starting from zeros of the layer's
    shape (RSynaptic with reset_delay=False fails on reset_mem()'s empty
    tensors)."""

    def __init__(self, fc, lif):
        super().__init__()
        self.fc, self.lif = fc, lif
        self.reset()

    def reset(self):
        count = len(self.lif.reset_mem()) if isinstance(self.lif.reset_mem(), tuple) else 1
        self.state = tuple(torch.zeros(B, self.fc.out_features) for _ in range(count))

    def forward(self, x):
        out = self.lif(self.fc(x), *self.state)
        recurrent = isinstance(self.lif, (snn.RLeaky, snn.RSynaptic))
        self.state = out if recurrent else out[1:]
        return out[0]


@pytest.mark.parametrize("cls,mech,delay", SETTINGS,
                         ids=[f"{c}-{m}-{'delay' if d else 'nodelay'}" for c, m, d in SETTINGS])
def test_snntorch_every_reset_setting(cls, mech, delay):
    """Each neuron class with each reset mechanism and reset_delay (the state
    passed explicitly), through the interpreter: identical spikes, or a
    ConversionError for the settings that zero the next membrane including
    its input (handlers/snntorch.py)."""
    rng = np.random.default_rng(3)
    kwargs = dict(beta=0.75, threshold=0.5, reset_mechanism=mech, reset_delay=delay)
    if cls in ("Synaptic", "RSynaptic"):
        kwargs["alpha"] = 0.5
    if cls in ("RLeaky", "RSynaptic"):
        kwargs["linear_features"] = 8
    model = _Explicit(nn.Linear(5, 8), getattr(snn, cls)(**kwargs))
    dyadic_synapses(model, rng, 6.0)
    x = binary_events(rng, (T, B, 5), rate=0.6)
    if _unsupported(cls, mech, delay):
        with pytest.raises(ConversionError, match=r"module 'lif' \(" + cls +
                           r"\): reset_mechanism='zero' with reset_delay=True"):
            convert(model, x[0], timesteps=T)
        return
    out, spikes = _step_run(model, x, _snn_neurons(model), _snn_reset)
    assert 0.05 <= out.mean() <= 0.9
    conversion = convert(model, x[0], timesteps=T, probes=True)
    _check_interpreter(conversion, x, out, spikes)


def test_snntorch_convolutional_rleaky():
    """RLeaky with a recurrent Conv2d (conv2d_channels, kernel_size): the
    recurrent convolution on the cycle, its bias at every step."""
    rng = np.random.default_rng(6)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 3, 3, padding=1)
            self.lif = snn.RLeaky(beta=0.75, threshold=0.5, conv2d_channels=3, kernel_size=3,
                                  init_hidden=True)

        def forward(self, x):
            return self.lif(self.conv(x))

    model = Net()
    dyadic_synapses(model, rng, 4.0)
    x = binary_events(rng, (T, B, 1, 5, 5), rate=0.5)
    out, spikes = _step_run(model, x, _snn_neurons(model), _snn_reset)
    assert 0.05 <= out.mean() <= 0.8
    _check_interpreter(convert(model, x[0], timesteps=T, probes=True), x, out, spikes)


class _Loop(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.lif = snn.Leaky(beta=0.5)

    def forward(self, x):  # four time steps of a static input inside forward
        mem = self.lif.init_leaky()
        out = []
        for _ in range(4):
            spk, mem = self.lif(self.fc(x), mem)
            out.append(spk)
        return torch.stack(out)


class _ReturnsState(nn.Module):
    def __init__(self, neuron):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.lif = neuron

    def forward(self, x):
        return self.lif(self.fc(x))


@pytest.mark.parametrize("make,message", [
    (lambda: _Chain([4, 4], [snn.Leaky(beta=0.5, init_hidden=True, inhibition=True)]),
     r"module 'lifs.0' \(Leaky\): inhibition=True"),
    (lambda: _Chain([4, 4], [snn.Leaky(beta=0.5, init_hidden=True, graded_spikes_factor=2.0)]),
     r"module 'lifs.0' \(Leaky\): graded_spikes_factor must be 1"),
    (lambda: _Chain([4, 4], [snn.Leaky(beta=0.5, init_hidden=True,
                                       state_quant=lambda m: torch.round(m))]),
     r"module 'lifs.0' \(Leaky\): state_quant"),
    (lambda: _Chain([4, 4], [snn.Leaky(beta=0.5, init_hidden=True,
                                       spike_grad=lambda u: (u >= 0).float())]),
     r"module 'lifs.0' \(Leaky\): its spike_grad's forward is not the step"),
    (lambda: _Chain([4, 4], [snn.Alpha(alpha=0.75, beta=0.5, init_hidden=True)]),
     r"module 'lifs.0' \(Alpha\): snnTorch neuron Alpha is not supported"),
    (lambda: _Loop(), r"module 'lif' \(Leaky\): called 4 times in one forward pass"),
    (lambda: _ReturnsState(snn.Leaky(beta=0.5, init_hidden=True, output=True)),
     r"module 'lif' \(Leaky\): the model returns this neuron's mem alongside"),
    (lambda: _ReturnsState(snn.Leaky(beta=0.5, reset_mechanism="zero")),
     r"module 'lif' \(Leaky\): the model returns this neuron's mem alongside"),
], ids=["inhibition", "graded_spikes", "state_quant", "spike_grad", "alpha", "loop",
        "spk_mem_hidden", "spk_mem"])
def test_snntorch_refused(make, message):
    model = make()
    with pytest.raises(ConversionError, match=message):
        convert(model, torch.ones(2, 4), timesteps=T)


def test_snntorch_membrane_of_a_zero_reset_is_refused():
    class Readout(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.lif = snn.Leaky(beta=0.5, reset_mechanism="zero", init_hidden=True,
                                 output=True)

        def forward(self, x):
            return self.lif(self.fc(x))[1]

    with pytest.raises(ConversionError, match=r"module 'lif' \(Leaky\): the model uses the "
                                              r"membrane of a neuron with reset_mechanism"):
        convert(Readout(), torch.ones(2, 4), timesteps=T)


def test_snntorch_state_by_keyword_is_noticed():
    """A membrane passed by keyword, which the handler does not take, is
    refused rather than ignored."""
    class Keyword(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.lif = snn.Leaky(beta=0.5)
            self.mem = torch.full((2, 4), 0.75)

        def forward(self, x):
            spk, self.mem = self.lif(self.fc(x), mem=self.mem)
            return spk

    model = Keyword()
    nn.init.constant_(model.fc.weight, 0.25)
    with pytest.raises(ConversionError, match=r"module 'lif' \(Leaky\): called with the tensor "
                                              r"argument\(s\) mem by keyword"):
        convert(model, torch.ones(2, 4), timesteps=T)


# --- Norse ---------------------------------------------------------------------

norse = pytest.importorskip("norse.torch")
DT = 0.125  # with tau_*_inv in {2, 4}: dt * tau_inv in {1/4, 1/2}


def _lif_parameters(n, rng, v_leak=0.0):
    return norse.LIFParameters(tau_syn_inv=random_choice(rng, [2.0, 4.0], n),
                               tau_mem_inv=random_choice(rng, [2.0, 4.0], n),
                               v_leak=torch.tensor(v_leak), v_th=random_choice(rng, [0.5, 0.75], n),
                               v_reset=torch.tensor(0.0))


def _norse_weights(model, rng):
    dyadic_synapses(model, rng, 3.0)
    for m in model.modules():
        for name in ("input_weights", "recurrent_weights"):
            w = getattr(m, name, None)
            if isinstance(w, torch.Tensor):
                w.data = torch.tensor(dyadic(rng.uniform(-0.6, 1.0, w.shape), 64),
                                      dtype=torch.float32)
                if name == "recurrent_weights":
                    w.data.fill_diagonal_(0.0)


def _norse_neurons(model):
    spiking = (norse.LIF, norse.LIFCell, norse.LIFRecurrent, norse.LIFRecurrentCell,
               norse.LIFBoxCell, norse.IAFCell, norse.IAF)
    return {name: m for name, m in model.named_modules() if isinstance(m, spiking)}


def _norse_sequence_run(model, x):
    spikes = {}
    hooks = [m.register_forward_hook(
        lambda m, a, o, name=name: spikes.__setitem__(name, o[0].detach().numpy().copy()))
        for name, m in _norse_neurons(model).items()]
    try:
        with torch.no_grad():
            out = model(x)[0].numpy()
    finally:
        for h in hooks:
            h.remove()
    return out, spikes


@needs_compile
def test_norse_sequence_modules(tmp_path):
    """SequentialState(Linear, LIF (v_leak 1/4: starts there), LIFRecurrent,
    Linear, LI) on [T, B, ...]: sequence mode; the output is LI's membrane."""
    rng = np.random.default_rng(4)
    model = norse.SequentialState(
        nn.Linear(6, 10),
        norse.LIF(_lif_parameters(10, rng, v_leak=0.25), dt=DT),
        norse.LIFRecurrent(10, 8, p=_lif_parameters(8, rng), dt=DT),
        nn.Linear(8, 5),
        norse.LI(norse.LIParameters(tau_syn_inv=torch.tensor(4.0),
                                    tau_mem_inv=torch.tensor(2.0)), dt=DT),
    )
    _norse_weights(model, rng)
    x = binary_events(rng, (T, B, 6), rate=0.4)
    out, spikes = _norse_sequence_run(model, x)
    compiled = _check_compiled(model, x, x, out, spikes, tmp_path, timesteps=None)
    assert compiled.conversion.mode == "sequence"


@needs_compile
def test_norse_cells(tmp_path):
    """SequentialState of cells called once per step with the state carried
    by the caller: LIFRecurrentCell -> Linear -> LIFCell -> Linear ->
    LIFBoxCell (reset_subtract, v_leak 1/4) -> Linear -> IAFCell -> Linear ->
    LICell (the output)."""
    from norse.torch.functional.reset import reset_subtract
    rng = np.random.default_rng(5)
    model = norse.SequentialState(
        norse.LIFRecurrentCell(6, 10, p=_lif_parameters(10, rng), dt=DT),
        nn.Linear(10, 8),
        norse.LIFCell(_lif_parameters(8, rng), dt=DT),
        nn.Linear(8, 8),
        norse.LIFBoxCell(norse.LIFBoxParameters(
            tau_mem_inv=torch.tensor(4.0), v_leak=torch.tensor(0.25), v_th=torch.tensor(0.5),
            reset_method=reset_subtract), dt=DT),
        nn.Linear(8, 6),
        norse.IAFCell(norse.IAFParameters(v_th=torch.tensor(0.75)), dt=DT),
        nn.Linear(6, 4),
        norse.LICell(norse.LIParameters(tau_syn_inv=torch.tensor(2.0),
                                        tau_mem_inv=torch.tensor(4.0)), dt=DT),
    )
    _norse_weights(model, rng)
    x = binary_events(rng, (T, B, 6), rate=0.4)
    state = {}

    def step(m, xt):
        out, state["s"] = m(xt, state.get("s"))
        return out

    out, spikes = _step_run(model, x, _norse_neurons(model), lambda m: state.clear(), step)
    compiled = _check_compiled(model, x[0], x, out, spikes, tmp_path)
    assert compiled.conversion.mode == "step"


def test_norse_other_cells():
    """LILinearCell, LIBoxCell and the IAF sequence module, through the
    interpreter: IAF (sequence) -> Linear -> LIBox, and LILinearCell on a
    cell network (step mode)."""
    rng = np.random.default_rng(8)
    model = norse.SequentialState(
        nn.Linear(6, 8), norse.IAF(norse.IAFParameters(v_th=torch.tensor(0.5)), dt=DT),
        nn.Linear(8, 4), norse.LIBoxCell(norse.LIBoxParameters(
            tau_mem_inv=torch.tensor(4.0), v_leak=torch.tensor(0.0)), dt=DT))
    # LIBoxCell is a cell: with the sequence module IAF it is refused.
    with pytest.raises(ConversionError, match=r"mixes multi-step neurons"):
        convert(model, torch.ones(T, B, 6))
    cells = norse.SequentialState(
        nn.Linear(6, 8), norse.IAFCell(norse.IAFParameters(v_th=torch.tensor(0.5)), dt=DT),
        nn.Linear(8, 4), norse.LIBoxCell(norse.LIBoxParameters(
            tau_mem_inv=torch.tensor(4.0), v_leak=torch.tensor(0.0)), dt=DT),
        norse.LILinearCell(4, 3, p=norse.LIParameters(tau_syn_inv=torch.tensor(2.0),
                                                      tau_mem_inv=torch.tensor(4.0)), dt=DT))
    _norse_weights(cells, rng)
    cells[4].input_weights.data = torch.tensor(dyadic(rng.uniform(-1, 1, (3, 4)), 64),
                                               dtype=torch.float32)
    x = binary_events(rng, (T, B, 6), rate=0.4)
    state = {}

    def step(m, xt):
        out, state["s"] = m(xt, state.get("s"))
        return out

    out, spikes = _step_run(cells, x, _norse_neurons(cells), lambda m: state.clear(), step)
    assert 0.05 <= spikes["1"].mean() <= 0.8
    _check_interpreter(convert(cells, x[0], timesteps=T, probes=True), x, out, spikes)
    sequence = norse.SequentialState(nn.Linear(6, 8), norse.IAF(
        norse.IAFParameters(v_th=torch.tensor(0.5)), dt=DT))
    _norse_weights(sequence, rng)
    out, spikes = _norse_sequence_run(sequence, x)
    _check_interpreter(convert(sequence, x, probes=True), x, out, spikes)


def test_norse_refused():
    cell = norse.LIFCell()
    twice = norse.SequentialState(nn.Linear(4, 4), cell, nn.Linear(4, 4), cell)
    with pytest.raises(ConversionError, match=r"module '1' \(LIFCell\): called 2 times"):
        convert(twice, torch.ones(2, 4), timesteps=T)
    recurrent = norse.RecurrentSequential(nn.Linear(4, 4), norse.LIFBoxCell())
    with pytest.raises(ConversionError, match=r"RecurrentSequential"):
        convert(recurrent, torch.ones(2, 4), timesteps=T)
    refractory = norse.SequentialState(nn.Linear(4, 4), norse.LIFRefracCell())
    with pytest.raises(ConversionError, match=r"module '1' \(LIFRefracCell\): Norse module "
                                              r"LIFRefracCell is not supported"):
        convert(refractory, torch.ones(2, 4), timesteps=T)

    class UsesState(nn.Module):
        def __init__(self):
            super().__init__()
            self.cell = norse.LIFCell()

        def forward(self, x):
            z, state = self.cell(x)
            return z + state.v

    with pytest.raises(ConversionError, match=r"module 'cell' \(LIFCell\): the model uses a "
                                              r"Norse state"):
        convert(UsesState(), torch.ones(2, 4), timesteps=T)


def test_snntorch_memoryless_forward_is_refused():
    """A one-step forward that starts every call from init_leaky() forgets
    its membrane between steps: compiling it as a stateful network would
    compute something else, so the converter refuses it (it traces two
    steps and finds a fresh state in the second)."""
    class Memoryless(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.lif = snn.Leaky(beta=0.5)

        def forward(self, x):
            mem = self.lif.init_leaky()
            spk, mem = self.lif(self.fc(x), mem)
            return spk

    with pytest.raises(ConversionError, match=r"module 'lif' \(Leaky\): receives a state that "
                                              r"the model makes anew in every call"):
        convert(Memoryless(), torch.ones(2, 4), timesteps=T)
