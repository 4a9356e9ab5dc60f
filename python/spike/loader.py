"""Load a model compiled by spike-compile and run it on NumPy arrays.

    import spike
    model = spike.load("model.so")
    print(model.input_shape, model.output_shape)
    y = model.run(x)            # x: float32 array of model.input_shape
    model.num_threads = 2       # threads of the model's parallel loops

The shared library's C ABI (docs/c-abi.md) is called through ctypes; the
library is thread-safe, so one Model can serve several threads.
"""

import ctypes
import os

import numpy as np

from . import model_abi as abi
from . import model_file
from .model_abi import ABI_VERSION

# The buffers that cross the ABI.
assert np.dtype(np.float32).itemsize == abi.VALUE_BYTES
assert np.dtype(np.int64).itemsize == abi.COUNTER_BYTES


def _check_status(path, function, status):
    if status == abi.SPIKE_ERROR_DEVICE:
        raise RuntimeError(f"{path}: {function} failed on the device "
                           "(the CUDA runtime printed the driver's message to stderr)")
    if status == abi.SPIKE_ERROR_MEMORY:
        raise MemoryError(f"{path}: {function} ran out of memory (SPIKE_ERROR_MEMORY); "
                          "the output was not written")
    if status == abi.SPIKE_ERROR_SIZE:
        raise RuntimeError(f"{path}: {function} refused the buffers (SPIKE_ERROR_SIZE)")
    if status != abi.SPIKE_OK:
        raise RuntimeError(f"{path}: {function} failed with status {status}")


class Model:
    """A compiled spike model: its shapes and `run`."""

    def __init__(self, path):
        self.path = os.fspath(path)
        if not os.path.isfile(self.path):
            raise FileNotFoundError(f"{self.path}: no such file")
        # A truncated or corrupt file would crash dlopen: refuse it first.
        model_file.check(self.path)
        try:
            self._lib = ctypes.CDLL(os.path.abspath(self.path))
        except OSError as error:
            raise ValueError(f"{self.path}: cannot load the shared library: {error}") from None
        lib = self._lib
        for name, restype in (
            ("spike_model_abi_version", ctypes.c_int32),
            ("spike_model_name", ctypes.c_char_p),
            ("spike_model_input_rank", ctypes.c_int32),
            ("spike_model_input_shape", ctypes.POINTER(ctypes.c_int64)),
            ("spike_model_output_rank", ctypes.c_int32),
            ("spike_model_output_shape", ctypes.POINTER(ctypes.c_int64)),
            ("spike_model_run", ctypes.c_int32),
        ):
            if not hasattr(lib, abi.function(name)):
                raise ValueError(f"{self.path}: not a spike model (no {name})")
            getattr(lib, name).restype = restype
            getattr(lib, name).argtypes = []
        version = lib.spike_model_abi_version()
        if version != ABI_VERSION:
            raise ValueError(f"{self.path}: C ABI version {version}, expected {ABI_VERSION}")
        lib.spike_model_run.argtypes = [
            ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p, ctypes.c_int64]
        self.name = lib.spike_model_name().decode()
        # "cpu" or "cuda"; libraries from before the CUDA backend are CPU ones.
        self.target = "cpu"
        if hasattr(lib, "spike_model_target"):
            lib.spike_model_target.restype = ctypes.c_char_p
            lib.spike_model_target.argtypes = []
            self.target = lib.spike_model_target().decode()
        self.layers = self._layers()
        in_rank, out_rank = lib.spike_model_input_rank(), lib.spike_model_output_rank()
        self.input_shape = tuple(lib.spike_model_input_shape()[i] for i in range(in_rank))
        self.output_shape = tuple(lib.spike_model_output_shape()[i] for i in range(out_rank))

    def _layers(self):
        """The counted layers: name, kind ("neuron" or "synapse"), size
        (neuron-steps per run), macs and dense_macs (per run)."""
        lib = self._lib
        if not hasattr(lib, "spike_model_layer_count"):
            return []
        lib.spike_model_layer_count.restype = ctypes.c_int32
        lib.spike_model_layer_name.restype = ctypes.c_char_p
        lib.spike_model_layer_kind.restype = ctypes.c_int32
        for name in ("size", "macs", "dense_macs"):
            getattr(lib, f"spike_model_layer_{name}").restype = ctypes.c_int64
        for name in ("name", "kind", "size", "macs", "dense_macs"):
            getattr(lib, f"spike_model_layer_{name}").argtypes = [ctypes.c_int32]
        lib.spike_model_run_stats.restype = ctypes.c_int32
        lib.spike_model_run_stats.argtypes = [
            ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p, ctypes.c_int64,
            ctypes.c_void_p, ctypes.c_int64]
        return [{
            "name": lib.spike_model_layer_name(i).decode(),
            "kind": ("neuron" if lib.spike_model_layer_kind(i) == abi.SPIKE_LAYER_NEURON
                     else "synapse"),
            "size": lib.spike_model_layer_size(i),
            "macs": lib.spike_model_layer_macs(i),
            "dense_macs": lib.spike_model_layer_dense_macs(i),
        } for i in range(lib.spike_model_layer_count())]

    @property
    def num_threads(self):
        """Threads the model's parallel loops use (a setting of the library,
        shared by every Model of the same file in this process): set by
        assigning, else SPIKE_NUM_THREADS, else the CPUs the process may use."""
        if not hasattr(self._lib, "spike_model_num_threads"):
            return 1
        self._lib.spike_model_num_threads.restype = ctypes.c_int32
        self._lib.spike_model_num_threads.argtypes = []
        return self._lib.spike_model_num_threads()

    @num_threads.setter
    def num_threads(self, threads):
        threads = int(threads)
        if threads < 1:
            raise ValueError(f"num_threads must be positive, got {threads}")
        if not hasattr(self._lib, "spike_model_set_num_threads"):
            if threads > 1:
                raise ValueError(f"{self.path}: the model has no thread pool (recompile it)")
            return
        self._lib.spike_model_set_num_threads.restype = None
        self._lib.spike_model_set_num_threads.argtypes = [ctypes.c_int32]
        self._lib.spike_model_set_num_threads(threads)

    def _check_input(self, x):
        x = np.asarray(x)
        if x.dtype != np.float32:
            raise ValueError(f"input must be float32, got {x.dtype}")
        if x.shape != self.input_shape:
            raise ValueError(f"input must have shape {self.input_shape}, got {x.shape}")
        return np.ascontiguousarray(x)

    def run_stats(self, x):
        """Runs the model and also returns one event counter per layer (see
        `layers`): spikes of neuron layers, accumulates of synapses."""
        x = self._check_input(x)
        out = np.empty(self.output_shape, np.float32)
        counts = np.zeros(len(self.layers), np.int64)
        status = self._lib.spike_model_run_stats(x.ctypes.data, x.size, out.ctypes.data,
                                                 out.size, counts.ctypes.data, counts.size)
        _check_status(self.path, "spike_model_run_stats", status)
        return out, counts

    def run(self, x, out=None):
        """Runs the model on `x` (float32, shape input_shape) and returns the
        output (float32, shape output_shape), written into `out` if given."""
        x = self._check_input(x)
        if out is None:
            out = np.empty(self.output_shape, np.float32)
        elif out.dtype != np.float32 or out.shape != self.output_shape or not out.flags.c_contiguous:
            raise ValueError(f"out must be a C-contiguous float32 array of shape {self.output_shape}")
        status = self._lib.spike_model_run(x.ctypes.data, x.size, out.ctypes.data, out.size)
        _check_status(self.path, "spike_model_run", status)
        return out


def load(path):
    """Loads a shared library made by spike-compile."""
    return Model(path)
