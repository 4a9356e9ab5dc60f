"""The C ABI of compiled models, read from its one source,
include/spike-c/ModelABI.h (not copied here): the ABI version, the status
codes, element sizes and layer kinds (its integer ``#define``s) and the names
of the functions it declares.

The header is found at $SPIKE_MODEL_ABI_HEADER, else in the source tree next
to this package, else under sys.prefix/include (an install prefix).
"""

import os
import re
import sys
from pathlib import Path


def header_path():
    candidates = []
    if os.environ.get("SPIKE_MODEL_ABI_HEADER"):
        candidates.append(Path(os.environ["SPIKE_MODEL_ABI_HEADER"]))
    candidates += [Path(__file__).resolve().parents[2] / "include/spike-c/ModelABI.h",
                   Path(sys.prefix) / "include/spike-c/ModelABI.h"]
    for path in candidates:
        if path.is_file():
            return path
    raise ImportError("spike: the C ABI header spike-c/ModelABI.h is not at "
                      + ", ".join(map(str, candidates))
                      + " (set SPIKE_MODEL_ABI_HEADER)")


def _parse(text):
    """(integer #defines by name, declared spike_model_* function names)."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    constants = {name: int(value) for name, value in
                 re.findall(r"^\s*#\s*define\s+(SPIKE_\w+)\s+(-?\d+)\s*$", text, re.M)}
    functions = set(re.findall(r"^[^#\n]*?\b(spike_model_\w+)\s*\(", text, re.M))
    return constants, functions


HEADER = header_path()
CONSTANTS, FUNCTIONS = _parse(HEADER.read_text())

ABI_VERSION = CONSTANTS["SPIKE_MODEL_ABI_VERSION"]
SPIKE_OK = CONSTANTS["SPIKE_OK"]
SPIKE_ERROR_SIZE = CONSTANTS["SPIKE_ERROR_SIZE"]
SPIKE_ERROR_DEVICE = CONSTANTS["SPIKE_ERROR_DEVICE"]
SPIKE_ERROR_MEMORY = CONSTANTS["SPIKE_ERROR_MEMORY"]
SPIKE_LAYER_NEURON = CONSTANTS["SPIKE_LAYER_NEURON"]
SPIKE_LAYER_SYNAPSE = CONSTANTS["SPIKE_LAYER_SYNAPSE"]
VALUE_BYTES = CONSTANTS["SPIKE_MODEL_VALUE_BYTES"]
COUNTER_BYTES = CONSTANTS["SPIKE_MODEL_COUNTER_BYTES"]


def function(name):
    """`name`, after checking that the header declares it."""
    if name not in FUNCTIONS:
        raise AssertionError(f"{HEADER} declares no {name}")
    return name
