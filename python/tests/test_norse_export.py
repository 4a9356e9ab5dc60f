"""Norse 1.1's own NIR export (``norse.torch.to_nir``) read by spike: what
it writes, what spike-compile and the NumPy interpreter compute from it,
and exactly where that differs from Norse's own simulation
(docs/frameworks-snntorch-norse.draft.md).

Norse exports only cells: ``LIFBoxCell`` -> NIR ``LIF``, ``LIBoxCell`` ->
``LI``, ``LIFCell`` -> ``CubaLIF``, ``IAFCell`` -> ``IF``, ``nn.Linear`` ->
``Affine``, ``nn.Conv2d``. Every time constant is written as
``tau = dt / tau_inv`` (``dt`` the export's), i.e. dt times the time
constant in seconds, so forward Euler reproduces Norse's per-step decay
``1 - dt * tau_inv`` only when the file is read with ``--dt dt**2``; the
CubaLIF synaptic stage is read (by NIR's definition, by spike and by
Norse's own importer) as ``I += dt/tau_syn * (w_in x - I)``, while Norse's
LIFCell adds ``x`` unscaled. Weights k/64, dt and rates dyadic: the
comparisons are exact.
"""

import subprocess
import warnings

import nir
import numpy as np
import pytest
import torch
from torch import nn

import spike
from spike import interpreter

from model_helpers import dyadic, tool

norse = pytest.importorskip("norse.torch")
from norse.torch.functional.reset import reset_subtract  # noqa: E402

COMPILE = tool("spike-compile", "SPIKE_COMPILE")
needs_compile = pytest.mark.skipif(COMPILE is None, reason="needs spike-compile")

T, B = 8, 3
DT = 0.125  # Norse's step; tau_inv in {2, 4}: dt * tau_inv in {1/4, 1/2}
READ_DT = DT * DT  # the --dt that reads Norse's taus as its own decays


def _full(n, rng, values):
    return torch.tensor(rng.choice(values, size=n), dtype=torch.float32)


def _linear(i, o, rng):
    m = nn.Linear(i, o)
    bound = 3.0 / np.sqrt(i)
    m.weight.data = torch.tensor(dyadic(rng.uniform(-bound, bound, (o, i)), 64),
                                 dtype=torch.float32)
    m.bias.data = torch.tensor(dyadic(rng.uniform(-0.25, 0.5, o), 16), dtype=torch.float32)
    return m


def _network(rng, v_leak=0.0, box_reset=None, drive=1.0):
    """Linear -> LIFBoxCell (LIF) -> Linear -> LIFCell (CubaLIF) -> Linear ->
    IAFCell (IF) -> Linear -> LIBoxCell (LI). Parameters are per-neuron
    tensors: nir.write cannot store the 0-d ones Norse's defaults give."""
    box = dict(tau_mem_inv=_full(10, rng, [2.0, 4.0]), v_th=_full(10, rng, [0.5, 0.75]),
               v_leak=torch.full((10,), v_leak), v_reset=torch.zeros(10))
    if box_reset is not None:
        box["reset_method"] = box_reset
    first = _linear(6, 10, rng)
    first.weight.data *= drive  # drive 2: membranes well above threshold
    return norse.SequentialState(
        first,
        norse.LIFBoxCell(norse.LIFBoxParameters(**box), dt=DT),
        _linear(10, 8, rng),
        norse.LIFCell(norse.LIFParameters(
            tau_syn_inv=_full(8, rng, [2.0, 4.0]), tau_mem_inv=_full(8, rng, [2.0, 4.0]),
            v_leak=torch.zeros(8), v_th=_full(8, rng, [0.25, 0.5]), v_reset=torch.zeros(8)),
            dt=DT),
        _linear(8, 6, rng),
        norse.IAFCell(norse.IAFParameters(v_th=torch.full((6,), 0.75),
                                          v_reset=torch.zeros(6)), dt=DT),
        _linear(6, 4, rng),
        norse.LIBoxCell(norse.LIBoxParameters(tau_mem_inv=_full(4, rng, [2.0, 4.0]),
                                              v_leak=torch.zeros(4)), dt=DT),
    )


SPIKING = {"1": "LIF", "3": "CubaLIF", "5": "IF"}


def _simulate(model, x, initial=None):
    """Norse stepped over x [T, B, ...]: the output and {index: spikes}."""
    spikes = {name: [] for name in SPIKING}
    hooks = [model[int(name)].register_forward_hook(
        lambda m, a, o, name=name: spikes[name].append(o[0].detach().numpy().copy()))
        for name in SPIKING]
    state, outputs = initial, []
    try:
        with torch.no_grad():
            for t in range(x.shape[0]):
                out, state = model(x[t], state)
                outputs.append(out.numpy())
    finally:
        for h in hooks:
            h.remove()
    return np.stack(outputs), {k: np.stack(v) for k, v in spikes.items()}


def _export(model, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # An unbatched sample: with [1, 6] the batch would be in the Input shape.
        graph = norse.to_nir(model, torch.zeros(6), dt=DT)
    nir.write(str(path), graph)
    return graph


def _meaning(model, rng_seed, **kwargs):
    """The Norse network that computes what the exported file means: the
    same, with the input of the LIFCell layer scaled by a = dt*tau_syn_inv
    (CubaLIF's synaptic gain dt/tau_syn * w_in)."""
    twin = _network(np.random.default_rng(rng_seed), **kwargs)
    a = (DT * twin[3].p.tau_syn_inv).reshape(-1, 1)
    twin[2].weight.data *= a
    twin[2].bias.data *= a[:, 0]
    return twin


def _interpret(path, x, dt):
    _, values = interpreter.Interpreter(str(path), dt).run(x.numpy(), record=True)
    return values["output"][1], {name: values[name][1] for name in SPIKING}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    seed = 7
    rng = np.random.default_rng(seed)
    model = _network(np.random.default_rng(seed))
    x = torch.tensor((rng.random((T, B, 6)) < 0.5).astype(np.float32))
    path = tmp_path_factory.mktemp("norse") / "norse.nir"
    graph = _export(model, path)
    return dict(model=model, seed=seed, x=x, path=path, graph=graph)


def test_export_layout(exported):
    nodes = exported["graph"].nodes
    assert {k: type(v).__name__ for k, v in nodes.items() if k in SPIKING or k == "7"} == \
        {"1": "LIF", "3": "CubaLIF", "5": "IF", "7": "LI"}
    # tau = dt / tau_inv: dt times the time constant in seconds.
    box = exported["model"][1].p
    np.testing.assert_array_equal(np.asarray(nodes["1"].tau), (DT / box.tau_mem_inv).numpy())
    assert np.all(np.asarray(nodes["3"].w_in) == 1)
    # Norse's own importer reads tau_inv = 1/tau = tau_inv/dt: its round trip
    # changes the per-step decay unless dt = 1.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        back = norse.from_nir(str(exported["path"]), dt=DT)
    np.testing.assert_array_equal(getattr(back, "1").p.tau_mem_inv.numpy(),
                                  (box.tau_mem_inv / DT).numpy())


def test_read_with_dt_squared_is_norse(exported):
    """Read with --dt dt**2, every layer is Norse's simulation of the
    network whose CubaLIF input is scaled by dt*tau_syn_inv; the LIF layer
    before it is Norse's own network unchanged, and the CubaLIF layer of the
    unchanged network differs."""
    x = exported["x"]
    out, layers = _interpret(exported["path"], x, READ_DT)
    want_out, want = _simulate(_meaning(exported["model"], exported["seed"]), x)
    for name in SPIKING:
        np.testing.assert_array_equal(layers[name], want[name], err_msg=name)
        assert 0.05 <= want[name].mean() <= 0.8, (name, want[name].mean())
    np.testing.assert_array_equal(out, want_out)
    _, norse_layers = _simulate(exported["model"], x)
    np.testing.assert_array_equal(layers["1"], norse_layers["1"])
    assert (layers["3"] != norse_layers["3"]).any()


def test_read_with_norse_dt_differs(exported):
    """--dt = Norse's dt reads decay 1 - tau_inv (here negative), not
    1 - dt*tau_inv: the first LIF layer already differs."""
    _, layers = _interpret(exported["path"], exported["x"], DT)
    _, norse_layers = _simulate(exported["model"], exported["x"])
    assert (layers["1"] != norse_layers["1"]).any()


@needs_compile
def test_compiled_export_is_norse(exported, tmp_path):
    library = tmp_path / "norse.so"
    run = subprocess.run([COMPILE, str(exported["path"]), "--timesteps", str(T), "--batch",
                          str(B), "--dt", repr(READ_DT), "-o", str(library)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    got = spike.load(str(library)).run(exported["x"].numpy())
    want, _ = _simulate(_meaning(exported["model"], exported["seed"]), exported["x"])
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("case", ["v_leak", "reset_subtract"])
def test_settings_the_export_drops(case, tmp_path):
    """A LIFBoxCell's v_leak (Norse starts the membrane there, NIR at 0) and
    reset_subtract (NIR LIF resets to v_reset) are not in the file: spike
    computes Norse's network started from v = 0, or with reset_value."""
    seed = 11
    kwargs = dict(v_leak=0.25) if case == "v_leak" else dict(box_reset=reset_subtract, drive=2.0)
    model = _network(np.random.default_rng(seed), **kwargs)
    x = torch.tensor((np.random.default_rng(1).random((T, B, 6)) < 0.5).astype(np.float32))
    path = tmp_path / "model.nir"
    _export(model, path)
    _, layers = _interpret(path, x, READ_DT)
    _, norse_layers = _simulate(model, x)
    if case == "v_leak":
        zero = [None, norse.LIFBoxFeedForwardState(v=torch.zeros(10))] + [None] * 6
        _, read = _simulate(model, x, initial=zero)
    else:
        _, read = _simulate(_network(np.random.default_rng(seed), drive=2.0), x)
    np.testing.assert_array_equal(layers["1"], read["1"])
    assert (layers["1"] != norse_layers["1"]).any()


def test_what_norse_cannot_export(tmp_path):
    """Recurrent cells and sequence modules are not exported (nirtorch leaves
    a None node and nir.write fails); RecurrentSequential fails in the
    export; 0-d parameters (Norse's defaults) cannot be written."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for module in (norse.LIFRecurrentCell(4, 4), norse.LIF(), norse.LICell()):
            graph = norse.to_nir(norse.SequentialState(nn.Linear(4, 4), module),
                                 torch.zeros(4))
            assert any(node is None for node in graph.nodes.values()), type(module).__name__
        with pytest.raises(AttributeError):
            norse.to_nir(norse.RecurrentSequential(nn.Linear(4, 4), norse.LIFBoxCell()),
                         torch.zeros(4))
        graph = norse.to_nir(norse.SequentialState(nn.Linear(4, 4), norse.LIFBoxCell()),
                             torch.zeros(4))
    with pytest.raises(TypeError, match="Scalar datasets"):
        nir.write(str(tmp_path / "scalar.nir"), graph)
