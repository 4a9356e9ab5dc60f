"""spike's C API (libSpikeCAPI.so, include/spike-c/Spike.h) through ctypes:
compiling models without starting spike-compile.

    from spike import capi
    capi.compile_model("model.nir", "model.so", timesteps=4, batch=1)
    model = spike.load("model.so")

The library is found at $SPIKE_CAPI_LIBRARY, else in the build tree next to
this package (build/lib), else by the dynamic loader's search
(``ctypes.util.find_library("SpikeCAPI")``, e.g. an install prefix on
LD_LIBRARY_PATH).
"""

import ctypes
import ctypes.util
import os

EMIT = {"so": 0, "obj": 1, "llvm": 2, "mlir": 3}


class SpikeCompileOptions(ctypes.Structure):
    """struct SpikeCompileOptions of spike-c/Spike.h, field for field."""
    _fields_ = [
        ("emit", ctypes.c_int),
        ("timesteps", ctypes.c_int64),
        ("batch", ctypes.c_int64),
        ("dt", ctypes.c_double),
        ("cpu", ctypes.c_char_p),
        ("vectorWidth", ctypes.c_int64),
        ("attentionOrder", ctypes.c_char_p),
        ("denseSpikes", ctypes.c_int),
        ("debugInfo", ctypes.c_int),
        ("headerPath", ctypes.c_char_p),
        ("target", ctypes.c_char_p),
        ("chip", ctypes.c_char_p),
    ]


class CompileError(RuntimeError):
    """spikeCompileModel failed; the message names the file and node or op."""


_library = None


def library():
    """The loaded libSpikeCAPI.so (loaded once)."""
    global _library
    if _library is not None:
        return _library
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.environ.get("SPIKE_CAPI_LIBRARY"),
                  os.path.join(here, "..", "..", "build", "lib", "libSpikeCAPI.so"),
                  ctypes.util.find_library("SpikeCAPI")]
    for path in candidates:
        if path and (os.path.isfile(path) or not os.path.isabs(path)):
            try:
                lib = ctypes.CDLL(path)
                break
            except OSError:
                continue
    else:
        raise OSError("libSpikeCAPI.so not found (build spike, or set SPIKE_CAPI_LIBRARY)")
    lib.spikeVersion.restype = ctypes.c_char_p
    lib.spikeVersion.argtypes = []
    lib.spikeCompileOptionsInit.restype = None
    lib.spikeCompileOptionsInit.argtypes = [ctypes.POINTER(SpikeCompileOptions)]
    lib.spikeCompileModel.restype = ctypes.c_int
    lib.spikeCompileModel.argtypes = [ctypes.c_char_p, ctypes.c_char_p,
                                      ctypes.POINTER(SpikeCompileOptions),
                                      ctypes.c_char_p, ctypes.c_size_t]
    _library = lib
    return lib


def version():
    return library().spikeVersion().decode()


def compile_model(source, output, *, timesteps=1, batch=1, dt=1e-4, emit="so",
                  cpu="native", vector_width=0, attention_order="auto",
                  dense_spikes=False, debug_info=False, header=None, target="cpu",
                  chip="sm_90"):
    """What ``spike-compile source -o output`` does, in this process. A
    shared library gets ``header`` (default: output with .h) next to it.
    Raises CompileError with spike's message on failure."""
    if emit not in EMIT:
        raise ValueError(f"emit must be one of {sorted(EMIT)}, got {emit!r}")
    lib = library()
    options = SpikeCompileOptions()
    lib.spikeCompileOptionsInit(ctypes.byref(options))
    options.emit = EMIT[emit]
    options.timesteps = int(timesteps)
    options.batch = int(batch)
    options.dt = float(dt)
    options.cpu = cpu.encode()
    options.vectorWidth = int(vector_width)
    options.attentionOrder = attention_order.encode()
    options.denseSpikes = int(bool(dense_spikes))
    options.debugInfo = int(bool(debug_info))
    options.target = target.encode()
    options.chip = chip.encode()
    if emit == "so":
        header = header or os.path.splitext(str(output))[0] + ".h"
        options.headerPath = os.fsencode(header)
    error = ctypes.create_string_buffer(4096)
    status = lib.spikeCompileModel(os.fsencode(source), os.fsencode(output),
                                   ctypes.byref(options), error, len(error))
    if status != 0:
        raise CompileError(error.value.decode(errors="replace"))
    return output
