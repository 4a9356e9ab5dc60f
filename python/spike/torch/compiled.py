"""spike.compile: a PyTorch SNN module -> a loaded native model that is
called like the module.

    model = spikingjelly...sdt_8_384(T=4)      # eval mode, multi-step
    fast = spike.compile(model, torch.rand(1, 3, 224, 224), target="cpu", threads=2)
    y = fast(images)                           # what model(images) returns

The module is converted (spike.torch.convert), written as an NIR file and
compiled with spike-compile into a shared library (weights inside), which
spike.load runs through its C ABI. The call takes and returns what the
module does:

* a static input (a model that repeats its image over time itself) is given
  as [N, ...]; a time-major input as [T, N, ...]; a single-step module
  (snnTorch, Norse cells: one call is one step) takes [T, N, ...] — its
  input at every step — and returns its outputs at every step [T, N, ...];
* the output has the module's meaning and shape: [T, N, ...] per step, or
  [N, ...] after a mean over time;
* any N works: the library is compiled for ``batch`` samples and longer
  inputs run in chunks (the last one zero-padded);
* torch tensors in, torch tensors out (NumPy arrays in, NumPy arrays out).
"""

import os
import shutil
import subprocess
import tempfile

import numpy as np
import torch

from ..loader import load
from .converter import ConversionError, convert, tool

TARGETS = ("cpu", "cuda")


class CompileError(RuntimeError):
    """spike-compile rejected the converted model (its message names the node)."""


class CompiledModule:
    """A compiled model called like the module it was compiled from."""

    def __init__(self, conversion, library, workdir):
        self.conversion = conversion
        self.library = library
        self._workdir = workdir
        self.model = load(library)

    @property
    def num_threads(self):
        return self.model.num_threads

    @num_threads.setter
    def num_threads(self, threads):
        self.model.num_threads = threads

    @property
    def nir_path(self):
        return os.path.join(self._workdir.name, "model.nir")

    def _time_major(self, x):
        """The library's input [T, B, ...] rows for ``x`` and the sample count."""
        c = self.conversion
        if c.input_static:
            if x.ndim != 1 + len(c.input_shape) or x.shape[1:] != c.input_shape:
                raise ValueError(f"expected input [N, {', '.join(map(str, c.input_shape))}], "
                                 f"got {list(x.shape)}")
            return np.broadcast_to(x, (c.timesteps,) + x.shape), x.shape[0]
        if x.ndim != 2 + len(c.input_shape) or x.shape[2:] != c.input_shape or \
                x.shape[0] != c.timesteps:
            raise ValueError(f"expected input [{c.timesteps}, N, "
                             f"{', '.join(map(str, c.input_shape))}], got {list(x.shape)}")
        return x, x.shape[1]

    def run_numpy(self, x):
        """The library's output [T, N, ...] for input ``x`` (NumPy)."""
        x = np.asarray(x, dtype=np.float32)
        seq, samples = self._time_major(x)
        B = self.conversion.batch
        outputs = []
        for start in range(0, samples, B):
            chunk = seq[:, start:start + B]
            if chunk.shape[1] < B:
                pad = np.zeros((chunk.shape[0], B - chunk.shape[1]) + chunk.shape[2:], np.float32)
                chunk = np.concatenate([chunk, pad], axis=1)
            out = self.model.run(np.ascontiguousarray(chunk, dtype=np.float32))
            outputs.append(out[:, :min(B, samples - start)].copy())
        return np.concatenate(outputs, axis=1)

    def __call__(self, x):
        as_torch = isinstance(x, torch.Tensor)
        array = x.detach().cpu().numpy() if as_torch else x
        out = self.run_numpy(array)
        if self.conversion.probes:  # the model's output leads the probes
            size = int(np.prod(self.conversion.output_shape))
            out = out[..., :size].reshape(out.shape[:2] + self.conversion.output_shape)
        lead = self.conversion.output_lead
        if lead == ("B",):
            out = out[0]
        elif lead == ("T1", "B"):
            out = out[:1]
        return torch.from_numpy(np.ascontiguousarray(out)) if as_torch else out

    def layer_spikes(self, x):
        """With ``probes=True``: {neuron module path: its spikes [T, N, ...]}."""
        c = self.conversion
        if not c.probes:
            raise ValueError("compile with probes=True to read every neuron layer")
        flat = self.run_numpy(x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else x)
        result, offset = {}, int(np.prod(c.output_shape))
        for probe in c.probes:
            size = int(np.prod(probe.shape))
            part = flat[..., offset:offset + size]
            result[probe.path] = part.reshape(part.shape[:2] + tuple(probe.shape))
            offset += size
        return result


def compile(module, example_input, target="cpu", batch=None, threads=None, timesteps=None,
            probes=False, chip="sm_90", dt=1e-4, keep=None):
    """Converts and compiles ``module`` (see spike.torch.convert for what it
    accepts) and returns a CompiledModule. ``target`` "cpu" or "cuda"
    (``chip``, default sm_90); ``batch`` samples per library call (default:
    the example's); ``threads`` for the CPU thread pool; ``probes`` makes the
    model output every neuron layer (CompiledModule.layer_spikes);
    ``keep`` a folder to keep model.nir, model.so and model.h in."""
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}, got {target!r}")
    conversion = convert(module, example_input, timesteps, batch=batch, probes=probes, dt=dt)
    workdir = tempfile.TemporaryDirectory(prefix="spike-compile-")
    nir_path = conversion.write(os.path.join(workdir.name, "model.nir"))
    library = os.path.join(workdir.name, "model.so")
    command = [tool("spike-compile"), nir_path, "-o", library, "--target", target,
               "--timesteps", str(conversion.timesteps), "--batch", str(conversion.batch),
               "--dt", repr(float(dt))]
    if target == "cuda":
        command += ["--chip", chip]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise CompileError(run.stderr.strip() or f"spike-compile failed ({run.returncode})")
    if keep is not None:
        os.makedirs(keep, exist_ok=True)
        for name in ("model.nir", "model.so", "model.h"):
            if os.path.exists(os.path.join(workdir.name, name)):
                shutil.copy(os.path.join(workdir.name, name), os.path.join(keep, name))
    compiled = CompiledModule(conversion, library, workdir)
    if threads is not None:
        compiled.num_threads = threads
    return compiled


__all__ = ["CompileError", "CompiledModule", "ConversionError", "compile"]
