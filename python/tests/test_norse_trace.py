"""The reference reproduces Norse's own simulation of an NIR LIF neuron
(../shared/data/nir/lif_norse.{nir,csv}, SPEC section 5): the NIR LIF mapped
per SPEC section 3 with dt = 1e-4 spikes at the same steps and its membrane
stays within 1e-6 of Norse's."""

import h5py
import numpy as np
import pytest

from spike import nir_params
from spike import reference as ref


def _read_graph(path):
    """{node name: {parameter: array or type string}} of a flat NIR file."""
    nodes = {}
    with h5py.File(path, "r") as f:
        for name, group in f["node/nodes"].items():
            params = {}
            for key, dataset in group.items():
                value = dataset[()]
                params[key] = value.decode() if isinstance(value, bytes) else np.asarray(value)
            nodes[name] = params
    return nodes


@pytest.fixture(scope="module")
def norse(nir_data):
    trace = np.loadtxt(nir_data / "lif_norse.csv", delimiter=",", dtype=np.float32)
    return _read_graph(nir_data / "lif_norse.nir"), trace


def test_graph_is_affine_then_lif(norse):
    nodes, _ = norse
    assert nodes["0"]["type"] == "Affine" and nodes["1"]["type"] == "LIF"


def test_reference_reproduces_norse(norse):
    nodes, trace = norse
    affine, neuron = nodes["0"], nodes["1"]
    spikes_in, norse_voltage, norse_spikes = trace[:, 0], trace[:, 1], trace[:, 2]

    # Affine(1 -> 1) applied at every step: x = W s + b.
    current = ref.linear(spikes_in[:, None], affine["weight"], affine["bias"])
    params = nir_params.nir_lif(
        neuron["tau"], neuron["r"], neuron["v_leak"], neuron["v_threshold"],
        neuron.get("v_reset"), dt=1e-4)
    spikes, voltage = ref.lif(current, **params, return_state=True)

    expected_steps = np.flatnonzero(norse_spikes)
    np.testing.assert_array_equal(expected_steps, [460, 510, 710, 760])
    np.testing.assert_array_equal(np.flatnonzero(spikes[:, 0]), expected_steps)
    assert np.abs(voltage[:, 0] - norse_voltage).max() <= 1e-6


def test_nir_lif_mapping_values():
    p = nir_params.nir_lif(tau=0.0025, r=1.0, v_leak=0.0, v_threshold=0.1, dt=1e-4)
    assert p["decay"] == np.float32(0.96) and p["gain"] == np.float32(0.04)
    assert p["bias"] == 0 and p["v_reset"] == 0
    assert (p["compare"], p["reset"]) == ("gt", "hard")
    p = nir_params.nir_lif(tau=0.01, r=2.0, v_leak=0.5, v_threshold=1.0, v_reset=-0.2, dt=1e-3)
    assert p["decay"] == np.float32(0.9) and p["gain"] == np.float32(0.2)
    assert p["bias"] == np.float32(0.05) and p["v_reset"] == np.float32(-0.2)


def test_other_mappings():
    p = nir_params.nir_if(r=2.0, v_threshold=1.0)
    assert (p["decay"], p["gain"], p["bias"], p["compare"]) == (1.0, 2.0, 0.0, "gt")
    p = nir_params.spikingjelly_lif(tau=2.0)
    assert (p["decay"], p["gain"], p["bias"], p["compare"]) == (0.5, 0.5, 0.0, "ge")
    p = nir_params.spikingjelly_lif(tau=4.0, v_reset=0.4, decay_input=False)
    assert (p["decay"], p["gain"], p["bias"]) == (0.75, 1.0, np.float32(0.1))
    p = nir_params.nir_cuba_synapse(tau_syn=0.002, w_in=3.0, dt=1e-4)
    assert p["decay"] == np.float32(0.95) and p["gain"] == np.float32(0.15)
    with pytest.raises(ValueError):
        nir_params.nir_li(tau=0.0, r=1.0, v_leak=0.0)
