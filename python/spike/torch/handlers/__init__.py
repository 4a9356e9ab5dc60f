"""The converter's handler tables (spike.torch.convert): one module per
framework. Importing this package registers them; a framework that is not
installed simply contributes no handlers.

* ``functions`` - torch functions and Tensor methods (shapes, sums, AND,
  count, means);
* ``nn`` - torch.nn layers;
* ``spike_modules`` - spike.torch's neurons, attentions and recurrent layer;
* ``spikingjelly`` - SpikingJelly 2.0 neurons, layers and attentions;
* ``snntorch``, ``norse`` and ``sinabs`` - their neurons (single-step and
  sequence).
"""

import importlib

from . import functions, nn, spike_modules  # noqa: F401

# Each module registers handlers and, through NEURON_MODES, says for its
# neuron classes whether one call is a whole sequence or one time step.
NEURON_MODES = {}
RESETTERS = []

for _name in ("spikingjelly", "snntorch", "norse", "sinabs"):
    try:
        _module = importlib.import_module(f".{_name}", __name__)
    except ImportError:
        continue
    NEURON_MODES.update(getattr(_module, "NEURON_MODES", {}))
    if hasattr(_module, "reset_states"):
        RESETTERS.append(_module.reset_states)
NEURON_MODES.update(spike_modules.NEURON_MODES)


def neuron_step_mode(module):
    """"sequence" or "step" for a neuron module, None for other modules."""
    for cls in type(module).__mro__:
        if cls in NEURON_MODES:
            mode = NEURON_MODES[cls]
            return mode(module) if callable(mode) else mode
    return None


def reset_states(model):
    """Clears the neuron states a framework keeps between forward calls."""
    for reset in RESETTERS:
        reset(model)
