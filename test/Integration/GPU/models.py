# REQUIRES: cuda-device
# RUN: %python %s %t %spike_src_root | FileCheck %s
"""Two whole models compiled for CUDA and for the CPU, run on the same
input: the A2OS2A Spiking Transformer of examples/digits on its 450 test
images, and the paper's cifar-4-384 (random calibrated weights) on random
images. The outputs must agree as scripts/gpu_check.py's MODEL_RULE says:
real-valued sums may add in another order on the GPU, so a membrane within
rounding of its threshold may flip a spike; >= 99 % of the predicted classes
and >= 99 % of the elements (identical or within 1e-4 relative) agree."""

import os
import pathlib
import subprocess
import sys

import numpy as np

import spike
from spike import models

folder = pathlib.Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
compiler = os.environ.get("SPIKE_COMPILE", "spike-compile")
root = pathlib.Path(sys.argv[2])


def compile_both(source, batch):
    libraries = {}
    for target in ("cpu", "cuda"):
        out = folder / f"{source.stem}-b{batch}-{target}.so"
        subprocess.run([compiler, str(source), "--timesteps", "4", "--batch", str(batch),
                        "--target", target, "-o", str(out)], check=True)
        libraries[target] = spike.load(out)
    return libraries


def agree(name, cpu, gpu):
    classes = np.mean(cpu.sum(0).argmax(-1) == gpu.sum(0).argmax(-1))
    close = np.isclose(gpu, cpu, rtol=1e-4, atol=1e-4 * np.abs(cpu).max())
    elements = np.mean((gpu == cpu) | close)
    ok = classes >= 0.99 and elements >= 0.99
    print(f"{name}: {'ok' if ok else 'FAIL'} classes {classes:.4f}, elements {elements:.4f}, "
          f"max |diff| {np.abs(gpu - cpu).max():.3g}")
    return ok


results = []
digits = np.load(root / "examples" / "digits" / "test_split.npz")["images"][:90]
x = np.ascontiguousarray(np.broadcast_to(digits, (4,) + digits.shape), np.float32)
both = compile_both(root / "examples" / "digits" / "a2os2a.nir", 90)
results.append(agree("digits-a2os2a", both["cpu"].run(x), both["cuda"].run(x)))

cifar = folder / "cifar-4-384.nir"
models.export("cifar-4-384", str(cifar))
both = compile_both(cifar, 4)
images = models.random_images("cifar-4-384", 4, seed=7).numpy()
x = np.ascontiguousarray(np.broadcast_to(images, (4,) + images.shape), np.float32)
results.append(agree("cifar-4-384", both["cpu"].run(x), both["cuda"].run(x)))
raise SystemExit(0 if all(results) else 1)

# CHECK: digits-a2os2a: ok
# CHECK: cifar-4-384: ok
