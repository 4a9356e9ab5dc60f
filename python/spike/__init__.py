"""spike: compile spiking neural networks with MLIR.

This package is plain Python over files, subprocesses and ctypes (Debian ships
no MLIR Python bindings). It holds

* ``spike.reference`` - the NumPy reference of every op of SPEC section 3, the
  oracle that every compiled result is checked against;
* ``spike.nir_params`` - how NIR neuron parameters map onto spike's neurons;
* ``spike.nir_io`` - NIR files with spike's extension nodes (``spike.nir_nodes``);
* ``spike.interpreter`` - a NumPy interpreter of whole NIR graphs, computing
  what spike-import generates;
* ``spike.torch`` - the PyTorch front end (neurons, A2OS2A/SSA attention, the
  spiking transformer, a recurrent layer) with ``export_nir``;
* ``spike.load`` - a model compiled by spike-compile, run through its C ABI;
* ``spike.datasets`` - IDX files (MNIST, Fashion-MNIST) and the example
  data sets;
* ``spike.compile(module, example, target=...)`` - a PyTorch SNN module
  (SpikingJelly, snnTorch, Norse, spike.torch) compiled into a loaded model
  that is called like the module (spike.torch.compiled);
* ``spike.capi`` - compiling models in-process through spike's C API
  (libSpikeCAPI.so).
"""

from . import nir_params, reference
from .loader import load

__all__ = ["compile", "load", "nir_params", "reference"]


def compile(module, example_input, **options):
    """spike.torch.compile: ``module`` compiled into a loaded model that is
    called like the module (see spike.torch.compiled)."""
    from .torch.compiled import compile as compile_module
    return compile_module(module, example_input, **options)
