"""spike: compile spiking neural networks with MLIR.

This package is plain Python over files, subprocesses and ctypes (Debian ships
no MLIR Python bindings). It holds

* ``spike.reference`` - the NumPy reference of every op of SPEC section 3, the
  oracle that every compiled result is checked against;
* ``spike.nir_params`` - how NIR neuron parameters map onto spike's neurons.
"""

from . import nir_params, reference

__all__ = ["nir_params", "reference"]
