# REQUIRES: nir-data
# RUN: %python %s %nir_data %t | FileCheck %s
#
# Norse's LIF neuron (../shared/data/nir/lif_norse.nir) imported, compiled
# into a shared library and run on the input of Norse's own trace
# (lif_norse.csv, 1000 steps of dt = 1e-4 s) reproduces it (SPEC section 5):
# the same spike steps and, through a membrane probe, the voltage within 1e-6.

import os
import subprocess
import sys

import numpy as np

from spike.loader import load

data, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
trace = np.loadtxt(os.path.join(data, "lif_norse.csv"), delimiter=",", dtype=np.float32)
steps = trace.shape[0]
x = trace[:, 0].reshape(steps, 1, 1)
model = os.path.join(data, "lif_norse.nir")

spikes_so = os.path.join(work, "lif.so")
subprocess.run(["spike-compile", model, "-o", spikes_so, "--timesteps", str(steps)], check=True)
spikes = load(spikes_so).run(x)[:, 0, 0]
print("spike steps:", np.flatnonzero(spikes).tolist())
# CHECK: spike steps: [460, 510, 710, 760]
assert np.array_equal(np.flatnonzero(spikes), np.flatnonzero(trace[:, 2]))

probe_mlir = os.path.join(work, "lif-membrane.mlir")
probe_so = os.path.join(work, "lif-membrane.so")
subprocess.run(["spike-import", model, "--timesteps", str(steps), "--membrane-of", "1",
                "-o", probe_mlir], check=True)
subprocess.run(["spike-compile", probe_mlir, "-o", probe_so], check=True)
voltage = load(probe_so).run(x)[:, 0, 0]
error = np.abs(voltage - trace[:, 1]).max()
print(f"largest voltage difference: {error:.1e}")
# CHECK: largest voltage difference: {{[0-9.]+e-(0[7-9]|[1-9][0-9])}}
assert error <= 1e-6, error
print("ok")
# CHECK: ok
